import Fluent

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("title", .string, .required)
            .field("unit_id", .int, .references(Unit.schema, .id, onDelete: .restrict))
            .field("phone", .string)
            .field("email", .string)
            .field("password_hash", .string, .required)
            .field("active", .bool, .required)
            .field("must_change_password", .bool, .required)
            .field("failed_logins", .int, .required)
            .field("locked_until", .datetime)
            .field("locale", .string, .required)
            .field("last_login_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.sql.raw("CREATE INDEX idx_users_unit ON users (unit_id)").run()

        try await database.schema(UserRole.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .unique(on: "user_id", "role")
            .create()
        try await database.sql.raw("CREATE INDEX idx_user_roles_role ON user_roles (role)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserRole.schema).delete()
        try await database.schema(User.schema).delete()
    }
}
