import Fluent
import Foundation

/// A signed-in browser. The cookie holds a random token; the table holds only its SHA-256,
/// so a copy of the database cannot be replayed as cookies.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(custom: .id, generatedBy: .user) var id: String?
    @Parent(key: "user_id") var user: User
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "address") var address: String
    @Field(key: "user_agent") var userAgent: String

    init() {}
}

/// A personal or integration token for the JSON API; stored hashed and shown once.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "user_id") var user: User
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "hint") var hint: String
    @OptionalParent(key: "created_by_id") var createdBy: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "expires_at") var expiresAt: Date?

    init() {}
}

/// One failed sign-in, kept for per-address throttling.
final class LoginFailure: Model, @unchecked Sendable {
    static let schema = "login_failures"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "address") var address: String
    @Field(key: "username") var username: String
    @Field(key: "at") var at: Date

    init() {}
}
