import Fluent
import Foundation
import SQLKit

/// What a unit head types to register a robot. The secret is read once and never echoed.
struct WebhookInput: Sendable {
    var kind: String
    var name: String
    var url: String
    var secret: String?
}

/// A webhook as the unit's page shows it: credentials already masked.
struct WebhookRow: Sendable {
    let id: Int
    let kind: String
    let name: String
    let maskedURL: String
    let hasSecret: Bool
    let active: Bool
    let createdAt: Date
    let lastStatus: String?
    let lastError: String?
    let lastSentAt: Date?
}

/// Registering, listing and switching a unit's robots. Every call first checks the unit is the
/// caller's to manage; anything else is "not found", so a unit head cannot probe other units.
struct WebhookService: Sendable {
    let db: any Database
    let rules: WebhookURLRules

    /// A unit may not drown its group (and the job queue) in copies of every notice.
    static let maxPerUnit = 10
    static let maxName = 50
    static let maxSecret = 200

    func unit(_ id: Int, for principal: Principal) async throws -> UnitRow {
        guard WebhookPolicy.canManage(unitID: id, principal), let unit = try await UnitService(db: db).find(id, for: principal) else {
            throw AppError.notFound
        }
        return unit
    }

    func list(unitID: Int) async throws -> [WebhookRow] {
        try await db.sql.raw("""
            SELECT id, kind, name, url, secret, active, created_at, last_status, last_error, last_sent_at
            FROM unit_webhooks WHERE unit_id = \(bind: unitID) ORDER BY id
            """).all().map { row in
            let secret = try row.decode(column: "secret", as: String?.self)
            return WebhookRow(id: try row.decode(column: "id", as: Int.self), kind: try row.decode(column: "kind", as: String.self),
                              name: try row.decode(column: "name", as: String.self),
                              maskedURL: WebhookMasking.url(try row.decode(column: "url", as: String.self)),
                              hasSecret: !(secret ?? "").isEmpty, active: try row.decode(column: "active", as: Bool.self),
                              createdAt: try row.decode(column: "created_at", as: Date.self),
                              lastStatus: try row.decode(column: "last_status", as: String?.self),
                              lastError: try row.decode(column: "last_error", as: String?.self),
                              lastSentAt: try row.decode(column: "last_sent_at", as: Date?.self))
        }
    }

    func problems(in input: WebhookInput, unitID: Int) async throws -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let kind = RobotKind(rawValue: input.kind)
        if kind == nil { problems.append(.init(field: "kind", key: "validation.invalidChoice")) }
        if input.name.isEmpty { problems.append(.init(field: "name", key: "validation.required")) }
        if input.name.count > Self.maxName { problems.append(.init(field: "name", key: "validation.tooLong", args: [String(Self.maxName)])) }
        if let kind, let problem = rules.problem(with: input.url, kind: kind) { problems.append(problem) }
        if let secret = input.secret {
            if kind == .wecom {
                problems.append(.init(field: "secret", key: "webhook.secretNotForWeCom"))
            } else if !secret.hasPrefix("SEC") || secret.count > Self.maxSecret || !secret.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                problems.append(.init(field: "secret", key: "webhook.secretFormat"))
            }
        }
        if try await UnitWebhook.query(on: db).filter(\.$unit.$id == unitID).count() >= Self.maxPerUnit {
            problems.append(.init(field: "name", key: "webhook.tooMany", args: [String(Self.maxPerUnit)]))
        }
        return problems
    }

    func create(_ input: WebhookInput, unitID: Int, by actor: AuditActor, now: Date = Date()) async throws -> Int {
        let problems = try await problems(in: input, unitID: unitID)
        guard problems.isEmpty, let kind = RobotKind(rawValue: input.kind) else { throw AppError.validation(problems) }
        return try await db.writeTransaction { db in
            let hook = UnitWebhook()
            hook.$unit.id = unitID
            hook.kind = kind
            hook.name = input.name
            hook.url = input.url
            hook.secret = input.secret
            hook.active = true
            hook.createdBy = actor.id
            hook.createdAt = now
            try await hook.create(on: db)
            try await AuditLog.record(AuditEvent(action: "webhook.create", entityType: "unit_webhook", entityID: String(hook.id!),
                                                 after: AuditLog.snapshot(Self.snapshot(hook))), by: actor, on: db, now: now)
            return hook.id!
        }
    }

    /// Switches a webhook on or off; returns whether it is now active.
    func toggle(_ webhookID: Int, unitID: Int, by actor: AuditActor, now: Date = Date()) async throws -> Bool {
        try await db.writeTransaction { db in
            let hook = try await Self.find(webhookID, unitID: unitID, on: db)
            let before = AuditLog.snapshot(Self.snapshot(hook))
            hook.active.toggle()
            try await hook.save(on: db)
            try await AuditLog.record(AuditEvent(action: hook.active ? "webhook.activate" : "webhook.deactivate", entityType: "unit_webhook",
                                                 entityID: String(webhookID), before: before, after: AuditLog.snapshot(Self.snapshot(hook))),
                                      by: actor, on: db, now: now)
            return hook.active
        }
    }

    /// Queues a test message so a unit head sees at once whether the robot answers.
    func queueTest(_ webhookID: Int, unit: UnitRow, now: Date = Date()) async throws {
        let hook = try await Self.find(webhookID, unitID: unit.id, on: db)
        guard hook.active else { throw AppError.conflict(key: "webhook.inactiveNoTest") }
        let payload = WebhookDelivery.Payload(webhookID: webhookID, title: Catalog.text("webhook.testTitle", .zh),
                                              body: Catalog.text("webhook.testBody", .zh, [unit.name]), link: SiteURL.home.path)
        try await JobQueue(db: db).enqueue(WebhookDelivery.kind, payload: payload, maxAttempts: WebhookDelivery.maxAttempts, now: now)
    }

    private static func find(_ webhookID: Int, unitID: Int, on db: any Database) async throws -> UnitWebhook {
        guard let hook = try await UnitWebhook.query(on: db).filter(\.$id == webhookID).filter(\.$unit.$id == unitID).first() else {
            throw AppError.notFound
        }
        return hook
    }

    /// What the audit log keeps: whether a secret is set, never the secret; the URL masked.
    struct Snapshot: Encodable {
        let unitID: Int
        let kind: String
        let name: String
        let url: String
        let hasSecret: Bool
        let active: Bool
    }

    static func snapshot(_ hook: UnitWebhook) -> Snapshot {
        Snapshot(unitID: hook.$unit.id, kind: hook.kind.rawValue, name: hook.name, url: WebhookMasking.url(hook.url),
                 hasSecret: !(hook.secret ?? "").isEmpty, active: hook.active)
    }
}
