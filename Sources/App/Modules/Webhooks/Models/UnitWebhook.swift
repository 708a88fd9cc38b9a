import Fluent
import Foundation

/// A group-robot webhook a unit registered to hear of its work orders in its own chat group.
/// `url` (whose key or token lets anyone post to the group) and `secret` are credentials:
/// pages, logs and the audit log only ever see them masked.
final class UnitWebhook: Model, @unchecked Sendable {
    static let schema = "unit_webhooks"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "kind") var kind: RobotKind
    @Field(key: "name") var name: String
    @Field(key: "url") var url: String
    @OptionalField(key: "secret") var secret: String?
    @Field(key: "active") var active: Bool
    @OptionalField(key: "created_by") var createdBy: Int?
    @Field(key: "created_at") var createdAt: Date
    /// `ok` or `failed` after the latest attempt; nil until the first.
    @OptionalField(key: "last_status") var lastStatus: String?
    /// The latest failure, already scrubbed of credentials; kept after a later success so a flapping robot shows.
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "last_sent_at") var lastSentAt: Date?

    init() {}
}

enum WebhookStatus {
    static let ok = "ok"
    static let failed = "failed"
}
