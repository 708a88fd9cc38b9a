import Fluent
import Foundation
import SQLKit
import Vapor

/// Sessions live in the database so that several app instances share them.
/// The cookie carries a random token; only its SHA-256 is stored.
struct SessionStore: Sendable {
    let db: any Database
    let idleTimeout: TimeInterval
    let absoluteTimeout: TimeInterval

    /// Starts a fresh session (a new id at every sign-in, so a planted id is useless).
    func create(userID: Int, address: String, userAgent: String, now: Date = Date()) async throws -> (token: String, session: UserSession) {
        let token = Tokens.random()
        let session = UserSession()
        session.id = Tokens.sha256Hex(token)
        session.$user.id = userID
        session.csrfToken = Tokens.random()
        session.createdAt = now
        session.lastSeenAt = now
        session.address = String(address.prefix(64))
        session.userAgent = String(userAgent.prefix(255))
        try await session.create(on: db)
        return (token, session)
    }

    struct Resolved: Sendable {
        let sessionID: String
        let csrfToken: String
        let user: UserSummary
    }

    /// Finds the live session for a cookie token, ending it if it has been idle or alive too long.
    /// One query brings the session, its user, the unit path and the roles.
    func resolve(token: String, now: Date = Date()) async throws -> Resolved? {
        let id = Tokens.sha256Hex(token)
        let rows = try await db.sql.raw("""
            SELECT s.csrf_token, s.created_at, s.last_seen_at, \(unsafeRaw: UserSummary.columns)
            FROM sessions s JOIN users u ON u.id = s.user_id \(unsafeRaw: UserSummary.joins)
            WHERE s.id = \(bind: id)
            """).all()
        guard let first = rows.first else { return nil }
        let createdAt = try first.decode(column: "created_at", as: Date.self)
        let lastSeenAt = try first.decode(column: "last_seen_at", as: Date.self)
        guard now.timeIntervalSince(lastSeenAt) <= idleTimeout, now.timeIntervalSince(createdAt) <= absoluteTimeout,
              let user = try UserSummary.decode(rows), user.active else {
            try await destroy(id: id)
            return nil
        }
        // Writing on every request would make reads contend for SQLite's write lock;
        // a minute's resolution is plenty for a 30-minute idle timeout.
        if now.timeIntervalSince(lastSeenAt) > 60 {
            try await db.sql.raw("UPDATE sessions SET last_seen_at = \(bind: now) WHERE id = \(bind: id)").run()
        }
        return Resolved(sessionID: id, csrfToken: try first.decode(column: "csrf_token", as: String.self), user: user)
    }

    /// Sessions past either timeout can never be used again; the hourly maintenance job
    /// (`MaintenanceJobs`) clears them, off the sign-in path.
    func pruneExpired(now: Date = Date()) async throws {
        try await db.sql.raw("""
            DELETE FROM sessions WHERE last_seen_at < \(bind: now.addingTimeInterval(-idleTimeout))
                                    OR created_at < \(bind: now.addingTimeInterval(-absoluteTimeout))
            """).run()
    }

    func destroy(id: String) async throws {
        try await db.sql.raw("DELETE FROM sessions WHERE id = \(bind: id)").run()
    }

    func destroyAll(userID: Int, except keep: String? = nil) async throws {
        if let keep {
            try await db.sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userID) AND id <> \(bind: keep)").run()
        } else {
            try await db.sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userID)").run()
        }
    }
}

extension Request {
    var sessionStore: SessionStore {
        SessionStore(db: db, idleTimeout: config.sessionIdleTimeout, absoluteTimeout: config.sessionAbsoluteTimeout)
    }
}

/// The columns of a user that authentication needs, read with one query and no model decoding.
struct UserSummary: Sendable {
    let id: Int
    let username: String
    let displayName: String
    let unitID: Int?
    let unitPath: String?
    let active: Bool
    let mustChangePassword: Bool
    let locale: String
    let roles: Set<Role>
    let enterpriseID: Int?

    /// The user columns (prefixed `u_`) and joins that authentication queries add to their own
    /// table, so the caller, its unit path and its roles arrive in one round trip (one row per role).
    static let columns = "u.id AS u_id, u.username AS u_username, u.display_name AS u_display_name, u.unit_id AS u_unit_id, "
        + "un.path AS u_unit_path, u.active AS u_active, u.must_change_password AS u_must_change_password, u.locale AS u_locale, r.role AS u_role, "
        + "u.enterprise_id AS u_enterprise_id"
    static let joins = "LEFT JOIN units un ON un.id = u.unit_id LEFT JOIN user_roles r ON r.user_id = u.id"

    static func load(id: Int, on db: any Database) async throws -> UserSummary? {
        try decode(try await db.sql.raw("SELECT \(unsafeRaw: columns) FROM users u \(unsafeRaw: joins) WHERE u.id = \(bind: id)").all())
    }

    static func decode(_ rows: [any SQLRow]) throws -> UserSummary? {
        guard let first = rows.first else { return nil }
        var roles = Set<Role>()
        for row in rows {
            if let raw = try row.decode(column: "u_role", as: String?.self), let role = Role(rawValue: raw) { roles.insert(role) }
        }
        return UserSummary(
            id: try first.decode(column: "u_id", as: Int.self),
            username: try first.decode(column: "u_username", as: String.self),
            displayName: try first.decode(column: "u_display_name", as: String.self),
            unitID: try first.decode(column: "u_unit_id", as: Int?.self),
            unitPath: try first.decode(column: "u_unit_path", as: String?.self),
            active: try first.decode(column: "u_active", as: Bool.self),
            mustChangePassword: try first.decode(column: "u_must_change_password", as: Bool.self),
            locale: try first.decode(column: "u_locale", as: String.self),
            roles: roles,
            enterpriseID: try first.decode(column: "u_enterprise_id", as: Int?.self))
    }

    func principal(channel: Principal.Channel) -> Principal {
        Principal(userID: id, username: username, displayName: displayName, unitID: unitID, unitPath: unitPath,
                  roles: roles, lang: Lang(code: locale), channel: channel, mustChangePassword: mustChangePassword,
                  enterpriseID: enterpriseID)
    }
}
