import Fluent
import Foundation

/// A visitor's suggestion (意见建议) on a public task. It stays private until the office approves
/// it; the contact and the address hash never leave the office's pages.
final class PortalSuggestion: Model, @unchecked Sendable {
    static let schema = "portal_suggestions"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "task_id") var task: ReformTask
    @OptionalField(key: "name") var name: String?
    @OptionalField(key: "contact") var contact: String?
    @Field(key: "body") var body: String
    @Field(key: "status") var status: SuggestionStatus
    /// The office's public answer, shown under the suggestion once approved.
    @OptionalField(key: "reply") var reply: String?
    /// SHA-256 of the sender's address: enough to rate-limit, not enough to identify anyone.
    @Field(key: "address_hash") var addressHash: String
    /// Set by the service from its clock (not a Fluent timestamp) so rate-limit windows are testable.
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "moderated_by") var moderatedBy: Int?
    @OptionalField(key: "moderated_at") var moderatedAt: Date?

    init() {}
}
