import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Hands out the current working-day calendar: the shipped schedule plus the administrators'
/// entries. It is cached per instance and re-read after `maxAge`, so an edit made on one
/// instance reaches the others within a minute; the instance that made it reloads at once.
final class WorkCalendarStore: Sendable {
    private let cached = NIOLockedValueBox<(calendar: WorkCalendar, loadedAt: Date)?>(nil)
    let maxAge: TimeInterval

    init(maxAge: TimeInterval = 60) { self.maxAge = maxAge }

    func current(on db: any Database, now: Date = Date()) async throws -> WorkCalendar {
        if let hit = cached.withLockedValue({ $0 }), now.timeIntervalSince(hit.loadedAt) < maxAge { return hit.calendar }
        let calendar = try await Self.load(on: db)
        cached.withLockedValue { $0 = (calendar, now) }
        return calendar
    }

    func invalidate() { cached.withLockedValue { $0 = nil } }

    static func load(on db: any Database) async throws -> WorkCalendar {
        let rows = try await db.sql.raw("SELECT day, kind, name FROM calendar_days").all()
        let local = try rows.compactMap { row -> WorkCalendar.Entry? in
            guard let date = CivilDate(try row.decode(column: "day", as: String.self)),
                  let kind = WorkCalendar.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return WorkCalendar.Entry(date: date, kind: kind, name: try row.decode(column: "name", as: String.self), isLocal: true)
        }
        return WorkCalendar(entries: shipped + local)
    }

    /// The schedule generated from `chinese-calendar` by `scripts/gen_work_calendar.py`.
    static let shipped: [WorkCalendar.Entry] = {
        guard let url = Bundle.module.url(forResource: "work-calendar", withExtension: "tsv", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return parse(text)
    }()

    static func parse(_ text: String) -> [WorkCalendar.Entry] {
        text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3, let date = CivilDate(String(fields[0])), let kind = WorkCalendar.Kind(rawValue: String(fields[1])) else { return nil }
            return WorkCalendar.Entry(date: date, kind: kind, name: String(fields[2]), isLocal: false)
        }
    }
}

extension Application {
    private struct WorkCalendarKey: StorageKey { typealias Value = WorkCalendarStore }

    var workCalendar: WorkCalendarStore {
        get {
            guard let store = storage[WorkCalendarKey.self] else { fatalError("configure(_:) sets the work calendar") }
            return store
        }
        set { storage[WorkCalendarKey.self] = newValue }
    }
}

extension Request {
    func workCalendar() async throws -> WorkCalendar { try await application.workCalendar.current(on: db) }
}
