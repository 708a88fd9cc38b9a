import Fluent
import Foundation
import SQLKit

/// Activation and reset links: an administrator never sees or hands over a password; the person
/// opens the link and chooses one. A link works once, for 72 hours, and a newer link replaces it.
struct PasswordLinkService: Sendable {
    let db: any Database
    static let lifetime: TimeInterval = 72 * 3600

    enum Purpose: String, Sendable { case activate, reset }

    /// Issues a link and returns its token (shown to the administrator once). Call it inside the
    /// transaction of the change that needs it.
    func issue(for userID: Int, purpose: Purpose, by actor: AuditActor, now: Date = Date()) async throws -> String {
        let token = Tokens.random()
        try await db.sql.raw("UPDATE password_links SET used_at = \(bind: now) WHERE user_id = \(bind: userID) AND used_at IS NULL").run()
        let link = PasswordLink()
        link.$user.id = userID
        link.tokenHash = Tokens.sha256Hex(token)
        link.purpose = purpose.rawValue
        link.$createdBy.id = actor.id
        link.createdAt = now
        link.expiresAt = now.addingTimeInterval(Self.lifetime)
        try await link.create(on: db)
        return token
    }

    struct Pending: Sendable {
        let linkID: Int
        let userID: Int
        let username: String
        let displayName: String
        let purpose: Purpose
    }

    /// The link's account, if the link is unused, unexpired and the account active.
    func pending(token: String, now: Date = Date()) async throws -> Pending? {
        guard token.count < 100, let row = try await db.sql.raw("""
            SELECT l.id, l.user_id, l.purpose, l.expires_at, l.used_at, u.username, u.display_name, u.active
            FROM password_links l JOIN users u ON u.id = l.user_id WHERE l.token_hash = \(bind: Tokens.sha256Hex(token))
            """).first() else { return nil }
        guard try row.decode(column: "used_at", as: Date?.self) == nil,
              try row.decode(column: "expires_at", as: Date.self) > now,
              try row.decode(column: "active", as: Bool.self) else { return nil }
        return Pending(linkID: try row.decode(column: "id", as: Int.self), userID: try row.decode(column: "user_id", as: Int.self),
                       username: try row.decode(column: "username", as: String.self),
                       displayName: try row.decode(column: "display_name", as: String.self),
                       purpose: Purpose(rawValue: try row.decode(column: "purpose", as: String.self)) ?? .reset)
    }

    /// Sets the password chosen through the link; the link is spent and every session of the user ends.
    func redeem(token: String, password: String, confirmation: String, hasher: PasswordHasher, address: String, now: Date = Date()) async throws {
        guard let pending = try await pending(token: token, now: now) else { throw AppError.notFound }
        var problems = PasswordPolicy.problems(password, username: pending.username).map { FieldProblem(field: "new", key: $0) }
        if password != confirmation { problems.append(.init(field: "confirmation", key: "account.confirmMismatch")) }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let hash = try await hasher.hash(password)
        try await db.writeTransaction { db in
            // Spent inside the transaction, so two tabs racing with the same link cannot both win.
            let spent = try await db.sql.raw("""
                UPDATE password_links SET used_at = \(bind: now) WHERE id = \(bind: pending.linkID) AND used_at IS NULL RETURNING id
                """).all()
            guard !spent.isEmpty else { throw AppError.notFound }
            try await db.sql.raw("""
                UPDATE users SET password_hash = \(bind: hash), must_change_password = \(bind: false), failed_logins = 0, locked_until = NULL
                WHERE id = \(bind: pending.userID)
                """).run()
            try await db.sql.raw("DELETE FROM sessions WHERE user_id = \(bind: pending.userID)").run()
            try await AuditLog.record(AuditEvent(action: "user.setPassword", entityType: "user", entityID: String(pending.userID),
                                                 reason: pending.purpose.rawValue + " link"),
                                      by: AuditActor(id: pending.userID, name: pending.username, address: address), on: db, now: now)
        }
    }

    /// The full address to hand to the person, built from the configured public base URL.
    static func url(_ token: String, base: String) -> String {
        SiteURL.absolute(SiteURL.activation(.value(token)).path, base: base)
    }

    /// A password hash nobody can match, for accounts that have not chosen one yet.
    static func unusablePasswordHash(hasher: PasswordHasher) async throws -> String {
        try await hasher.hash(Tokens.random(bytes: 32))
    }
}
