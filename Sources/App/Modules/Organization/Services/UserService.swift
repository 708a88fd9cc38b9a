import Fluent
import Foundation
import Vapor
import SQLKit

struct UserInput: Sendable, Codable {
    var username: String
    var displayName: String
    var title: String?
    var unitID: Int?
    var phone: String?
    var email: String?
    var roles: [String]
    /// Only on create; when absent a temporary password is generated and shown once.
    var password: String?
}

struct UserRow: Content, Equatable {
    let id: Int
    let username: String
    let displayName: String
    let title: String
    let unitID: Int?
    let unitName: String?
    let phone: String?
    let email: String?
    let active: Bool
    let locked: Bool
    let lastLoginAt: Date?
    var roles: [String]
}

struct UserFilter: Sendable {
    var query: String?
    var role: Role?
    var unitID: Int?
    var status: String?   // "active", "inactive", "locked"
}

struct UserService: Sendable {
    let db: any Database
    let hasher: PasswordHasher

    static var usernamePattern: Regex<Substring> { /^[a-z0-9][a-z0-9_.\-]{2,31}$/ }

    // MARK: Reading

    func list(for principal: Principal, filter: UserFilter, page: Pagination, now: Date = Date()) async throws -> (rows: [UserRow], total: Int) {
        var conditions: [SQLQueryString] = []
        if let scope = principal.scopePath { conditions.append("un.path LIKE \(bind: scope + "%")") }
        if let query = filter.query, !query.isEmpty {
            let like = "%" + SQLLike.escape(query.lowercased()) + "%"
            conditions.append("(LOWER(u.username) LIKE \(bind: like) ESCAPE '\\' OR u.display_name LIKE \(bind: "%" + SQLLike.escape(query) + "%") ESCAPE '\\' OR u.phone LIKE \(bind: like) ESCAPE '\\')")
        }
        if let role = filter.role { conditions.append("EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = \(bind: role.rawValue))") }
        if let unitID = filter.unitID { conditions.append("u.unit_id = \(bind: unitID)") }
        switch filter.status {
        case "active": conditions.append("u.active = \(bind: true)")
        case "inactive": conditions.append("u.active = \(bind: false)")
        case "locked": conditions.append("u.locked_until > \(bind: now)")
        default: break
        }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = try await db.sql.raw("SELECT COUNT(*) AS n FROM users u LEFT JOIN units un ON un.id = u.unit_id \(whereClause)")
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await db.sql.raw("""
            SELECT u.id, u.username, u.display_name, u.title, u.unit_id, un.name AS unit_name, u.phone, u.email, u.active,
                   u.locked_until, u.last_login_at
            FROM users u LEFT JOIN units un ON un.id = u.unit_id
            \(whereClause)
            ORDER BY un.path, u.username
            LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
            """).all()
        var users = try rows.map { try Self.decode($0, now: now) }
        try await attachRoles(&users)
        return (users, total)
    }

    func find(_ id: Int, for principal: Principal, now: Date = Date()) async throws -> UserRow? {
        let row = try await db.sql.raw("""
            SELECT u.id, u.username, u.display_name, u.title, u.unit_id, un.name AS unit_name, un.path AS unit_path, u.phone,
                   u.email, u.active, u.locked_until, u.last_login_at
            FROM users u LEFT JOIN units un ON un.id = u.unit_id WHERE u.id = \(bind: id)
            """).first()
        guard let row else { return nil }
        if principal.scopePath != nil {
            let path = try row.decode(column: "unit_path", as: String?.self) ?? ""
            guard principal.canSee(unitPath: path) || principal.userID == id else { return nil }
        }
        var users = [try Self.decode(row, now: now)]
        try await attachRoles(&users)
        return users.first
    }

    private func attachRoles(_ users: inout [UserRow]) async throws {
        guard !users.isEmpty else { return }
        let ids = users.map(\.id)
        let rows = try await db.sql.select().column("user_id").column("role").from("user_roles")
            .where("user_id", .in, ids).all()
        var byUser: [Int: [String]] = [:]
        for row in rows {
            byUser[try row.decode(column: "user_id", as: Int.self), default: []].append(try row.decode(column: "role", as: String.self))
        }
        let order = Role.allCases.map(\.rawValue)
        for index in users.indices {
            users[index].roles = (byUser[users[index].id] ?? []).sorted { (order.firstIndex(of: $0) ?? 99) < (order.firstIndex(of: $1) ?? 99) }
        }
    }

    static func decode(_ row: any SQLRow, now: Date) throws -> UserRow {
        UserRow(
            id: try row.decode(column: "id", as: Int.self),
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            title: try row.decode(column: "title", as: String.self),
            unitID: try row.decode(column: "unit_id", as: Int?.self),
            unitName: try row.decode(column: "unit_name", as: String?.self),
            phone: try row.decode(column: "phone", as: String?.self),
            email: try row.decode(column: "email", as: String?.self),
            active: try row.decode(column: "active", as: Bool.self),
            locked: (try row.decode(column: "locked_until", as: Date?.self) ?? .distantPast) > now,
            lastLoginAt: try row.decode(column: "last_login_at", as: Date?.self),
            roles: [])
    }

