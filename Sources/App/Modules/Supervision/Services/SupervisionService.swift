import Fluent
import Foundation
import SQLKit

/// What the office fills in when it issues supervision by hand.
struct SupervisionInput: Sendable, Codable, Equatable {
    var kind: String
    var content: String
    var replyDue: String?
    var liftCondition: String?
    var addressee: String?
    var meetingDate: String?
    var attendees: String?
    var followUp: String?
}

struct SupervisionRow: Sendable, Codable, Equatable {
    let id: Int
    let kind: String
    let automatic: Bool
    let orderID: Int
    let taskID: Int
    let taskCode: String
    let taskTitle: String
    let unitID: Int
    let unitName: String
    let title: String
    let content: String
    let status: String
    let replyDue: String?
    let reply: String?
    let liftCondition: String?
    let liftReason: String?
    let writtenReport: String?
    let reportStatus: String?
    let reportComment: String?
    let addressee: String?
    let meetingDate: String?
    let attendees: String?
    let followUp: String?
    let issuedAt: Date
    let issuerName: String?
}

struct SupervisionFilter: Sendable {
    var orderID: Int?
    var taskID: Int?
    var unitID: Int?
    var kind: SupervisionKind?
    var status: SupervisionStatus?
    /// Leave out automatic reminders, which are many and say little.
    var manualOnly = false
}

/// Supervision (督办): issuing, replies, red-card reports, lifting cards; every move audited and
/// the people who must act told.
struct SupervisionService: Sendable {
    let db: any Database

    static let manualKinds: [SupervisionKind] = [.urge, .sheet, .notice, .yellowCard, .redCard, .interview]

    // MARK: Reading

    static let columns: SQLQueryString = """
        s.id, s.kind, s.automatic, s.order_id, s.task_id, t.code AS task_code, t.title AS task_title, s.unit_id, u.short_name AS unit_name,
        s.title, s.content, s.status, s.reply_due, s.reply, s.lift_condition, s.lift_reason, s.written_report, s.report_status, s.report_comment,
        s.addressee, s.meeting_date, s.attendees, s.follow_up, s.issued_at, i.display_name AS issuer_name
        FROM supervision_records s JOIN tasks t ON t.id = s.task_id JOIN units u ON u.id = s.unit_id LEFT JOIN users i ON i.id = s.issued_by
        """

