import Fluent
import Foundation

/// A yearly action plan (实施方案): its domains hold the tasks. Only a published plan shows on
/// the public portal.
final class Plan: Model, @unchecked Sendable {
    static let schema = "plans"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "title") var title: String
    @Field(key: "year") var year: Int
    @Field(key: "summary") var summary: String
    @Field(key: "status") var status: PlanStatus
    @Field(key: "published") var published: Bool
    /// Working days a unit has to sign for a dispatched order.
    @Field(key: "sign_days") var signDays: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

enum PlanStatus: String, Codable, Sendable, CaseIterable {
    case active, archived
    var labelKey: String { "planStatus.\(rawValue)" }
}

/// A domain (领域) of a plan, e.g. 开办企业, numbered within the plan.
final class PlanDomain: Model, @unchecked Sendable {
    static let schema = "plan_domains"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "plan_id") var plan: Plan
    @Field(key: "number") var number: Int
    @Field(key: "name") var name: String

    init() {}
}
