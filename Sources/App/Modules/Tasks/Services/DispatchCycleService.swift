import Fluent
import Foundation
import SQLKit

struct CycleRow: Sendable, Codable, Equatable {
    let id: Int
    let planID: Int
    let month: String
    let status: String
    let deadline: String
    let openedAt: Date
    let publishedAt: Date?
    let note: String
}

/// One unit's reporting for a month: how many open orders owe a report, how many have one.
struct CycleUnitProgress: Sendable, Codable, Equatable {
    let unitID: Int
    let unitName: String
    let owed: Int
    let reported: Int
    let accepted: Int
    var missing: Int { owed - reported }
}

/// Monthly dispatch (月调度): open a month's reporting window, urge who has not reported,
/// close it for review, publish it with a frozen snapshot and bulletin.
struct DispatchCycleService: Sendable {
    let db: any Database

    static var monthPattern: Regex<Substring> { /^20[0-9]{2}-(?:0[1-9]|1[0-2])$/ }

    func cycles(planID: Int) async throws -> [CycleRow] {
        try await DispatchCycle.query(on: db).filter(\.$plan.$id == planID).sort(\.$month, .descending).all().map(Self.row)
    }

    func find(_ id: Int) async throws -> CycleRow? {
        try await DispatchCycle.find(id, on: db).map(Self.row)
    }

    static func row(_ cycle: DispatchCycle) -> CycleRow {
        CycleRow(id: cycle.id!, planID: cycle.$plan.id, month: cycle.month, status: cycle.status.rawValue, deadline: cycle.deadline,
                 openedAt: cycle.openedAt, publishedAt: cycle.publishedAt, note: cycle.note)
    }

    /// The instant a Beijing day ends.
    static func endOfDay(_ day: CivilDate) -> Date {
        day.adding(days: 1).startInChina
    }

    /// Orders that owe a report for a month: signed, still being worked on, not test rows.
    private static let owingOrders: SQLQueryString = """
        o.is_test = false AND o.status IN ('in_progress', 'completion_requested')
        """

    func open(planID: Int, month: String, deadline: String, note: String, by actor: AuditActor, now: Date = Date()) async throws -> Int {
        var problems: [FieldProblem] = []
        if (try? Self.monthPattern.wholeMatch(in: month)) == nil { problems.append(.init(field: "month", key: "report.monthFormat")) }
        let day = CivilDate(deadline)
        if day == nil { problems.append(.init(field: "deadline", key: "validation.date")) }
        if let day, day < CivilDate(now) { problems.append(.init(field: "deadline", key: "cycle.deadlinePast")) }
        if note.count > 2000 { problems.append(.init(field: "note", key: "validation.tooLong", args: ["2000"])) }
        guard problems.isEmpty, let day else { throw AppError.validation(problems) }
        return try await db.writeTransaction { db in
            guard try await Plan.find(planID, on: db) != nil else { throw AppError.notFound }
            if try await DispatchCycle.query(on: db).filter(\.$plan.$id == planID).filter(\.$month == month).count() > 0 {
                throw AppError.invalid("month", "cycle.monthExists", month)
            }
            if try await DispatchCycle.query(on: db).filter(\.$plan.$id == planID).filter(\.$status == .open).count() > 0 {
                throw AppError.invalid("month", "cycle.anotherOpen")
            }
            let cycle = DispatchCycle()
            cycle.$plan.id = planID
            cycle.month = month
            cycle.status = .open
            cycle.deadline = day.description
            cycle.deadlineAt = Self.endOfDay(day)
            cycle.openedAt = now
            cycle.note = note.trimmed
            try await cycle.create(on: db)
            try await AuditLog.record(AuditEvent(action: "cycle.open", entityType: "dispatch_cycle", entityID: String(cycle.id!),
                                                 after: "\(month) deadline \(day)"), by: actor, on: db)
            let units = try await db.sql.raw("""
                SELECT DISTINCT o.unit_id FROM work_orders o WHERE o.plan_id = \(bind: planID) AND \(Self.owingOrders)
                """).all().map { try $0.decode(column: "unit_id", as: Int.self) }
            try await DispatchService.tellUnits(units, titleKey: "notice.cycleOpened.title", bodyKey: "notice.cycleOpened.body",
                                                args: [month, day.description], link: SiteURL.orders.with([("box", "to_report")]), on: db)
            return cycle.id!
        }
    }

    /// Per unit: orders owing this month's report, and those reported (submitted) and accepted.
    func progress(of cycle: CycleRow, scope: String? = nil) async throws -> [CycleUnitProgress] {
        let scopeCondition: SQLQueryString = scope.map { "AND u.path LIKE \(bind: $0 + "%")" } ?? ""
        return try await db.sql.raw("""
            SELECT o.unit_id, u.short_name, COUNT(*) AS owed,
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM progress_reports p WHERE p.order_id = o.id AND p.month = \(bind: cycle.month)
                                         AND p.submitted_at IS NOT NULL) THEN 1 ELSE 0 END) AS reported,
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM progress_reports p WHERE p.order_id = o.id AND p.month = \(bind: cycle.month)
                                         AND p.status = 'accepted') THEN 1 ELSE 0 END) AS accepted
            FROM work_orders o JOIN units u ON u.id = o.unit_id
            WHERE o.plan_id = \(bind: cycle.planID) AND \(Self.owingOrders) \(scopeCondition)
            GROUP BY o.unit_id, u.short_name, u.path ORDER BY u.path
            """).all().map {
                CycleUnitProgress(unitID: try $0.decode(column: "unit_id", as: Int.self), unitName: try $0.decode(column: "short_name", as: String.self),
                                  owed: try $0.decode(column: "owed", as: Int.self), reported: try $0.decode(column: "reported", as: Int?.self) ?? 0,
                                  accepted: try $0.decode(column: "accepted", as: Int?.self) ?? 0)
            }
    }

