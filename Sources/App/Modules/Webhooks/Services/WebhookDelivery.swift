import Fluent
import Foundation
import SQLKit
import Vapor

/// The background job that posts one message to one webhook. A refused or failed post is
/// recorded on the webhook and thrown, so the job queue retries it with backoff.
enum WebhookDelivery {
    static let kind = "webhook.deliver"
    static let maxAttempts = 5

    /// `link` is a path in the app; it becomes absolute when sent, with the base URL of that moment.
    struct Payload: Codable, Sendable, Equatable {
        let webhookID: Int
        let title: String
        let body: String
        let link: String
    }

    /// Thrown for a failed attempt; its text is what the job page and the log show, credentials removed.
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    static func register(on app: Application) {
        // Weak: the runner lives in the app's storage, and a strong capture would keep every app alive.
        app.jobs.register(kind) { [weak app] context in
            guard let app else { throw Failed(description: "the application is shutting down") }
            try await deliver(try context.decode(Payload.self), on: context.db, transport: app.webhookTransport, baseURL: app.config.baseURL)
        }
    }

    static func deliver(_ payload: Payload, on db: any Database, transport: any WebhookTransport, baseURL: String, now: Date = Date()) async throws {
        // Removed or switched off since the notice: nothing to send, and nothing to retry.
        guard let hook = try await UnitWebhook.find(payload.webhookID, on: db), hook.active else { return }
        let message = RobotMessage(title: payload.title, body: payload.body, link: SiteURL.absolute(payload.link, base: baseURL),
                                   linkLabel: Catalog.text("webhook.viewLink", .zh))
        var url = hook.url
        if hook.kind == .dingtalk, let secret = hook.secret, !secret.isEmpty {
            url = DingTalkSigning.signedURL(url, secret: secret, now: now)
        }
        let problem: String?
        do {
            let response = try await transport.post(url: url, json: RobotPayload.json(message, kind: hook.kind))
            problem = RobotReply.problem(status: response.status, body: response.body)
        } catch {
            problem = "network: \(String(describing: error))"
        }
        guard let problem else {
            try await db.sql.raw("""
                UPDATE unit_webhooks SET last_status = \(bind: WebhookStatus.ok), last_sent_at = \(bind: now) WHERE id = \(bind: payload.webhookID)
                """).run()
            return
        }
        let cleaned = WebhookMasking.scrub(problem, url: hook.url, secret: hook.secret)
        try await db.sql.raw("""
            UPDATE unit_webhooks SET last_status = \(bind: WebhookStatus.failed), last_error = \(bind: cleaned) WHERE id = \(bind: payload.webhookID)
            """).run()
        throw Failed(description: "webhook \(payload.webhookID): \(cleaned)")
    }
}
