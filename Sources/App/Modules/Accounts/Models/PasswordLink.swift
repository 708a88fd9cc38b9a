import Fluent
import Foundation

/// A single-use, expiring link that lets a person set their own password: sent by an
/// administrator when an account is created (activation) or a password is reset. Only the
/// SHA-256 of the link's token is stored.
final class PasswordLink: Model, @unchecked Sendable {
    static let schema = "password_links"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "purpose") var purpose: String
    @OptionalParent(key: "created_by_id") var createdBy: User?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
}

struct CreatePasswordLinks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PasswordLink.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("purpose", .string, .required)
            .field("created_by_id", .int, .references(User.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PasswordLink.schema).delete()
    }
}
