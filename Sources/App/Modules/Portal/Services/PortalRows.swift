import Foundation

/// What the portal shows, and nothing more: these structs carry no person's name, no report
/// text and no internal flag, so a view cannot leak what it was never given.

/// A published plan with figures over its public tasks only.
struct PortalPlanRow: Sendable, Equatable {
    let id: Int
    let title: String
    let year: Int
    let summary: String
    let taskCount: Int
    let completedCount: Int
    /// Average progress of the public tree's leaves (a public parent would count its children twice).
    let progress: Int
}

/// One public task in a list.
struct PortalTaskRow: Sendable, Equatable {
    let id: Int
    let depth: Int
    let code: String
    let title: String
    let domainName: String
    let leadUnitName: String
    let deadline: String
    let progress: Int
    let status: String
    let light: String
}

/// A public task's own page.
struct PortalTaskDetail: Sendable, Equatable {
    let id: Int
    let planID: Int
    let planTitle: String
    let code: String
    let title: String
    let measures: String
    let domainName: String
    let leadUnitName: String
    let deadline: String
    let progress: Int
    let status: String
    let light: String
    /// Set only when the parent is itself public.
    let parentID: Int?
    let parentTitle: String?
}

struct PortalMilestone: Sendable, Equatable {
    let due: String
    let title: String
}

/// One month as the monthly dispatch published it.
struct PortalHistoryRow: Sendable, Equatable {
    let month: String
    let progress: Int
    let status: String
    let light: String
    let publishedAt: Date?
}

/// An approved suggestion as the public sees it: no contact, no address.
struct PublicSuggestion: Sendable, Equatable {
    let id: Int
    let name: String?
    let body: String
    let reply: String?
    let createdAt: Date?
    let repliedAt: Date?
}

/// The filters of a public task list.
struct PortalTaskFilter: Sendable, Equatable {
    var planID: Int?
    var domainID: Int?
    var status: TaskStatus?
    var light: TaskLight?
    var query: String?

    static let queryFields = ["q", "domain", "status", "light"]

    static func from(_ query: FormInput) -> PortalTaskFilter {
        PortalTaskFilter(domainID: query.int("domain"), status: query["status"].flatMap(TaskStatus.init(rawValue:)),
                         light: query["light"].flatMap(TaskLight.init(rawValue:)), query: query["q"].map { String($0.prefix(100)) })
    }

    var isEmpty: Bool { domainID == nil && status == nil && light == nil && (query ?? "").isEmpty }
}
