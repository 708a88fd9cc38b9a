import Fluent
import Foundation
import SQLKit

/// Visitors' suggestions on the public side: taking one in, and listing the approved ones.
struct SuggestionService: Sendable {
    let db: any Database

    /// Stores a suggestion as pending. 404 when the task is not on the portal, 422 on bad input,
    /// 429 past the address's limit.
    func submit(_ input: SuggestionInput, taskID: Int, address: String, now: Date = Date()) async throws -> Int {
        guard try await isOnPortal(taskID) else { throw AppError.notFound }
        let problems = input.problems
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let hash = SuggestionRateLimit.addressHash(address)
        return try await db.writeTransaction { db in
            try await SuggestionRateLimit.check(addressHash: hash, now: now, on: db)
            let suggestion = PortalSuggestion()
            suggestion.$task.id = taskID
            suggestion.name = input.name
            suggestion.contact = input.contact
            suggestion.body = input.body
            suggestion.status = .pending
            suggestion.addressHash = hash
            suggestion.createdAt = now
            try await suggestion.create(on: db)
            // The audit entry names the task, not the visitor: the contact stays in one place.
            try await AuditLog.record(AuditEvent(action: "suggestion.create", entityType: "portal_suggestion", entityID: String(suggestion.id!),
                                                 after: AuditLog.snapshot(["taskID": taskID])),
                                      by: AuditActor(id: nil, name: "visitor", address: "sha256:" + hash.prefix(16)), on: db, now: now)
            return suggestion.id!
        }
    }

    func isOnPortal(_ taskID: Int) async throws -> Bool {
        try await db.sql.raw("""
            SELECT t.id FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = \(bind: taskID) AND \(PortalVisibility.condition)
            """).first() != nil
    }

    /// What the public sees of a task's suggestions: approved ones only, newest first, without contact.
    func approved(taskID: Int, page: Pagination) async throws -> (rows: [PublicSuggestion], total: Int) {
        let sql = db.sql
        let approved = SuggestionStatus.approved.rawValue
        let total = try await sql.raw("""
            SELECT COUNT(*) AS n FROM portal_suggestions WHERE task_id = \(bind: taskID) AND status = \(bind: approved)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT id, name, body, reply, created_at, moderated_at FROM portal_suggestions
            WHERE task_id = \(bind: taskID) AND status = \(bind: approved)
            ORDER BY created_at DESC, id DESC LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
            """).all().map { row in
            PublicSuggestion(id: try row.decode(column: "id", as: Int.self), name: try row.decode(column: "name", as: String?.self),
                             body: try row.decode(column: "body", as: String.self), reply: try row.decode(column: "reply", as: String?.self),
                             createdAt: try row.decode(column: "created_at", as: Date?.self),
                             repliedAt: try row.decode(column: "moderated_at", as: Date?.self))
        }
        return (rows, total)
    }
}