    // MARK: Validation

    func problems(in input: UserInput, existingID: Int? = nil) async throws -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let username = input.username.trimmedSpaces.lowercased()
        if username.wholeMatch(of: Self.usernamePattern) == nil {
            problems.append(.init(field: "username", key: "user.usernameFormat"))
        } else if let clash = try await User.query(on: db).filter(\.$username == username).first(), clash.id != existingID {
            problems.append(.init(field: "username", key: "user.usernameTaken"))
        }
        let name = input.displayName.trimmedSpaces
        if name.isEmpty { problems.append(.init(field: "displayName", key: "validation.required")) }
        if name.count > 50 { problems.append(.init(field: "displayName", key: "validation.tooLong", args: ["50"])) }
        if (input.title ?? "").count > 50 { problems.append(.init(field: "title", key: "validation.tooLong", args: ["50"])) }
        let roles = input.roles.compactMap(Role.init(rawValue:))
        if roles.isEmpty || roles.count != input.roles.count { problems.append(.init(field: "roles", key: "user.rolesRequired")) }
        if let unitID = input.unitID {
            if try await Unit.find(unitID, on: db) == nil { problems.append(.init(field: "unitID", key: "validation.notFound")) }
        } else if !roles.allSatisfy({ $0 == .enterprise || $0 == .supervisor || $0 == .admin }) {
            // Everyone who works for a unit belongs to one; enterprises, outside supervisors and a
            // first administrator (created before any unit exists) need not.
            problems.append(.init(field: "unitID", key: "user.unitRequired"))
        }
        if let phone = input.phone, !phone.isEmpty, phone.wholeMatch(of: /^[0-9+\- ]{5,20}$/) == nil {
            problems.append(.init(field: "phone", key: "user.phoneFormat"))
        }
        if let email = input.email, !email.isEmpty, email.wholeMatch(of: /^[^@\s]+@[^@\s]+\.[^@\s]+$/) == nil {
            problems.append(.init(field: "email", key: "user.emailFormat"))
        }
        if existingID == nil, let password = input.password, !password.isEmpty {
            problems += PasswordPolicy.problems(password, username: username).map { FieldProblem(field: "password", key: $0) }
        }
        return problems
    }

    // MARK: Writing

    struct Created: Sendable {
        let id: Int
        /// Set when no initial password was given: the token of the activation link, shown to the
        /// administrator once so the person can choose their own password.
        let activationToken: String?
    }

    /// `passwordIsOwn`: the person typed the initial password themselves (the `create-admin`
    /// command), so it need not be changed at first sign-in.
    func create(_ input: UserInput, by actor: AuditActor, passwordIsOwn: Bool = false) async throws -> Created {
        let problems = try await problems(in: input)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let given = input.password.flatMap { $0.isEmpty ? nil : $0 }
        let hash: String
        if let given { hash = try await hasher.hash(given) } else { hash = try await PasswordLinkService.unusablePasswordHash(hasher: hasher) }
        return try await db.writeTransaction { db in
            let user = User()
            Self.apply(input, to: user)
            user.passwordHash = hash
            user.active = true
            // A password someone else chose must be replaced at first sign-in.
            user.mustChangePassword = given != nil && !passwordIsOwn
            user.failedLogins = 0
            user.locale = Lang.zh.rawValue
            try await user.create(on: db)
            try await Self.replaceRoles(of: user.id!, with: input.roles, on: db)
            try await AuditLog.record(AuditEvent(action: "user.create", entityType: "user", entityID: String(user.id!),
                                                 after: AuditLog.snapshot(Self.snapshot(user, roles: input.roles))), by: actor, on: db)
            let token = given == nil ? try await PasswordLinkService(db: db).issue(for: user.id!, purpose: .activate, by: actor) : nil
            return Created(id: user.id!, activationToken: token)
        }
    }

    func update(_ id: Int, _ input: UserInput, by actor: AuditActor) async throws {
        guard try await User.find(id, on: db) != nil else { throw AppError.notFound }
        let problems = try await problems(in: input, existingID: id)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        try await db.writeTransaction { db in
            // Read inside the transaction so "before" is what this change replaced.
            guard let user = try await User.find(id, on: db) else { throw AppError.notFound }
            let oldRoles = try await UserRole.query(on: db).filter(\.$user.$id == id).all().map(\.role.rawValue).sorted()
            let before = AuditLog.snapshot(Self.snapshot(user, roles: oldRoles))
            Self.apply(input, to: user)
            try await user.save(on: db)
            try await Self.replaceRoles(of: id, with: input.roles, on: db)
            try await AuditLog.record(AuditEvent(action: "user.update", entityType: "user", entityID: String(id), before: before,
                                                 after: AuditLog.snapshot(Self.snapshot(user, roles: input.roles))), by: actor, on: db)
        }
    }

    /// Deactivation also ends the user's sessions and revokes nothing else: tokens stop working
    /// because authentication checks that the owner is active.
    func setActive(_ id: Int, _ active: Bool, reason: String = "", by actor: AuditActor) async throws {
        guard actor.id != id || active else { throw AppError.conflict(key: "user.cannotDeactivateSelf") }
        try await db.writeTransaction { db in
            guard let user = try await User.find(id, on: db) else { throw AppError.notFound }
            guard user.active != active else { return }
            user.active = active
            try await user.save(on: db)
            if !active { try await db.sql.raw("DELETE FROM sessions WHERE user_id = \(bind: id)").run() }
            try await AuditLog.record(AuditEvent(action: active ? "user.activate" : "user.deactivate", entityType: "user", entityID: String(id),
                                                 reason: reason, before: "{\"active\":\(!active)}", after: "{\"active\":\(active)}"),
                                      by: actor, on: db)
        }
    }

    /// Makes the old password useless, ends the user's sessions and returns the token of a reset
    /// link for the person to choose a new one. No password is ever shown to the administrator.
    func resetPassword(_ id: Int, by actor: AuditActor) async throws -> String {
        let hash = try await PasswordLinkService.unusablePasswordHash(hasher: hasher)
        return try await db.writeTransaction { db in
            guard let user = try await User.find(id, on: db) else { throw AppError.notFound }
            user.passwordHash = hash
            user.mustChangePassword = false
            user.failedLogins = 0
            user.lockedUntil = nil
            try await user.save(on: db)
            try await db.sql.raw("DELETE FROM sessions WHERE user_id = \(bind: id)").run()
            // A reset often follows a compromise: the account's API tokens stop working too.
            try await db.sql.raw("UPDATE api_tokens SET revoked_at = \(bind: Date()) WHERE user_id = \(bind: id) AND revoked_at IS NULL").run()
            try await AuditLog.record(AuditEvent(action: "user.resetPassword", entityType: "user", entityID: String(id),
                                                 reason: "sessions ended, API tokens revoked"), by: actor, on: db)
            try await Inbox.notify([id], kind: "account.passwordReset", titleKey: "notice.passwordReset.title",
                                   bodyKey: "notice.passwordReset.body", args: [actor.name], link: SiteURL.account.path, on: db)
            return try await PasswordLinkService(db: db).issue(for: id, purpose: .reset, by: actor)
        }
    }

    func unlock(_ id: Int, by actor: AuditActor) async throws {
        try await db.writeTransaction { db in
            guard let user = try await User.find(id, on: db) else { throw AppError.notFound }
            user.failedLogins = 0
            user.lockedUntil = nil
            try await user.save(on: db)
            try await AuditLog.record(AuditEvent(action: "user.unlock", entityType: "user", entityID: String(id)), by: actor, on: db)
            try await Inbox.notify([id], kind: "account.unlocked", titleKey: "notice.unlocked.title",
                                   bodyKey: "notice.unlocked.body", args: [actor.name], link: SiteURL.account.path, on: db)
        }
    }

    /// The user's own change: the current password must be right, the new one must pass the
    /// policy, and every other session of the user ends.
    func changePassword(userID: Int, current: String, new: String, confirmation: String, keepSession: String?, by actor: AuditActor) async throws {
        guard let user = try await User.find(userID, on: db) else { throw AppError.notFound }
        guard try await hasher.verify(current, hash: user.passwordHash) else {
            throw AppError.invalid("current", "account.currentWrong")
        }
        var problems = PasswordPolicy.problems(new, username: user.username).map { FieldProblem(field: "new", key: $0) }
        if new != confirmation { problems.append(.init(field: "confirmation", key: "account.confirmMismatch")) }
        if new == current { problems.append(.init(field: "new", key: "account.sameAsOld")) }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let hash = try await hasher.hash(new)
        try await db.writeTransaction { db in
            user.passwordHash = hash
            user.mustChangePassword = false
            try await user.save(on: db)
            try await SessionStore(db: db, idleTimeout: 0, absoluteTimeout: 0).destroyAll(userID: userID, except: keepSession)
            try await AuditLog.record(AuditEvent(action: "user.changePassword", entityType: "user", entityID: String(userID)), by: actor, on: db)
        }
    }

    private static func apply(_ input: UserInput, to user: User) {
        user.username = input.username.trimmedSpaces.lowercased()
        user.displayName = input.displayName.trimmedSpaces
        user.title = input.title?.trimmedSpaces ?? ""
        user.$unit.id = input.unitID
        user.phone = input.phone.flatMap { $0.isEmpty ? nil : $0 }
        user.email = input.email.flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func replaceRoles(of userID: Int, with roles: [String], on db: any Database) async throws {
        try await UserRole.query(on: db).filter(\.$user.$id == userID).delete()
        let rows = Set(roles.compactMap(Role.init(rawValue:))).map { UserRole(userID: userID, role: $0) }
        try await rows.create(on: db)
    }

    struct Snapshot: Encodable {
        let username, displayName, title: String
        let unitID: Int?
        let phone, email: String?
        let active: Bool
        let roles: [String]
    }

    static func snapshot(_ user: User, roles: [String]) -> Snapshot {
        Snapshot(username: user.username, displayName: user.displayName, title: user.title, unitID: user.$unit.id,
                 phone: user.phone, email: user.email, active: user.active, roles: roles.sorted())
    }
}
