import Fluent
import Foundation
import SQLKit
import Vapor

struct ReportInput: Sendable, Codable, Equatable {
    var month: String
    var body: String
    var percent: Int?
    var milestoneID: Int?
    var milestoneMet = false
}

/// A progress report as pages and the review queue show it.
struct ReportRow: Sendable, Codable, Equatable {
    let id: Int
    let orderID: Int
    let taskID: Int
    let taskCode: String
    let taskTitle: String
    let unitID: Int
    let unitName: String
    let month: String
    let body: String
    let percent: Int
    let milestoneTitle: String?
    let milestoneMet: Bool
    let status: String
    let authorName: String
    let comment: String?
    let submittedAt: Date?
    let updatedAt: Date?
    let fileCount: Int
}

/// Progress reports: drafted by the unit, approved by its head, reviewed by the office.
struct ReportService: Sendable {
    let db: any Database

    static let columns: SQLQueryString = """
        r.id, r.order_id, o.task_id, t.code AS task_code, t.title AS task_title, o.unit_id, u.short_name AS unit_name, r.month, r.body,
        r.percent, m.title AS milestone_title, r.milestone_met, r.status, a.display_name AS author_name, r.comment, r.submitted_at, r.updated_at,
        (SELECT COUNT(*) FROM report_files f WHERE f.report_id = r.id) AS file_count
        FROM progress_reports r JOIN work_orders o ON o.id = r.order_id JOIN tasks t ON t.id = o.task_id JOIN units u ON u.id = o.unit_id
        JOIN users a ON a.id = r.author_id LEFT JOIN task_milestones m ON m.id = r.milestone_id
        """

    func reports(ofOrder orderID: Int) async throws -> [ReportRow] {
        try await db.sql.raw("SELECT \(Self.columns) WHERE r.order_id = \(bind: orderID) ORDER BY r.id DESC").all().map(Self.decode)
    }

    /// Reports waiting for the office, oldest first.
    func officeQueue(page: Pagination) async throws -> (rows: [ReportRow], total: Int) {
        let total = try await db.sql.raw("SELECT COUNT(*) AS n FROM progress_reports WHERE status = 'pending_office'").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let rows = try await db.sql.raw("""
            SELECT \(Self.columns) WHERE r.status = 'pending_office' ORDER BY r.submitted_at, r.id LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
            """).all().map(Self.decode)
        return (rows, total)
    }

    /// Reports waiting for a unit head of `unitID`.
    func headQueue(unitID: Int) async throws -> [ReportRow] {
        try await db.sql.raw("""
            SELECT \(Self.columns) WHERE r.status = 'pending_head' AND o.unit_id = \(bind: unitID) ORDER BY r.submitted_at, r.id LIMIT 200
            """).all().map(Self.decode)
    }