    /// Urges every order that still owes this month's report; each order once per month.
    @discardableResult
    func urgeMissing(cycleID: Int, by actor: AuditActor, now: Date = Date()) async throws -> Int {
        guard let cycle = try await DispatchCycle.find(cycleID, on: db) else { throw AppError.notFound }
        guard cycle.status == .open else { throw AppError.conflict(key: "cycle.notOpen") }
        let missing = try await db.sql.raw("""
            SELECT o.id, o.task_id, o.unit_id, t.title FROM work_orders o JOIN tasks t ON t.id = o.task_id
            WHERE o.plan_id = \(bind: cycle.$plan.id) AND \(Self.owingOrders)
              AND NOT EXISTS (SELECT 1 FROM progress_reports p WHERE p.order_id = o.id AND p.month = \(bind: cycle.month) AND p.submitted_at IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM supervision_records s WHERE s.kind = 'urge' AND s.order_id = o.id AND s.due_key = \(bind: "month:" + cycle.month))
            ORDER BY o.id
            """).all()
        var urged = 0
        var perUnit: [Int: Int] = [:]
        for row in missing {
            let orderID = try row.decode(column: "id", as: Int.self)
            let unitID = try row.decode(column: "unit_id", as: Int.self)
            let title = try row.decode(column: "title", as: String.self)
            do {
                try await db.writeTransaction { db in
                    let record = SupervisionRecord()
                    record.kind = .urge
                    record.automatic = actor.id == nil
                    record.$order.id = orderID
                    record.taskID = try row.decode(column: "task_id", as: Int.self)
                    record.unitID = unitID
                    record.title = Catalog.text("cycle.urge.title", .zh, [cycle.month])
                    record.content = Catalog.text("cycle.urge.body", .zh, [title, cycle.month, cycle.deadline])
                    record.status = .recorded
                    record.dueKey = "month:" + cycle.month
                    record.issuedBy = actor.id
                    record.issuedAt = now
                    try await record.create(on: db)
                    try await AuditLog.record(AuditEvent(action: "cycle.urge", entityType: "work_order", entityID: String(orderID),
                                                         reason: record.content), by: actor, on: db)
                    try await DispatchService.tellUnits([unitID], titleKey: "cycle.urge.title", bodyKey: "cycle.urge.body",
                                                        args: [title, cycle.month, cycle.deadline], link: SiteURL.order(.value(orderID)).path,
                                                        robots: false, on: db)
                }
                urged += 1
                perUnit[unitID, default: 0] += 1
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue
            }
        }
        try await WebhookNotices.digest(perUnit.mapValues { [String($0), cycle.month, cycle.deadline] }, titleKey: "webhook.digest.cycle.title",
                                        bodyKey: "webhook.digest.cycle.body", link: SiteURL.orders.path, on: db, now: now)
        return urged
    }

    /// Past the deadline of an open month, the hourly job urges who has not reported.
    func urgeAfterDeadlines(now: Date = Date()) async throws -> Int {
        let due = try await DispatchCycle.query(on: db).filter(\.$status == .open).filter(\.$deadlineAt < now).all()
        var urged = 0
        for cycle in due { urged += try await urgeMissing(cycleID: cycle.id!, by: .system("dispatch"), now: now) }
        return urged
    }

    func perform(_ action: CycleAction, cycleID: Int, note: String = "", deadline: String? = nil, by actor: AuditActor, clock: TaskClock) async throws {
        try await db.writeTransaction { db in
            guard let cycle = try await DispatchCycle.find(cycleID, on: db) else { throw AppError.notFound }
            guard let transition = CycleStateMachine.transition(action, from: cycle.status) else { throw AppError.conflict(key: "cycle.transitionRefused") }
            let before = cycle.status
            switch action {
            case .close:
                cycle.closedAt = clock.now
                try await CycleReporting.freeze(cycleID: cycleID, on: db)
            case .reopen:
                guard let day = deadline.flatMap(CivilDate.init), day >= clock.today else { throw AppError.invalid("deadline", "cycle.deadlinePast") }
                cycle.deadline = day.description
                cycle.deadlineAt = Self.endOfDay(day)
                cycle.closedAt = nil
                try await CycleReporting.thaw(cycleID: cycleID, on: db)
            case .publish:
                if !note.isEmpty { cycle.note = String(note.prefix(2000)) }
                let snapshot = try await MonthSnapshotBuilder(db: db).build(cycle: cycle, clock: clock)
                cycle.snapshot = String(decoding: try JSONEncoder.snapshot.encode(snapshot), as: UTF8.self)
                cycle.publishedAt = clock.now
                try await MonthSnapshotBuilder(db: db).publishTaskProgress(cycle: cycle, clock: clock)
            }
            cycle.status = transition.to
            try await cycle.save(on: db)
            try await AuditLog.record(AuditEvent(action: "cycle.\(action.rawValue)", entityType: "dispatch_cycle", entityID: String(cycleID),
                                                 reason: note, before: before.rawValue, after: transition.to.rawValue), by: actor, on: db)
        }
    }

    func snapshot(of cycleID: Int) async throws -> MonthSnapshot? {
        guard let text = try await DispatchCycle.find(cycleID, on: db)?.snapshot else { return nil }
        return try JSONDecoder.snapshot.decode(MonthSnapshot.self, from: Data(text.utf8))
    }
}

extension JSONEncoder {
    /// Stable output for stored snapshots.
    static var snapshot: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    static var snapshot: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
