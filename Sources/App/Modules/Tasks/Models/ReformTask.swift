import Fluent
import Foundation

/// A task of a plan (named so as not to clash with Swift's `Task`). Tasks form a tree: a parent's
/// progress rolls up from its children; only leaf tasks get work orders.
final class ReformTask: Model, @unchecked Sendable {
    static let schema = "tasks"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "plan_id") var plan: Plan
    @Parent(key: "domain_id") var domain: PlanDomain
    @OptionalParent(key: "parent_id") var parent: ReformTask?
    /// Zero-padded ids from the root (`UnitPath` builds it), so the tree is one ordered range.
    @Field(key: "path") var path: String
    @Field(key: "depth") var depth: Int
    @Field(key: "code") var code: String
    @Field(key: "title") var title: String
    @Field(key: "measures") var measures: String
    @Field(key: "source") var source: TaskSource
    /// An evaluation indicator; the indicators module arrives later, so no foreign key yet.
    @OptionalField(key: "indicator_id") var indicatorID: Int?
    @Parent(key: "lead_unit_id") var leadUnit: Unit
    @OptionalParent(key: "leader_id") var leader: User?
    @OptionalParent(key: "work_group_id") var workGroup: WorkGroup?
    /// Expected outputs, comma-separated `TaskOutput` raw values.
    @Field(key: "outputs") var outputs: String
    @Field(key: "deadline") var deadline: String
    @Field(key: "is_key") var isKey: Bool
    @Field(key: "is_public") var isPublic: Bool
    /// Test rows are kept out of every statistic.
    @Field(key: "is_test") var isTest: Bool
    @Field(key: "weight") var weight: Int
    @Field(key: "rollup") var rollup: RollupMethod
    @Field(key: "progress") var progress: Int
    @Field(key: "status") var status: TaskStatus
    /// The earliest date still to be met by an open order (a milestone or the deadline); drives the light.
    @OptionalField(key: "next_due") var nextDue: String?
    @OptionalField(key: "dispatched_at") var dispatchedAt: Date?
    @OptionalField(key: "completed_at") var completedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

enum TaskSource: String, Codable, Sendable, CatalogChoice {
    case province, city, refine
    var labelKey: String { "taskSource.\(rawValue)" }
}

enum TaskOutput: String, Codable, Sendable, CatalogChoice {
    case policy, innovation, system, mechanism, service, project, report
    var labelKey: String { "taskOutput.\(rawValue)" }
}

enum RollupMethod: String, Codable, Sendable, CaseIterable, CatalogChoice {
    case weight, average
    var labelKey: String { "rollup.\(rawValue)" }
}

enum TaskStatus: String, Codable, Sendable, CaseIterable, CatalogChoice {
    /// Written but not yet sent to the units.
    case draft
    /// Orders are out; work is under way.
    case dispatched
    /// Every order (every child, for a parent) is completed.
    case completed
    /// Closed off the ledger by the office (销号) after completion.
    case closed
    var labelKey: String { "taskStatus.\(rawValue)" }
}

/// A unit named on a task: the lead unit or one of the responsible units.
final class TaskUnit: Model, @unchecked Sendable {
    static let schema = "task_units"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "task_id") var task: ReformTask
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "role") var role: OrderRole

    init() {}
}

enum OrderRole: String, Codable, Sendable, CaseIterable {
    case lead, responsible
    var labelKey: String { "orderRole.\(rawValue)" }
}

/// A monthly milestone of a task, shared by all its orders. A milestone cut from the schedule
/// after a report cited it is kept, renumbered past `retiredOffset`, so the report still shows it.
final class TaskMilestone: Model, @unchecked Sendable {
    static let schema = "task_milestones"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "task_id") var task: ReformTask
    @Field(key: "seq") var seq: Int
    @Field(key: "due") var due: String
    @Field(key: "title") var title: String

    static let retiredOffset = 1000

    init() {}
}
