import Fluent
import Foundation

/// One person paired with one enterprise in one role, from `startedAt` until `endedAt`.
/// Current pairings have no end; ended ones are the history.
final class Pairing: Model, @unchecked Sendable {
    static let schema = "enterprise_pairings"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "enterprise_id") var enterprise: Enterprise
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: PairingKind
    @Field(key: "started_at") var startedAt: Date
    @Field(key: "started_by") var startedBy: String
    @Field(key: "start_reason") var startReason: String
    @OptionalField(key: "ended_at") var endedAt: Date?
    @OptionalField(key: "ended_by") var endedBy: String?
    @OptionalField(key: "end_reason") var endReason: String?

    init() {}
}

/// The kinds of pairing. A firm has at most one current pairing of each kind.
enum PairingKind: String, Codable, Sendable, CaseIterable, CatalogChoice {
    /// 领导包联: a city leader with a key enterprise.
    case leader
    /// 服务专员.
    case commissioner
    /// 企业联络员.
    case liaison
    /// 首席服务员, for projects.
    case chief

    var labelKey: String { "pairingKind.\(rawValue)" }

    /// Key firms are visited monthly, the rest quarterly; the office changes these on the settings page.
    var defaultVisitDays: Int {
        switch self {
        case .leader, .commissioner, .chief: 30
        case .liaison: 90
        }
    }

    var defaultMaxLoad: Int {
        switch self {
        case .leader: 10
        case .commissioner: 10
        case .liaison: 20
        case .chief: 5
        }
    }

    /// The role a person must hold to be paired in this kind.
    var requiredRole: Role {
        switch self {
        case .leader: .leader
        case .commissioner, .liaison, .chief: .commissioner
        }
    }
}

/// A kind's visit period (days) and the most firms one person may hold in it.
final class PairingKindSetting: Model, @unchecked Sendable {
    static let schema = "pairing_kind_settings"

    @ID(custom: "kind", generatedBy: .user) var id: String?
    @Field(key: "visit_days") var visitDays: Int
    @Field(key: "max_load") var maxLoad: Int

    init() {}
}