    func find(_ id: Int) async throws -> ReportRow? {
        try await db.sql.raw("SELECT \(Self.columns) WHERE r.id = \(bind: id)").first().map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> ReportRow {
        ReportRow(
            id: try row.decode(column: "id", as: Int.self), orderID: try row.decode(column: "order_id", as: Int.self),
            taskID: try row.decode(column: "task_id", as: Int.self), taskCode: try row.decode(column: "task_code", as: String.self),
            taskTitle: try row.decode(column: "task_title", as: String.self), unitID: try row.decode(column: "unit_id", as: Int.self),
            unitName: try row.decode(column: "unit_name", as: String.self), month: try row.decode(column: "month", as: String.self),
            body: try row.decode(column: "body", as: String.self), percent: try row.decode(column: "percent", as: Int.self),
            milestoneTitle: try row.decode(column: "milestone_title", as: String?.self),
            milestoneMet: try row.decode(column: "milestone_met", as: Bool.self), status: try row.decode(column: "status", as: String.self),
            authorName: try row.decode(column: "author_name", as: String.self), comment: try row.decode(column: "comment", as: String?.self),
            submittedAt: try row.decode(column: "submitted_at", as: Date?.self), updatedAt: try row.decode(column: "updated_at", as: Date?.self),
            fileCount: try row.decode(column: "file_count", as: Int.self))
    }

    // MARK: Drafting

    static var monthPattern: Regex<Substring> { /^20[0-9]{2}-(?:0[1-9]|1[0-2])$/ }

    func problems(in input: ReportInput, order: WorkOrder) async throws -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if (try? Self.monthPattern.wholeMatch(in: input.month)) == nil { problems.append(.init(field: "month", key: "report.monthFormat")) }
        let body = input.body.trimmed
        if body.isEmpty { problems.append(.init(field: "body", key: "validation.required")) }
        if body.count > 4000 { problems.append(.init(field: "body", key: "validation.tooLong", args: ["4000"])) }
        if let percent = input.percent {
            if !(0...100).contains(percent) { problems.append(.init(field: "percent", key: "validation.range", args: ["0", "100"])) }
        } else {
            problems.append(.init(field: "percent", key: "validation.required"))
        }
        if let milestoneID = input.milestoneID {
            let ok = try await TaskMilestone.query(on: db).filter(\.$id == milestoneID).filter(\.$task.$id == order.$task.id).count() > 0
            if !ok { problems.append(.init(field: "milestoneID", key: "validation.notFound")) }
        } else if input.milestoneMet {
            problems.append(.init(field: "milestoneID", key: "report.milestoneNeeded"))
        }
        return problems
    }

    /// Saves a draft: a new one, or changes to one still in draft. Only the order's own unit
    /// drafts, and only while the order is in progress.
    func saveDraft(_ input: ReportInput, orderID: Int, reportID: Int?, principal: Principal, actor: AuditActor,
                   files: [File] = [], store: UploadStore? = nil) async throws -> Int {
        guard let order = try await WorkOrder.find(orderID, on: db), let unit = try await Unit.find(order.$unit.id, on: db),
              principal.canSee(unitPath: unit.path) else { throw AppError.notFound }
        guard TaskPolicy.actors(principal, orderUnitID: order.$unit.id).contains(.unitMember) else { throw AppError.forbidden }
        guard order.status == .inProgress else { throw AppError.conflict(key: "report.orderNotInProgress") }
        let problems = try await problems(in: input, order: order)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let evidence = store.map { EvidenceService(db: db, store: $0) }
        let stored = try await evidence?.prepare(files) ?? []
        do {
            return try await write(input, orderID: orderID, reportID: reportID, principal: principal, actor: actor, stored: stored)
        } catch {
            await evidence?.discard(stored)
            throw error
        }
    }

    private func write(_ input: ReportInput, orderID: Int, reportID: Int?, principal: Principal, actor: AuditActor,
                       stored: [StoredEvidence]) async throws -> Int {
        try await db.writeTransaction { db in
            let report: ProgressReport
            if let reportID {
                guard let existing = try await ProgressReport.find(reportID, on: db), existing.$order.id == orderID else { throw AppError.notFound }
                guard existing.status == .draft else { throw AppError.conflict(key: "report.notDraft") }
                report = existing
            } else {
                report = ProgressReport()
                report.$order.id = orderID
                report.status = .draft
                report.$author.id = principal.userID
            }
            report.month = input.month
            report.body = input.body.trimmed
            report.percent = input.percent ?? 0
            report.$milestone.id = input.milestoneID
            report.milestoneMet = input.milestoneMet
            try await report.save(on: db)
            try await EvidenceService.record(stored, reportID: report.id!, userID: principal.userID, on: db)
            try await AuditLog.record(AuditEvent(action: reportID == nil ? "report.create" : "report.update", entityType: "progress_report",
                                                 entityID: String(report.id!), after: AuditLog.snapshot(DraftSnapshot(input: input, files: stored.map {
                                                     "\($0.filename) sha256=\($0.stored.sha256)" }))), by: actor, on: db)
            return report.id!
        }
    }

    private struct DraftSnapshot: Encodable {
        let input: ReportInput
        let files: [String]
    }

