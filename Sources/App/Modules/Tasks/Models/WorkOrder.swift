import Fluent
import Foundation

/// A work order (任务工单): one task as one unit carries it. Its life is `OrderStateMachine`.
final class WorkOrder: Model, @unchecked Sendable {
    static let schema = "work_orders"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "task_id") var task: ReformTask
    /// Copied from the task so plan-wide statistics read orders without a join.
    @Parent(key: "plan_id") var plan: Plan
    @Parent(key: "unit_id") var unit: Unit
    @Field(key: "role") var role: OrderRole
    @Field(key: "status") var status: OrderStatus
    /// The last day to sign, in working days from dispatch.
    @Field(key: "sign_due") var signDue: String
    @OptionalField(key: "signed_at") var signedAt: Date?
    @OptionalField(key: "signed_on_time") var signedOnTime: Bool?
    @Field(key: "progress") var progress: Int
    /// How many of the task's milestones this unit has met (by accepted reports).
    @Field(key: "milestones_met") var milestonesMet: Int
    @OptionalField(key: "next_due") var nextDue: String?
    /// The unit's reason when it returned the order, or the office's when it insisted.
    @OptionalField(key: "last_reason") var lastReason: String?
    @OptionalField(key: "completion_note") var completionNote: String?
    @Field(key: "dispatched_at") var dispatchedAt: Date
    @OptionalField(key: "completed_at") var completedAt: Date?
    /// Copied from the task so statistics can skip test rows without a join.
    @Field(key: "is_test") var isTest: Bool
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A progress report (进展报送) on an order, for one milestone or month. Its life is `ReportStateMachine`.
final class ProgressReport: Model, @unchecked Sendable {
    static let schema = "progress_reports"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "order_id") var order: WorkOrder
    @OptionalParent(key: "milestone_id") var milestone: TaskMilestone?
    /// `YYYY-MM`: the month the report speaks for.
    @Field(key: "month") var month: String
    @Field(key: "body") var body: String
    @Field(key: "percent") var percent: Int
    /// The unit says this report meets its milestone.
    @Field(key: "milestone_met") var milestoneMet: Bool
    @Field(key: "status") var status: ReportStatus
    @Parent(key: "author_id") var author: User
    @OptionalField(key: "approver_id") var approverID: Int?
    @OptionalField(key: "reviewer_id") var reviewerID: Int?
    /// The latest comment of whoever returned it.
    @OptionalField(key: "comment") var comment: String?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "reviewed_at") var reviewedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// An evidence file (佐证材料) attached to a report, stored outside the web root.
final class ReportFile: Model, @unchecked Sendable {
    static let schema = "report_files"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "report_id") var report: ProgressReport
    @Field(key: "filename") var filename: String
    @Field(key: "mime") var mime: String
    @Field(key: "size") var size: Int
    @Field(key: "storage_key") var storageKey: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "uploaded_by") var uploadedBy: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
