import Fluent
import Foundation

/// One line of the append-only audit log. `hash` covers this record and `prevHash`, so
/// changing, removing or reordering any record breaks the chain that `audit verify` walks.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_log"

    @ID(custom: "seq", generatedBy: .user) var id: Int?
    @Field(key: "at_ms") var atMillis: Int
    @OptionalField(key: "actor_id") var actorID: Int?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: String
    @Field(key: "entity_type") var entityType: String
    @Field(key: "entity_id") var entityID: String
    @Field(key: "address") var address: String
    @Field(key: "reason") var reason: String
    @Field(key: "before") var before: String
    @Field(key: "after") var after: String
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String

    init() {}

    var at: Date { Date(timeIntervalSince1970: Double(atMillis) / 1000) }
}
