import Foundation

/// What the office sets on a task, from the form, the API or an import row.
struct TaskInput: Sendable, Codable, Equatable {
    struct Milestone: Sendable, Codable, Equatable {
        var due: String
        var title: String
    }

    var code: String
    var title: String
    var measures: String = ""
    var source: String = TaskSource.province.rawValue
    var domainID: Int?
    var parentID: Int?
    var leadUnitID: Int?
    var responsibleUnitIDs: [Int] = []
    var leaderID: Int?
    var workGroupID: Int?
    var indicatorID: Int?
    var outputs: [String] = []
    var deadline: String = ""
    var milestones: [Milestone] = []
    var isKey = false
    var isPublic = true
    var isTest = false
    var weight: Int?
    var rollup: String = RollupMethod.weight.rawValue

    static let maxMilestones = 12
}

/// A task as the ledger lists it: one row of the plan tree.
struct TaskRow: Sendable, Codable, Equatable {
    let id: Int
    let planID: Int
    let parentID: Int?
    let depth: Int
    let code: String
    let title: String
    let source: String
    let status: String
    let progress: Int
    let rollup: String
    let weight: Int
    let isKey: Bool
    let isPublic: Bool
    let isTest: Bool
    let deadline: String
    let nextDue: String?
    let domainName: String
    let leadUnitID: Int
    let leadUnitName: String
    let leaderName: String?
    let childCount: Int
    let light: String
}

/// A task with everything its page shows.
struct TaskDetail: Sendable, Codable {
    let row: TaskRow
    let measures: String
    let outputs: [String]
    let indicatorID: Int?
    let domainID: Int
    let leaderID: Int?
    let workGroupID: Int?
    let workGroupName: String?
    let parentTitle: String?
    let planTitle: String
    let responsibleUnits: [UnitRef]
    let milestones: [MilestoneRow]
    let children: [TaskRow]
}

struct UnitRef: Sendable, Codable, Equatable {
    let id: Int
    let name: String
}

struct MilestoneRow: Sendable, Codable, Equatable {
    let id: Int
    let seq: Int
    let due: String
    let title: String
}

struct TaskFilter: Sendable {
    var planID: Int?
    var domainID: Int?
    var unitID: Int?
    var source: TaskSource?
    var status: TaskStatus?
    var light: TaskLight?
    var keyOnly = false
    var leaderID: Int?
    var workGroupID: Int?
    var query: String?
    var includeTest = false
    /// Show the whole tree (false) or only top-level tasks.
    var topLevelOnly = false
}
