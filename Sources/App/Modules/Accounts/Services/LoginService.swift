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

    func attempt(username rawUsername: String, password: String, address: String, now: Date = Date()) async throws -> Outcome {
        let username = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        let since = now.addingTimeInterval(-config.addressWindow)
        let recentFromAddress = try await LoginFailure.query(on: db)
            .filter(\.$address == address).filter(\.$at > since).count()
        if recentFromAddress >= config.addressMaxFailures {
            try await recordFailure(username: username, address: address, now: now, userID: nil, reason: "address throttled")
            return .addressThrottled
        }

        guard let user = try await User.query(on: db).filter(\.$username == username).first() else {
            // Spend the same Bcrypt time as a real check so timing does not reveal which usernames exist.
            _ = try? await hasher.hash(password)
            try await recordFailure(username: username, address: address, now: now, userID: nil, reason: "unknown user")
            return .invalid
        }
        if let lockedUntil = user.lockedUntil, lockedUntil > now {
            try await recordFailure(username: username, address: address, now: now, userID: user.id, reason: "account locked")
            return .locked
        }
        guard try await hasher.verify(password, hash: user.passwordHash) else {
            let failures = user.failedLogins + 1
            let locks = failures >= config.accountMaxFailures
            try await db.writeTransaction { db in
                user.failedLogins = locks ? 0 : failures
                if locks { user.lockedUntil = now.addingTimeInterval(config.accountLockDuration) }
                try await user.save(on: db)
                try await recordFailure(username: username, address: address, now: now, userID: user.id, reason: "wrong password", on: db)
                if locks {
                    try await AuditLog.record(AuditEvent(action: "auth.lock", entityType: "user", entityID: String(user.id!),
                                                         reason: "\(config.accountMaxFailures) failed sign-ins"),
                                              by: AuditActor(id: nil, name: username, address: address), on: db, now: now)
                    // Administrators may need to unlock it (or to look into an attack).
                    try await Inbox.notify(try await Inbox.holders(of: .admin, on: db), kind: "account.locked",
                                           titleKey: "notice.locked.title", bodyKey: "notice.locked.body",
                                           args: [user.username, address], link: SiteURL.user(.value(user.id!)).path, on: db, now: now)
                }
            }
            return locks ? .locked : .invalid
        }
        guard user.active else {
            try await recordFailure(username: username, address: address, now: now, userID: user.id, reason: "inactive account")
            return .inactive
        }
        try await db.writeTransaction { db in
            user.failedLogins = 0
            user.lockedUntil = nil
            user.lastLoginAt = now
            try await user.save(on: db)
            try await LoginFailure.query(on: db).filter(\.$at < now.addingTimeInterval(-86_400)).delete()
            try await AuditLog.record(AuditEvent(action: "auth.login", entityType: "user", entityID: String(user.id!)),
                                      by: AuditActor(id: user.id, name: username, address: address), on: db, now: now)
        }
        return .success(userID: user.id!)
    }

    private func recordFailure(username: String, address: String, now: Date, userID: Int?, reason: String, on db: (any Database)? = nil) async throws {
        let db = db ?? self.db
        try await db.writeTransaction { db in
            let failure = LoginFailure()
            failure.address = String(address.prefix(64))
            failure.username = String(username.prefix(64))
            failure.at = now
            try await failure.create(on: db)
            try await AuditLog.record(AuditEvent(action: "auth.failure", entityType: "user", entityID: userID.map(String.init) ?? "",
                                                 reason: reason),
                                      by: AuditActor(id: nil, name: String(username.prefix(64)), address: address), on: db, now: now)
        }
    }

}
