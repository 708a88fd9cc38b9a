import Fluent
import Foundation

/// A month of dispatch (月调度): the office opens the reporting window with a deadline, closes it
/// for review, and publishes the month, freezing its figures and bulletin.
final class DispatchCycle: Model, @unchecked Sendable {
    static let schema = "dispatch_cycles"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "plan_id") var plan: Plan
    @Field(key: "month") var month: String
    @Field(key: "status") var status: CycleStatus
    /// The last day to report, and the instant it ends in Beijing, for comparisons in SQL.
    @Field(key: "deadline") var deadline: String
    @Field(key: "deadline_at") var deadlineAt: Date
    @Field(key: "opened_at") var openedAt: Date
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "published_at") var publishedAt: Date?
    /// The office's words for the bulletin.
    @Field(key: "note") var note: String
    /// JSON of `MonthSnapshot`, written once at publication and never changed.
    @OptionalField(key: "snapshot") var snapshot: String?

    init() {}
}

enum CycleStatus: String, Codable, Sendable, CaseIterable {
    case open, closed, published
    var labelKey: String { "cycleStatus.\(rawValue)" }
}

/// A dispatch meeting (调度会商) and its decisions; a decision may become a follow-up task.
final class DispatchMeeting: Model, @unchecked Sendable {
    static let schema = "dispatch_meetings"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "plan_id") var plan: Plan
    @Field(key: "held_on") var heldOn: String
    @Field(key: "title") var title: String
    @Field(key: "attendees") var attendees: String
    @Field(key: "minutes") var minutes: String
    @Field(key: "created_by") var createdBy: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

final class MeetingDecision: Model, @unchecked Sendable {
    static let schema = "meeting_decisions"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "meeting_id") var meeting: DispatchMeeting
    @Field(key: "seq") var seq: Int
    @Field(key: "text") var text: String
    @OptionalField(key: "task_id") var taskID: Int?

    init() {}
}