    // MARK: Moving

    func perform(_ action: ReportAction, reportID: Int, comment: String, principal: Principal, actor: AuditActor, now: Date = Date()) async throws {
        try await db.writeTransaction { db in
            guard let report = try await ProgressReport.find(reportID, on: db), let order = try await WorkOrder.find(report.$order.id, on: db),
                  let unit = try await Unit.find(order.$unit.id, on: db), principal.canSee(unitPath: unit.path) else { throw AppError.notFound }
            guard let transition = ReportStateMachine.transition(action, from: report.status) else {
                throw AppError.conflict(key: "report.transitionRefused")
            }
            guard TaskPolicy.actors(principal, orderUnitID: order.$unit.id).contains(transition.actor) else { throw AppError.forbidden }
            let comment = String(comment.trimmed.prefix(1000))
            if transition.needsReason, comment.isEmpty { throw AppError.invalid("comment", "common.reasonRequired") }
            // Only an order still being worked on takes new progress.
            if transition.to != .draft, order.status != .inProgress, order.status != .completionRequested {
                throw AppError.conflict(key: "report.orderNotInProgress")
            }
            let before = report.status
            switch action {
            case .submit, .submitAsHead:
                report.submittedAt = now
                if action == .submitAsHead { report.approverID = principal.userID }
            case .approve:
                report.approverID = principal.userID
            case .headReturn, .officeReturn:
                report.comment = comment
                if action == .officeReturn { report.reviewerID = principal.userID; report.reviewedAt = now }
            case .accept:
                report.reviewerID = principal.userID
                report.reviewedAt = now
                if !comment.isEmpty { report.comment = comment }
            }
            report.status = transition.to
            try await report.save(on: db)
            try await AuditLog.record(AuditEvent(action: "report.\(action.rawValue)", entityType: "progress_report", entityID: String(reportID),
                                                 reason: comment, before: before.rawValue, after: transition.to.rawValue), by: actor, on: db)
            if action == .accept { try await Self.takeProgress(from: report, into: order, on: db, now: now) }
            try await Self.notify(action, report: report, order: order, on: db)
        }
    }

    /// An accepted report sets the order's progress and, if it meets its milestone, moves the
    /// order's next due date on; the task tree then rolls up.
    static func takeProgress(from report: ProgressReport, into order: WorkOrder, on db: any Database, now: Date) async throws {
        order.progress = report.percent
        if report.milestoneMet, let milestoneID = report.$milestone.id, let milestone = try await TaskMilestone.find(milestoneID, on: db),
           milestone.seq < TaskMilestone.retiredOffset {
            order.milestonesMet = max(order.milestonesMet, milestone.seq)
        }
        if let task = try await ReformTask.find(order.$task.id, on: db), order.status.isOpen {
            order.nextDue = ProgressRollup.nextDue(milestones: try await TaskService(db: db).milestones(of: task.id!), met: order.milestonesMet,
                                                   deadline: task.deadline)
        }
        try await order.save(on: db)
        try await ProgressRollup.recompute(taskID: order.$task.id, on: db, now: now)
    }

    private static func notify(_ action: ReportAction, report: ProgressReport, order: WorkOrder, on db: any Database) async throws {
        let task = try await ReformTask.find(order.$task.id, on: db)
        let link = SiteURL.order(.value(order.id!)).path
        let args = [task?.title ?? "", report.comment ?? ""]
        let recipients: [Int]
        switch action {
        case .submit:
            recipients = try await Inbox.holders(of: .unitHead, inUnits: [order.$unit.id], on: db)
        case .submitAsHead, .approve:
            recipients = try await Inbox.holders(of: .office, on: db)
        case .headReturn, .officeReturn, .accept:
            recipients = [report.$author.id]
        }
        try await Inbox.notify(recipients, kind: "report.\(action.rawValue)", titleKey: "notice.report.\(action.rawValue).title",
                               bodyKey: "notice.report.\(action.rawValue).body", args: args, link: link, on: db)
    }
}
