import Fluent
import Foundation
import SQLKit

struct APITokenRow: Sendable, Codable, Equatable {
    let id: Int
    let name: String
    let hint: String
    let createdAt: Date?
    let lastUsedAt: Date?
    let revokedAt: Date?
    let createdByName: String?
}

/// API tokens: `ys_` + 43 random characters, shown once; the table keeps only the SHA-256.
/// A token acts with exactly its owner's roles and unit scope.
struct APITokenService: Sendable {
    let db: any Database
    static let prefix = "ys_"

    func create(for userID: Int, name: String, by actor: AuditActor) async throws -> String {
        let trimmed = name.trimmedSpaces
        if trimmed.isEmpty { throw AppError.invalid("name", "validation.required") }
        if trimmed.count > 60 { throw AppError.invalid("name", "validation.tooLong", "60") }
        let secret = Self.prefix + Tokens.random()
        try await db.writeTransaction { db in
            guard try await User.find(userID, on: db) != nil else { throw AppError.notFound }
            let token = APIToken()
            token.$user.id = userID
            token.name = trimmed
            token.tokenHash = Tokens.sha256Hex(secret)
            token.hint = String(secret.suffix(4))
            token.$createdBy.id = actor.id
            try await token.create(on: db)
            try await AuditLog.record(AuditEvent(action: "token.create", entityType: "api_token", entityID: String(token.id!),
                                                 after: "{\"name\":\(AuditLog.snapshot(trimmed)),\"userID\":\(userID)}"), by: actor, on: db)
        }
        return secret
    }

    func list(for userID: Int) async throws -> [APITokenRow] {
        let rows = try await db.sql.raw("""
            SELECT t.id, t.name, t.hint, t.created_at, t.last_used_at, t.revoked_at, c.display_name AS created_by_name
            FROM api_tokens t LEFT JOIN users c ON c.id = t.created_by_id
            WHERE t.user_id = \(bind: userID) ORDER BY t.id DESC
            """).all()
        return try rows.map { row in
            APITokenRow(id: try row.decode(column: "id", as: Int.self), name: try row.decode(column: "name", as: String.self),
                        hint: try row.decode(column: "hint", as: String.self), createdAt: try row.decode(column: "created_at", as: Date?.self),
                        lastUsedAt: try row.decode(column: "last_used_at", as: Date?.self), revokedAt: try row.decode(column: "revoked_at", as: Date?.self),
                        createdByName: try row.decode(column: "created_by_name", as: String?.self))
        }
    }

    /// Revokes a token of `ownerID`; an admin may pass any owner.
    func revoke(tokenID: Int, ownerID: Int?, by actor: AuditActor, now: Date = Date()) async throws {
        try await db.writeTransaction { db in
            var query = APIToken.query(on: db).filter(\.$id == tokenID)
            if let ownerID { query = query.filter(\.$user.$id == ownerID) }
            guard let token = try await query.first() else { throw AppError.notFound }
            guard token.revokedAt == nil else { return }
            token.revokedAt = now
            try await token.save(on: db)
            try await AuditLog.record(AuditEvent(action: "token.revoke", entityType: "api_token", entityID: String(tokenID)), by: actor, on: db)
        }
    }

    /// One query brings the token, its owner, the owner's unit path and roles.
    func authenticate(token: String, now: Date = Date()) async throws -> Principal? {
        guard token.hasPrefix(Self.prefix), token.count < 200 else { return nil }
        let rows = try await db.sql.raw("""
            SELECT t.id AS token_id, t.last_used_at, t.revoked_at, t.expires_at, \(unsafeRaw: UserSummary.columns)
            FROM api_tokens t JOIN users u ON u.id = t.user_id \(unsafeRaw: UserSummary.joins)
            WHERE t.token_hash = \(bind: Tokens.sha256Hex(token))
            """).all()
        guard let first = rows.first else { return nil }
        if try first.decode(column: "revoked_at", as: Date?.self) != nil { return nil }
        if let expires = try first.decode(column: "expires_at", as: Date?.self), expires < now { return nil }
        guard let user = try UserSummary.decode(rows), user.active else { return nil }
        let tokenID = try first.decode(column: "token_id", as: Int.self)
        // Recorded at most once a minute, to keep reads from contending for the write lock.
        let lastUsed = try first.decode(column: "last_used_at", as: Date?.self) ?? .distantPast
        if now.timeIntervalSince(lastUsed) > 60 {
            try await db.sql.raw("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: tokenID)").run()
        }
        return user.principal(channel: .apiToken(id: tokenID))
    }
}
