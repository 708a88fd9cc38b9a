import Fluent
import Foundation
import SQLKit

/// A suggestion as the office's queue shows it: with the contact, which only the office sees.
struct ModerationRow: Sendable, Equatable {
    let id: Int
    let taskID: Int
    let taskCode: String
    let taskTitle: String
    let name: String?
    let contact: String?
    let body: String
    let status: String
    let reply: String?
    let createdAt: Date?
    let moderatedAt: Date?
    let moderatorName: String?
}

/// The office's side of suggestions: the queue and the decisions, each one audited.
struct SuggestionModeration: Sendable {
    let db: any Database

    static let maxReply = 500

    /// Pending first (the work to do), then newest first.
    func queue(status: SuggestionStatus?, page: Pagination) async throws -> (rows: [ModerationRow], total: Int) {
        let sql = db.sql
        let filter: SQLQueryString = status.map { "WHERE s.status = \(bind: $0.rawValue)" } ?? ""
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM portal_suggestions s \(filter)").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT s.id, s.task_id, t.code AS task_code, t.title AS task_title, s.name, s.contact, s.body, s.status, s.reply, s.created_at,
                   s.moderated_at, u.display_name AS moderator_name
            FROM portal_suggestions s JOIN tasks t ON t.id = s.task_id LEFT JOIN users u ON u.id = s.moderated_by \(filter)
            ORDER BY CASE WHEN s.status = \(bind: SuggestionStatus.pending.rawValue) THEN 0 ELSE 1 END, s.created_at DESC, s.id DESC
            LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
            """).all().map(Self.decode)
        return (rows, total)
    }

    func statusCounts() async throws -> [SuggestionStatus: Int] {
        var counts: [SuggestionStatus: Int] = [:]
        for row in try await db.sql.raw("SELECT status, COUNT(*) AS n FROM portal_suggestions GROUP BY status").all() {
            if let status = SuggestionStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    /// Approves or rejects; the reply is what the public reads under an approved suggestion.
    func moderate(_ id: Int, decision: SuggestionDecision, reply rawReply: String?, moderatorID: Int, by actor: AuditActor,
                  now: Date = Date()) async throws {
        let reply = rawReply?.trimmed.nilIfEmpty
        if let reply, reply.count > Self.maxReply { throw AppError.invalid("reply", "validation.tooLong", String(Self.maxReply)) }
        try await db.writeTransaction { db in
            guard let suggestion = try await PortalSuggestion.find(id, on: db) else { throw AppError.notFound }
            guard let transition = SuggestionStateMachine.transition(decision, from: suggestion.status) else {
                throw AppError.conflict(key: "portal.moderation.refused")
            }
            let before = Snapshot(status: suggestion.status.rawValue, reply: suggestion.reply)
            suggestion.status = transition.to
            suggestion.reply = reply
            suggestion.moderatedBy = moderatorID
            suggestion.moderatedAt = now
            try await suggestion.save(on: db)
            try await AuditLog.record(AuditEvent(action: "suggestion.\(decision.rawValue)", entityType: "portal_suggestion", entityID: String(id),
                                                 before: AuditLog.snapshot(before),
                                                 after: AuditLog.snapshot(Snapshot(status: transition.to.rawValue, reply: reply))),
                                      by: actor, on: db, now: now)
        }
    }

    private struct Snapshot: Encodable {
        let status: String
        let reply: String?
    }

    static func decode(_ row: any SQLRow) throws -> ModerationRow {
        ModerationRow(
            id: try row.decode(column: "id", as: Int.self), taskID: try row.decode(column: "task_id", as: Int.self),
            taskCode: try row.decode(column: "task_code", as: String.self), taskTitle: try row.decode(column: "task_title", as: String.self),
            name: try row.decode(column: "name", as: String?.self), contact: try row.decode(column: "contact", as: String?.self),
            body: try row.decode(column: "body", as: String.self), status: try row.decode(column: "status", as: String.self),
            reply: try row.decode(column: "reply", as: String?.self), createdAt: try row.decode(column: "created_at", as: Date?.self),
            moderatedAt: try row.decode(column: "moderated_at", as: Date?.self), moderatorName: try row.decode(column: "moderator_name", as: String?.self))
    }
}
