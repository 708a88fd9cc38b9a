import Fluent
import Foundation
import SQLKit

/// Signing in with username and password, with throttling per account (N failures lock it for a
/// while) and per client address (many failures from one address slow every attempt from it).
/// Every failure and every lock is audited.
struct LoginService: Sendable {
    let db: any Database
    let hasher: PasswordHasher
    let config: AppConfig

    enum Outcome: Sendable, Equatable {
        case success(userID: Int)
        case invalid
        case locked
        case addressThrottled
        case inactive
    }

    /// Attempts are counted before the slow password check, atomically in the database: a burst
    /// of parallel guesses cannot all slip under the limits while each reads a stale count.
    func attempt(username rawUsername: String, password: String, address: String, now: Date = Date()) async throws -> Outcome {
        let username = String(rawUsername.trimmedSpaces.lowercased().prefix(64))
        let address = String(address.prefix(64))

        // 1. This attempt counts against the address from the start; a success takes it back.
        let attemptRow = LoginFailure()
        attemptRow.address = address
        attemptRow.username = username
        attemptRow.at = now
        try await attemptRow.create(on: db)
        let recentFromAddress = try await LoginFailure.query(on: db)
            .filter(\.$address == address).filter(\.$at > now.addingTimeInterval(-config.addressWindow)).count()
        if recentFromAddress > config.addressMaxFailures {
            try await audit(username: username, address: address, now: now, userID: nil, reason: "address throttled")
            return .addressThrottled
        }

        guard let user = try await User.query(on: db).filter(\.$username == username).first(), let userID = user.id else {
            // Spend the same Bcrypt time as a real check so timing does not reveal which usernames exist.
            _ = try? await hasher.hash(password)
            try await audit(username: username, address: address, now: now, userID: nil, reason: "unknown user")
            return .invalid
        }
        // 2. Reserve a slot on the account, only while it is unlocked; more attempts in flight than
        //    the limit allows are refused. A locked account costs the same Bcrypt time as any other.
        let reserved = try await db.sql.raw("""
            UPDATE users SET failed_logins = failed_logins + 1
            WHERE id = \(bind: userID) AND (locked_until IS NULL OR locked_until <= \(bind: now))
            RETURNING failed_logins
            """).first()?.decode(column: "failed_logins", as: Int.self)
        guard let inFlight = reserved else {
            _ = try? await hasher.hash(password)
            try await audit(username: username, address: address, now: now, userID: userID, reason: "account locked")
            return .locked
        }
        if inFlight > config.accountMaxFailures {
            try await lock(userID: userID, username: username, address: address, now: now, reason: "too many attempts at once")
            return .locked
        }

        // 3. The password.
        guard try await hasher.verify(password, hash: user.passwordHash) else {
            if inFlight >= config.accountMaxFailures {
                try await lock(userID: userID, username: username, address: address, now: now, reason: "wrong password")
                return .locked
            }
            try await audit(username: username, address: address, now: now, userID: userID, reason: "wrong password")
            return .invalid
        }
        guard user.active else {
            try await audit(username: username, address: address, now: now, userID: userID, reason: "inactive account")
            return .inactive
        }
        try await db.writeTransaction { db in
            try await db.sql.raw("""
                UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = \(bind: now) WHERE id = \(bind: userID)
                """).run()
            // Old rows are cleared by the hourly maintenance job, not on this path.
            try await LoginFailure.query(on: db).filter(\.$id == attemptRow.id!).delete()
            try await AuditLog.record(AuditEvent(action: "auth.login", entityType: "user", entityID: String(userID)),
                                      by: AuditActor(id: userID, name: username, address: address), on: db, now: now)
        }
        return .success(userID: userID)
    }

    /// Locks the account once (concurrent callers find it locked already), audits it and tells the administrators.
    private func lock(userID: Int, username: String, address: String, now: Date, reason: String) async throws {
        try await db.writeTransaction { db in
            let locked = try await db.sql.raw("""
                UPDATE users SET failed_logins = 0, locked_until = \(bind: now.addingTimeInterval(config.accountLockDuration))
                WHERE id = \(bind: userID) AND (locked_until IS NULL OR locked_until <= \(bind: now))
                RETURNING id
                """).all()
            try await AuditLog.record(AuditEvent(action: "auth.failure", entityType: "user", entityID: String(userID), reason: reason),
                                      by: AuditActor(id: nil, name: username, address: address), on: db, now: now)
            guard !locked.isEmpty else { return }
            try await AuditLog.record(AuditEvent(action: "auth.lock", entityType: "user", entityID: String(userID),
                                                 reason: "\(config.accountMaxFailures) failed sign-ins"),
                                      by: AuditActor(id: nil, name: username, address: address), on: db, now: now)
            // Administrators may need to unlock it (or to look into an attack).
            try await Inbox.notify(try await Inbox.holders(of: .admin, on: db), kind: "account.locked",
                                   titleKey: "notice.locked.title", bodyKey: "notice.locked.body",
                                   args: [username, address], link: SiteURL.user(.value(userID)).path, on: db, now: now)
        }
    }

    private func audit(username: String, address: String, now: Date, userID: Int?, reason: String) async throws {
        try await AuditLog.record(AuditEvent(action: "auth.failure", entityType: "user", entityID: userID.map(String.init) ?? "", reason: reason),
                                  by: AuditActor(id: nil, name: username, address: address), on: db, now: now)
    }
}
