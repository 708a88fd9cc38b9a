import Fluent
import Foundation

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "title") var title: String
    @OptionalParent(key: "unit_id") var unit: Unit?
    @OptionalField(key: "phone") var phone: String?
    /// For an enterprise user: the one firm it belongs to and may see (`EnterpriseAccounts`).
    @OptionalField(key: "enterprise_id") var enterpriseID: Int?
    @OptionalField(key: "email") var email: String?
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "active") var active: Bool
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @Field(key: "failed_logins") var failedLogins: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @Field(key: "locale") var locale: String
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Children(for: \.$user) var roleRows: [UserRole]

    init() {}

    var isLocked: Bool { (lockedUntil ?? .distantPast) > Date() }
}

final class UserRole: Model, @unchecked Sendable {
    static let schema = "user_roles"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "user_id") var user: User
    @Field(key: "role") var role: Role

    init() {}
    init(userID: Int, role: Role) {
        self.$user.id = userID
        self.role = role
    }
}
