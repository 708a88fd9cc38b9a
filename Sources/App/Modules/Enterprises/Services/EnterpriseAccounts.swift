import Fluent
import Foundation
import SQLKit
import Vapor

/// Enterprise users: invited by the office or a person paired with the firm, they sign in with the
/// firm's credit code, their mobile number and a password they chose through the activation link.
/// The username is derived from code and number, so the sign-in goes through the same
/// `LoginService` (throttling, locking, audit) as everyone else's.
struct EnterpriseAccounts: Sendable {
    let db: any Database
    let hasher: PasswordHasher

    static let maxPerEnterprise = 10

    struct Account: Sendable {
        let id: Int
        let name: String
        let phone: String
        let active: Bool
        let activated: Bool
        let lastLoginAt: Date?
    }

    static func username(code: CreditCode, phone: String) -> String { "\(code.value)-\(phone)".lowercased() }

    /// The username a sign-in form's code and number stand for, or nil if either is not valid.
    static func username(code text: String, phone text2: String) -> String? {
        guard let code = CreditCode(text), let phone = PhoneNumber(text2), phone.isMobile else { return nil }
        return username(code: code, phone: phone.value)
    }

    func accounts(of enterpriseID: Int) async throws -> [Account] {
        try await db.sql.raw("""
            SELECT u.id, u.display_name, u.phone, u.active, u.last_login_at,
                   EXISTS (SELECT 1 FROM password_links l WHERE l.user_id = u.id AND l.purpose = 'activate' AND l.used_at IS NOT NULL) AS activated
            FROM users u WHERE u.enterprise_id = \(bind: enterpriseID) ORDER BY u.id
            """).all().map {
                Account(id: try $0.decode(column: "id", as: Int.self), name: try $0.decode(column: "display_name", as: String.self),
                        phone: try $0.decode(column: "phone", as: String?.self) ?? "", active: try $0.decode(column: "active", as: Bool.self),
                        activated: try $0.decode(column: "activated", as: Bool.self), lastLoginAt: try $0.decode(column: "last_login_at", as: Date?.self))
            }
    }

    /// Creates the account and its activation link (the token is returned once, to hand over).
    /// Inviting a number the firm already has again issues a new link for that account.
    func invite(name rawName: String, phone rawPhone: String, to enterpriseID: Int, by actor: AuditActor, now: Date = Date()) async throws -> (userID: Int, token: String) {
        let name = rawName.trimmedSpaces
        var problems: [FieldProblem] = []
        if name.isEmpty { problems.append(.init(field: "name", key: "validation.required")) }
        if name.count > 50 { problems.append(.init(field: "name", key: "validation.tooLong", args: ["50"])) }
        let phone = PhoneNumber(rawPhone)
        if phone?.isMobile != true { problems.append(.init(field: "phone", key: rawPhone.isEmpty ? "validation.required" : "enterpriseUser.mobileRequired")) }
        guard problems.isEmpty, let phone else { throw AppError.validation(problems) }
        guard let enterprise = try await Enterprise.find(enterpriseID, on: db), let code = CreditCode(enterprise.creditCode) else { throw AppError.notFound }
        guard enterprise.status == .active else { throw AppError.conflict(key: "enterpriseUser.firmClosed") }
        let username = Self.username(code: code, phone: phone.value)
        let unusable = try await PasswordLinkService.unusablePasswordHash(hasher: hasher)
        return try await db.writeTransaction { db in
            let userID: Int
            if let existing = try await User.query(on: db).filter(\.$username == username).first() {
                guard existing.enterpriseID == enterpriseID else { throw AppError.conflict(key: "enterpriseUser.usernameTaken") }
                existing.active = true
                existing.displayName = name
                try await existing.save(on: db)
                userID = try existing.requireID()
            } else {
                let count = try await User.query(on: db).filter(\.$enterpriseID == enterpriseID).count()
                guard count < Self.maxPerEnterprise else { throw AppError.conflict(key: "enterpriseUser.tooMany") }
                let user = User()
                user.username = username
                user.displayName = name
                user.title = ""
                user.phone = phone.value
                user.enterpriseID = enterpriseID
                user.passwordHash = unusable
                user.active = true
                user.mustChangePassword = false
                user.failedLogins = 0
                user.locale = Lang.zh.rawValue
                try await user.create(on: db)
                userID = try user.requireID()
                let role = UserRole()
                role.$user.id = userID
                role.role = .enterprise
                try await role.create(on: db)
            }
            try await AuditLog.record(AuditEvent(action: "enterprise.userInvite", entityType: "enterprise", entityID: String(enterpriseID),
                                                 after: "\(name) \(Masking.phone(phone.value))"), by: actor, on: db, now: now)
            let token = try await PasswordLinkService(db: db).issue(for: userID, purpose: .activate, by: actor, now: now)
            return (userID, token)
        }
    }

    /// Switches an enterprise user off; their sessions and tokens end with it.
    func deactivate(_ userID: Int, of enterpriseID: Int, by actor: AuditActor, now: Date = Date()) async throws {
        try await db.writeTransaction { db in
            guard let user = try await User.find(userID, on: db), user.enterpriseID == enterpriseID else { throw AppError.notFound }
            user.active = false
            try await user.save(on: db)
            try await db.sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userID)").run()
            try await db.sql.raw("DELETE FROM api_tokens WHERE user_id = \(bind: userID)").run()
            try await AuditLog.record(AuditEvent(action: "enterprise.userDeactivate", entityType: "enterprise", entityID: String(enterpriseID),
                                                 before: user.displayName), by: actor, on: db, now: now)
        }
    }
}
