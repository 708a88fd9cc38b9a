import Fluent
import Foundation
import SQLKit
import Vapor

/// The scan the worker runs every hour: a reminder before a milestone or deadline falls due,
/// an urging when a unit has not signed in time or a due date has passed. Each is raised once
/// per order and due date (a unique index makes that hold across instances), recorded as
/// supervision, and sent to the unit; the unit's group robots get one digest per run.
struct SupervisionScan: Sendable {
    let db: any Database

    struct Outcome: Sendable, Equatable {
        var reminders = 0
        var urgings = 0
    }

    @discardableResult
    func run(now: Date = Date(), calendar: WorkCalendar, dueSoonDays: Int) async throws -> Outcome {
        let today = CivilDate(now)
        let cutoff = calendar.dueSoonCutoff(today: today, days: dueSoonDays)
        var outcome = Outcome()
        var perUnit: [Int: (reminders: Int, urgings: Int)] = [:]
        // Reminders: in progress, due between today and the cutoff, not yet reminded for that date.
        let dueSoon = try await candidates("""
            o.status = 'in_progress' AND o.next_due >= \(bind: today.description) AND o.next_due <= \(bind: cutoff.description)
            AND NOT EXISTS (SELECT 1 FROM supervision_records s WHERE s.kind = 'reminder' AND s.order_id = o.id AND s.due_key = o.next_due)
            """, dueKey: "o.next_due")
        for candidate in dueSoon where try await raise(.reminder, candidate, now: now) {
            outcome.reminders += 1
            perUnit[candidate.unitID, default: (0, 0)].reminders += 1
        }
        // Urgings: not signed by the signing day, or a due date passed.
        let unsigned = try await candidates("""
            o.status = 'dispatched' AND o.sign_due < \(bind: today.description)
            AND NOT EXISTS (SELECT 1 FROM supervision_records s WHERE s.kind = 'urge' AND s.order_id = o.id AND s.due_key = 'sign:' || o.sign_due)
            """, dueKey: "'sign:' || o.sign_due")
        let overdue = try await candidates("""
            o.status = 'in_progress' AND o.next_due < \(bind: today.description)
            AND NOT EXISTS (SELECT 1 FROM supervision_records s WHERE s.kind = 'urge' AND s.order_id = o.id AND s.due_key = o.next_due)
            """, dueKey: "o.next_due")
        for candidate in unsigned + overdue where try await raise(.urge, candidate, now: now) {
            outcome.urgings += 1
            perUnit[candidate.unitID, default: (0, 0)].urgings += 1
        }
        try await WebhookNotices.digest(perUnit.mapValues { [String($0.reminders), String($0.urgings)] }, titleKey: "webhook.digest.scan.title",
                                        bodyKey: "webhook.digest.scan.body", link: SiteURL.orders.path, on: db, now: now)
        return outcome
    }

    struct Candidate: Sendable {
        let orderID: Int
        let taskID: Int
        let unitID: Int
        let title: String
        let dueKey: String
    }

    private func candidates(_ condition: SQLQueryString, dueKey: String) async throws -> [Candidate] {
        try await db.sql.raw("""
            SELECT o.id, o.task_id, o.unit_id, t.title, \(unsafeRaw: dueKey) AS due_key FROM work_orders o JOIN tasks t ON t.id = o.task_id
            WHERE o.is_test = \(bind: false) AND \(condition) ORDER BY o.id LIMIT 5000
            """).all().map {
                Candidate(orderID: try $0.decode(column: "id", as: Int.self), taskID: try $0.decode(column: "task_id", as: Int.self),
                          unitID: try $0.decode(column: "unit_id", as: Int.self), title: try $0.decode(column: "title", as: String.self),
                          dueKey: try $0.decode(column: "due_key", as: String.self))
            }
    }

    /// Records and sends one; false when another instance got there first.
    private func raise(_ kind: SupervisionKind, _ candidate: Candidate, now: Date) async throws -> Bool {
        let signing = candidate.dueKey.hasPrefix("sign:")
        let due = signing ? String(candidate.dueKey.dropFirst(5)) : candidate.dueKey
        let messageKey = kind == .reminder ? "reminder" : (signing ? "urgeSign" : "urgeOverdue")
        do {
            try await db.writeTransaction { db in
                let record = SupervisionRecord()
                record.kind = kind
                record.automatic = true
                record.$order.id = candidate.orderID
                record.taskID = candidate.taskID
                record.unitID = candidate.unitID
                record.title = Catalog.text("supervision.auto.\(messageKey).title", .zh, [candidate.title])
                record.content = Catalog.text("supervision.auto.\(messageKey).body", .zh, [candidate.title, due])
                record.status = .recorded
                record.dueKey = candidate.dueKey
                record.issuedAt = now
                try await record.create(on: db)
                try await AuditLog.record(AuditEvent(action: "supervision.auto", entityType: "work_order", entityID: String(candidate.orderID),
                                                     reason: record.content, after: "\(kind.rawValue) #\(record.id!)"), by: .system("supervision"), on: db)
                try await DispatchService.tellUnits([candidate.unitID], titleKey: "supervision.auto.\(messageKey).title",
                                                    bodyKey: "supervision.auto.\(messageKey).body", args: [candidate.title, due],
                                                    link: SiteURL.order(.value(candidate.orderID)).path, robots: false, on: db)
            }
            return true
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return false
        }
    }
}

/// The hourly job that runs the scan.
enum SupervisionJobs {
    static let scan = "supervision.scan"

    static func register(on app: Application) {
        let store = app.workCalendar
        let days = app.config.dueSoonWorkingDays
        app.jobs.register(scan, every: 3600) { context in
            let calendar = try await store.current(on: context.db, now: context.now)
            let outcome = try await SupervisionScan(db: context.db).run(now: context.now, calendar: calendar, dueSoonDays: days)
            if outcome != .init() { context.logger.info("supervision scan: \(outcome.reminders) reminders, \(outcome.urgings) urgings") }
            // A month whose reporting deadline passed: urge the orders that still owe a report.
            let urged = try await DispatchCycleService(db: context.db).urgeAfterDeadlines(now: context.now)
            if urged > 0 { context.logger.info("monthly dispatch: \(urged) orders urged after the deadline") }
        }
    }
}
