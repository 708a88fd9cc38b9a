import Fluent

struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserSession.schema)
            .field(.id, .string, .identifier(auto: false))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("address", .string, .required)
            .field("user_agent", .string, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_sessions_user ON sessions (user_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserSession.schema).delete()
    }
}

struct CreateAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(APIToken.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("hint", .string, .required)
            .field("created_by_id", .int, .references(User.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .field("expires_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APIToken.schema).delete()
    }
}

struct CreateLoginFailures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginFailure.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("address", .string, .required)
            .field("username", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.sql.raw("CREATE INDEX idx_login_failures_address ON login_failures (address, at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginFailure.schema).delete()
    }
}
