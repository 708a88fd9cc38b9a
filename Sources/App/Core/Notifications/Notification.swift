import Fluent
import Foundation

/// A message in a user's in-app inbox. Later modules send their "please act" events here.
final class InboxMessage: Model, @unchecked Sendable {
    static let schema = "inbox_messages"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "link") var link: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}
}

struct CreateInboxMessages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(InboxMessage.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("link", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        try await database.sql.raw("CREATE INDEX idx_inbox_user ON inbox_messages (user_id, read_at, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(InboxMessage.schema).delete()
    }
}
