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

    /// One message per unit for a run that raised notices order by order (the hourly scan, a
    /// month's urging), with that unit's own `args`: a group robot takes about twenty messages a
    /// minute, and one per order would be refused.
    static func digest(_ argsByUnit: [Int: [String]], titleKey: String, bodyKey: String, link: String,
                       on db: any Database, now: Date = Date()) async throws {
        for (unitID, args) in argsByUnit.sorted(by: { $0.key < $1.key }) {
            try await enqueue(units: [unitID], titleKey: titleKey, bodyKey: bodyKey, args: args, link: link, on: db, now: now)
        }
    }
}
