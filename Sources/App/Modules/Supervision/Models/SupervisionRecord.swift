import Fluent
import Foundation

/// One act of supervision (督办) on a unit's work order: an automatic reminder or urging, a
/// manual urging, a supervision sheet, a notice letter, a yellow or red card, or an interview.
/// All kinds share one table so a unit's and a task's history read in one query.
final class SupervisionRecord: Model, @unchecked Sendable {
    static let schema = "supervision_records"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: SupervisionKind
    /// Issued by the office or raised by the daily scan.
    @Field(key: "automatic") var automatic: Bool
    @Parent(key: "order_id") var order: WorkOrder
    @Field(key: "task_id") var taskID: Int
    @Field(key: "unit_id") var unitID: Int
    @Field(key: "title") var title: String
    @Field(key: "content") var content: String
    @Field(key: "status") var status: SupervisionStatus
    /// For automatic records: the due date they were raised for, so the scan raises each once.
    @OptionalField(key: "due_key") var dueKey: String?
    @OptionalField(key: "reply_due") var replyDue: String?
    @OptionalField(key: "reply") var reply: String?
    @OptionalField(key: "replied_at") var repliedAt: Date?
    /// Cards: what the unit must achieve before the card comes off.
    @OptionalField(key: "lift_condition") var liftCondition: String?
    @OptionalField(key: "lifted_at") var liftedAt: Date?
    @OptionalField(key: "lift_reason") var liftReason: String?
    /// Red cards: the unit's written report (书面报告), reviewed like a progress report.
    @OptionalField(key: "written_report") var writtenReport: String?
    @OptionalField(key: "report_status") var reportStatus: ReportStatus?
    @OptionalField(key: "report_comment") var reportComment: String?
    /// Notice letters: addressed to the unit itself or to its responsible leader.
    @OptionalField(key: "addressee") var addressee: String?
    /// Interviews.
    @OptionalField(key: "meeting_date") var meetingDate: String?
    @OptionalField(key: "attendees") var attendees: String?
    @OptionalField(key: "follow_up") var followUp: String?
    @OptionalField(key: "issued_by") var issuedBy: Int?
    @Field(key: "issued_at") var issuedAt: Date

    init() {}
}

enum SupervisionKind: String, Codable, Sendable, CaseIterable {
    /// 临期提醒 (automatic)
    case reminder
    /// 催办 (automatic when overdue, or by hand)
    case urge
    /// 督办单: the unit must reply by a date
    case sheet
    /// 工作提示函: a printable letter
    case notice
    /// 黄牌 / 红牌 挂牌督办
    case yellowCard = "yellow_card", redCard = "red_card"
    /// 约谈
    case interview

    var labelKey: String { "supervisionKind.\(rawValue)" }
    var isCard: Bool { self == .yellowCard || self == .redCard }
    var needsReply: Bool { self == .sheet || self == .notice }
}

enum SupervisionStatus: String, Codable, Sendable, CaseIterable {
    /// Issued; for sheets and letters, waiting for the unit's reply; for cards, in force.
    case open
    /// The unit replied (sheets, letters).
    case answered
    /// A card taken off.
    case lifted
    /// Nothing more to do (reminders, urgings, interviews on record).
    case recorded

    var labelKey: String { "supervisionStatus.\(rawValue)" }
}
