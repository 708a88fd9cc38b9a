import Fluent
import Foundation

/// Administrators' changes to the working-day calendar, e.g. next year's holiday schedule.
struct CalendarService: Sendable {
    let db: any Database

    struct Input: Sendable, Codable {
        var from: String
        var to: String?
        var kind: String
        var name: String
    }

    static let maxRange = 31

    /// Sets every day from `from` to `to` (inclusive) to `kind`, replacing earlier entries of the
    /// administrators for those days. Returns the number of days written.
    func set(_ input: Input, by actor: AuditActor, now: Date = Date()) async throws -> Int {
        var problems: [FieldProblem] = []
        let from = CivilDate(input.from)
        let to = input.to.flatMap { $0.isEmpty ? nil : $0 }.map { CivilDate($0) } ?? from
        if from == nil { problems.append(.init(field: "from", key: input.from.isEmpty ? "validation.required" : "validation.date")) }
        if to == nil { problems.append(.init(field: "to", key: "validation.date")) }
        if let from, let to, to < from { problems.append(.init(field: "to", key: "calendar.rangeBackwards")) }
        if let from, let to, to.dayNumber - from.dayNumber >= Self.maxRange { problems.append(.init(field: "to", key: "calendar.rangeTooLong", args: [String(Self.maxRange)])) }
        if WorkCalendar.Kind(rawValue: input.kind) == nil { problems.append(.init(field: "kind", key: "validation.invalidChoice")) }
        let name = input.name.trimmedSpaces
        if name.isEmpty { problems.append(.init(field: "name", key: "validation.required")) }
        if name.count > 50 { problems.append(.init(field: "name", key: "validation.tooLong", args: ["50"])) }
        guard problems.isEmpty, let from, let to else { throw AppError.validation(problems) }
        let days = (0...(to.dayNumber - from.dayNumber)).map { from.adding(days: $0).description }
        try await db.writeTransaction { db in
            try await CalendarDay.query(on: db).filter(\.$day ~~ days).delete()
            for day in days {
                let row = CalendarDay()
                row.day = day
                row.kind = input.kind
                row.name = name
                row.updatedBy = actor.id
                row.updatedAt = now
                try await row.create(on: db)
            }
            try await AuditLog.record(AuditEvent(action: "calendar.set", entityType: "calendar", entityID: days.first! + "…" + days.last!,
                                                 after: AuditLog.snapshot(input)), by: actor, on: db)
        }
        return days.count
    }

    /// Removes an administrator's entry; the shipped schedule (if any) applies to that day again.
    func delete(_ id: Int, by actor: AuditActor) async throws {
        try await db.writeTransaction { db in
            guard let row = try await CalendarDay.find(id, on: db) else { throw AppError.notFound }
            try await row.delete(on: db)
            try await AuditLog.record(AuditEvent(action: "calendar.delete", entityType: "calendar", entityID: row.day,
                                                 before: "\(row.kind) \(row.name)"), by: actor, on: db)
        }
    }

    func localEntries(year: Int) async throws -> [CalendarDay] {
        try await CalendarDay.query(on: db).filter(\.$day >= String(format: "%04d-01-01", year)).filter(\.$day <= String(format: "%04d-12-31", year))
            .sort(\.$day).all()
    }
}
