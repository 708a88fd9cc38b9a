import Fluent
import Foundation
import SQLKit

/// Copies unit-targeted notices to the units' group robots, one delivery job per active webhook.
enum WebhookNotices {
    /// Runs in the caller's transaction (`db`), so a notice rolled back with its change sends nothing.
    /// The text is Chinese whatever the sender's language: a unit's group is read by all its staff.
    static func enqueue(units unitIDs: [Int], titleKey: String, bodyKey: String, args: [String], link: String,
                        on db: any Database, now: Date = Date()) async throws {
        // Muted history (the demo's past months) must not reach real groups either.
        guard !unitIDs.isEmpty, !Inbox.muted else { return }
        let rows = try await db.sql.raw("""
            SELECT id FROM unit_webhooks WHERE active = \(bind: true) AND unit_id IN (\(binds: Set(unitIDs).sorted())) ORDER BY id
            """).all()
        guard !rows.isEmpty else { return }
        let title = Catalog.text(titleKey, .zh, args)
        let body = Catalog.text(bodyKey, .zh, args)
        let queue = JobQueue(db: db)
        for row in rows {
            let payload = WebhookDelivery.Payload(webhookID: try row.decode(column: "id", as: Int.self), title: title, body: body, link: link)
            try await queue.enqueue(WebhookDelivery.kind, payload: payload, maxAttempts: WebhookDelivery.maxAttempts, now: now)
        }
    }
}
