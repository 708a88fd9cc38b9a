import Fluent
import Foundation

/// A visit to an enterprise (走访) by the people paired with it or the office.
final class Visit: Model, @unchecked Sendable {
    static let schema = "enterprise_visits"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "enterprise_id") var enterprise: Enterprise
    @Field(key: "visited_on") var visitedOn: String
    @Field(key: "method") var method: VisitMethod
    /// Who went, as written by the recorder (colleagues from other units included).
    @Field(key: "people") var people: String
    @Field(key: "notes") var notes: String
    /// The policies explained to the firm.
    @Field(key: "policies") var policies: String
    @OptionalField(key: "follow_up_on") var followUpOn: String?
    @OptionalParent(key: "recorded_by") var recorder: User?
    @Field(key: "recorder_name") var recorderName: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// 实地 / 电话 / 微信 / 短信.
enum VisitMethod: String, Codable, Sendable, CaseIterable, CatalogChoice {
    case onSite = "on_site", phone, wechat, sms
    var labelKey: String { "visitMethod.\(rawValue)" }
}

/// A problem a firm raised during a visit. `demandID` links it to the demand ticket it became.
final class VisitProblem: Model, @unchecked Sendable {
    static let schema = "visit_problems"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "visit_id") var visit: Visit
    @Parent(key: "enterprise_id") var enterprise: Enterprise
    @Field(key: "category") var category: VisitProblemCategory
    @Field(key: "description") var description: String
    @OptionalField(key: "demand_id") var demandID: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// The categories the offices' reports group enterprises' problems by.
enum VisitProblemCategory: String, Codable, Sendable, CaseIterable, CatalogChoice {
    case financing, labour, land, approval, policy, utilities, logistics, market, legal, other
    var labelKey: String { "problemCategory.\(rawValue)" }
}
