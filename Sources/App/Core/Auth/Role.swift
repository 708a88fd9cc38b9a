/// The roles a user can hold. A user has one or more; permissions are the union.
enum Role: String, Sendable, CaseIterable, Codable, Hashable, CatalogChoice {
    case admin            // 系统管理员
    case office           // 营商办工作人员
    case leader           // 市领导: read-only cockpit, writes instructions (批示)
    case unitStaff = "unit_staff"      // 经办人
    case unitHead = "unit_head"        // 单位负责人: approves what the unit submits
    case commissioner     // 服务专员/联络员
    case enterprise       // 企业用户
    case supervisor       // 特邀监督员

    var labelKey: String { "role.\(rawValue)" }

    /// Roles whose holders see the whole city rather than their own unit's subtree.
    var seesWholeCity: Bool { self == .admin || self == .office || self == .leader }
}