    func list(for principal: Principal, filter: SupervisionFilter, page: Pagination) async throws -> (rows: [SupervisionRow], total: Int) {
        var conditions: [SQLQueryString] = []
        if let scope = principal.scopePath { conditions.append("u.path LIKE \(bind: scope + "%")") }
        if let orderID = filter.orderID { conditions.append("s.order_id = \(bind: orderID)") }
        if let taskID = filter.taskID { conditions.append("s.task_id = \(bind: taskID)") }
        if let unitID = filter.unitID { conditions.append("s.unit_id = \(bind: unitID)") }
        if let kind = filter.kind { conditions.append("s.kind = \(bind: kind.rawValue)") }
        if let status = filter.status { conditions.append("s.status = \(bind: status.rawValue)") }
        if filter.manualOnly { conditions.append("s.kind <> 'reminder'") }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = try await db.sql.raw("""
            SELECT COUNT(*) AS n FROM supervision_records s JOIN units u ON u.id = s.unit_id \(whereClause)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await db.sql.raw("""
            SELECT \(Self.columns) \(whereClause) ORDER BY s.issued_at DESC, s.id DESC LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
            """).all().map(Self.decode)
        return (rows, total)
    }

    func find(_ id: Int, for principal: Principal) async throws -> SupervisionRow? {
        var conditions: [SQLQueryString] = ["s.id = \(bind: id)"]
        if let scope = principal.scopePath { conditions.append("u.path LIKE \(bind: scope + "%")") }
        return try await db.sql.raw("SELECT \(Self.columns) WHERE \(conditions.joined(separator: " AND "))").first().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> SupervisionRow {
        SupervisionRow(
            id: try row.decode(column: "id", as: Int.self), kind: try row.decode(column: "kind", as: String.self),
            automatic: try row.decode(column: "automatic", as: Bool.self), orderID: try row.decode(column: "order_id", as: Int.self),
            taskID: try row.decode(column: "task_id", as: Int.self), taskCode: try row.decode(column: "task_code", as: String.self),
            taskTitle: try row.decode(column: "task_title", as: String.self), unitID: try row.decode(column: "unit_id", as: Int.self),
            unitName: try row.decode(column: "unit_name", as: String.self), title: try row.decode(column: "title", as: String.self),
            content: try row.decode(column: "content", as: String.self), status: try row.decode(column: "status", as: String.self),
            replyDue: try row.decode(column: "reply_due", as: String?.self), reply: try row.decode(column: "reply", as: String?.self),
            liftCondition: try row.decode(column: "lift_condition", as: String?.self), liftReason: try row.decode(column: "lift_reason", as: String?.self),
            writtenReport: try row.decode(column: "written_report", as: String?.self),
            reportStatus: try row.decode(column: "report_status", as: String?.self),
            reportComment: try row.decode(column: "report_comment", as: String?.self), addressee: try row.decode(column: "addressee", as: String?.self),
            meetingDate: try row.decode(column: "meeting_date", as: String?.self), attendees: try row.decode(column: "attendees", as: String?.self),
            followUp: try row.decode(column: "follow_up", as: String?.self), issuedAt: try row.decode(column: "issued_at", as: Date.self),
            issuerName: try row.decode(column: "issuer_name", as: String?.self))
    }

    // MARK: Issuing

    func problems(in input: SupervisionInput, today: CivilDate) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        guard let kind = SupervisionKind(rawValue: input.kind), Self.manualKinds.contains(kind) else {
            return [.init(field: "kind", key: "validation.invalidChoice")]
        }
        let content = input.content.trimmed
        if content.isEmpty { problems.append(.init(field: "content", key: "validation.required")) }
        if content.count > 4000 { problems.append(.init(field: "content", key: "validation.tooLong", args: ["4000"])) }
        if kind.needsReply {
            if let due = input.replyDue.flatMap(CivilDate.init) {
                if due < today { problems.append(.init(field: "replyDue", key: "supervision.replyDuePast")) }
            } else {
                problems.append(.init(field: "replyDue", key: "validation.date"))
            }
        }
        if kind.isCard, (input.liftCondition ?? "").trimmedSpaces.isEmpty {
            problems.append(.init(field: "liftCondition", key: "validation.required"))
        }
        if kind == .notice, !["unit", "leader"].contains(input.addressee ?? "") { problems.append(.init(field: "addressee", key: "validation.invalidChoice")) }
        if kind == .interview {
            if input.meetingDate.flatMap(CivilDate.init) == nil { problems.append(.init(field: "meetingDate", key: "validation.date")) }
            if (input.attendees ?? "").trimmedSpaces.isEmpty { problems.append(.init(field: "attendees", key: "validation.required")) }
        }
        for (field, value) in [("liftCondition", input.liftCondition), ("attendees", input.attendees), ("followUp", input.followUp)] {
            if (value ?? "").count > 1000 { problems.append(.init(field: field, key: "validation.tooLong", args: ["1000"])) }
        }
        return problems
    }

    /// The office issues supervision on an order.
    func issue(_ input: SupervisionInput, orderID: Int, principal: Principal, actor: AuditActor, now: Date = Date()) async throws -> Int {
        guard principal.has(.office) else { throw AppError.forbidden }
        guard let order = try await WorkOrder.find(orderID, on: db) else { throw AppError.notFound }
        let problems = problems(in: input, today: CivilDate(now))
        guard problems.isEmpty, let kind = SupervisionKind(rawValue: input.kind) else { throw AppError.validation(problems) }
        return try await db.writeTransaction { db in
            guard let task = try await ReformTask.find(order.$task.id, on: db) else { throw AppError.notFound }
            let record = SupervisionRecord()
            record.kind = kind
            record.automatic = false
            record.$order.id = orderID
            record.taskID = task.id!
            record.unitID = order.$unit.id
            record.title = Catalog.text(kind.labelKey, .zh) + "：" + task.title
            record.content = input.content.trimmed
            record.status = SupervisionStateMachine.initialStatus(kind)
            record.replyDue = kind.needsReply ? input.replyDue.flatMap(CivilDate.init)?.description : nil
            record.liftCondition = kind.isCard ? input.liftCondition?.trimmed : nil
            record.reportStatus = kind == .redCard ? .draft : nil
            record.addressee = kind == .notice ? input.addressee : nil
            if kind == .interview {
                record.meetingDate = input.meetingDate.flatMap(CivilDate.init)?.description
                record.attendees = input.attendees?.trimmed
                record.followUp = input.followUp?.trimmed
            }
            record.issuedBy = principal.userID
            record.issuedAt = now
            try await record.create(on: db)
            try await AuditLog.record(AuditEvent(action: "supervision.issue", entityType: "work_order", entityID: String(orderID),
                                                 reason: record.content, after: "\(kind.rawValue) #\(record.id!)"), by: actor, on: db)
            try await DispatchService.tellUnits([order.$unit.id], titleKey: "notice.supervision.\(kind.rawValue).title",
                                                bodyKey: "notice.supervision.\(kind.rawValue).body", args: [task.title, record.content],
                                                link: SiteURL.supervision(.value(record.id!)).path, on: db)
            return record.id!
        }
    }

    // MARK: Moving

    private func load(_ id: Int, principal: Principal, on db: any Database) async throws -> SupervisionRecord {
        guard let record = try await SupervisionRecord.find(id, on: db), let unit = try await Unit.find(record.unitID, on: db),
              principal.canSee(unitPath: unit.path) else { throw AppError.notFound }
        return record
    }

    /// Replies to sheets and letters, lifting of cards.
    func perform(_ action: SupervisionAction, recordID: Int, text: String, principal: Principal, actor: AuditActor, now: Date = Date()) async throws {
        try await db.writeTransaction { db in
            let record = try await load(recordID, principal: principal, on: db)
            guard let transition = SupervisionStateMachine.transition(action, kind: record.kind, from: record.status) else {
                throw AppError.conflict(key: "supervision.transitionRefused")
            }
            guard TaskPolicy.actors(principal, orderUnitID: record.unitID).contains(transition.actor) else { throw AppError.forbidden }
            let text = String(text.trimmed.prefix(4000))
            if text.isEmpty { throw AppError.invalid("text", "validation.required") }
            if action == .lift, record.kind == .redCard, record.reportStatus != .accepted {
                throw AppError.conflict(key: "supervision.redCardNeedsReport")
            }
            let before = record.status
            switch action {
            case .reply:
                record.reply = text
                record.repliedAt = now
            case .lift:
                record.liftReason = text
                record.liftedAt = now
            }
            record.status = transition.to
            try await record.save(on: db)
            try await AuditLog.record(AuditEvent(action: "supervision.\(action.rawValue)", entityType: "supervision", entityID: String(recordID),
                                                 reason: text, before: before.rawValue, after: transition.to.rawValue), by: actor, on: db)
            let title = try await ReformTask.find(record.taskID, on: db)?.title ?? ""
            let link = SiteURL.supervision(.value(recordID)).path
            if action == .reply {
                try await Inbox.notify(try await Inbox.holders(of: .office, on: db), kind: "supervision.reply", titleKey: "notice.supervision.reply.title",
                                       bodyKey: "notice.supervision.reply.body", args: [title, text], link: link, on: db)
            } else {
                try await DispatchService.tellUnits([record.unitID], titleKey: "notice.supervision.lift.title", bodyKey: "notice.supervision.lift.body",
                                                    args: [title, text], link: link, on: db)
            }
        }
    }

    /// The red card's written report (书面报告): drafted by the unit.
    func saveWrittenReport(_ text: String, recordID: Int, principal: Principal, actor: AuditActor) async throws {
        try await db.writeTransaction { db in
            let record = try await load(recordID, principal: principal, on: db)
            guard record.kind == .redCard, record.status == .open else { throw AppError.conflict(key: "supervision.transitionRefused") }
            guard TaskPolicy.actors(principal, orderUnitID: record.unitID).contains(.unitMember) else { throw AppError.forbidden }
            guard record.reportStatus == .draft else { throw AppError.conflict(key: "report.notDraft") }
            let body = text.trimmed
            if body.isEmpty { throw AppError.invalid("writtenReport", "validation.required") }
            if body.count > 8000 { throw AppError.invalid("writtenReport", "validation.tooLong", "8000") }
            record.writtenReport = body
            try await record.save(on: db)
            try await AuditLog.record(AuditEvent(action: "supervision.writtenReport", entityType: "supervision", entityID: String(recordID),
                                                 after: body), by: actor, on: db)
        }
    }

    /// Moves the written report: submit, head approval, office review; the same table as progress reports.
    func reportAction(_ action: ReportAction, recordID: Int, comment: String, principal: Principal, actor: AuditActor) async throws {
        try await db.writeTransaction { db in
            let record = try await load(recordID, principal: principal, on: db)
            guard record.kind == .redCard, record.status == .open, let status = record.reportStatus,
                  let transition = ReportStateMachine.transition(action, from: status) else { throw AppError.conflict(key: "supervision.transitionRefused") }
            guard TaskPolicy.actors(principal, orderUnitID: record.unitID).contains(transition.actor) else { throw AppError.forbidden }
            if (action == .submit || action == .submitAsHead), (record.writtenReport ?? "").isEmpty {
                throw AppError.conflict(key: "supervision.reportEmpty")
            }
            let comment = String(comment.trimmed.prefix(1000))
            if transition.needsReason, comment.isEmpty { throw AppError.invalid("reason", "common.reasonRequired") }
            if transition.needsReason || !comment.isEmpty { record.reportComment = comment }
            record.reportStatus = transition.to
            try await record.save(on: db)
            try await AuditLog.record(AuditEvent(action: "supervision.report.\(action.rawValue)", entityType: "supervision", entityID: String(recordID),
                                                 reason: comment, before: status.rawValue, after: transition.to.rawValue), by: actor, on: db)
            let title = try await ReformTask.find(record.taskID, on: db)?.title ?? ""
            let link = SiteURL.supervision(.value(recordID)).path
            switch action {
            case .submit:
                try await Inbox.notify(try await Inbox.holders(of: .unitHead, inUnits: [record.unitID], on: db), kind: "supervision.report",
                                       titleKey: "notice.redCardReport.head.title", bodyKey: "notice.redCardReport.head.body", args: [title], link: link, on: db)
            case .submitAsHead, .approve:
                try await Inbox.notify(try await Inbox.holders(of: .office, on: db), kind: "supervision.report",
                                       titleKey: "notice.redCardReport.office.title", bodyKey: "notice.redCardReport.office.body", args: [title], link: link, on: db)
            case .headReturn, .officeReturn, .accept:
                try await DispatchService.tellUnits([record.unitID], titleKey: "notice.redCardReport.\(action.rawValue).title",
                                                    bodyKey: "notice.redCardReport.\(action.rawValue).body", args: [title, comment], link: link, on: db)
            }
        }
    }
}
