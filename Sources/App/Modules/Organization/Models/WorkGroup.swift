import Fluent
import Foundation

/// The leading group (领导小组) and the task forces (专班): a responsible city leader,
/// a lead unit and member units.
final class WorkGroup: Model, @unchecked Sendable {
    static let schema = "work_groups"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: WorkGroupKind
    @Field(key: "name") var name: String
    @OptionalParent(key: "leader_user_id") var leader: User?
    @OptionalParent(key: "lead_unit_id") var leadUnit: Unit?
    @Field(key: "description") var description: String
    @Field(key: "active") var active: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

enum WorkGroupKind: String, Codable, Sendable, CaseIterable, CatalogChoice {
    case leadingGroup = "leading_group", taskForce = "task_force"
    var labelKey: String { "groupKind.\(rawValue)" }
}

final class WorkGroupMember: Model, @unchecked Sendable {
    static let schema = "work_group_members"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "group_id") var group: WorkGroup
    @Parent(key: "unit_id") var unit: Unit

    init() {}
    init(groupID: Int, unitID: Int) {
        self.$group.id = groupID
        self.$unit.id = unitID
    }
}
