import Foundation

/// The figures of a month as they stood when the office published it. Stored as JSON on the
/// cycle and never recomputed: later changes to tasks do not rewrite a published bulletin.
struct MonthSnapshot: Sendable, Codable, Equatable {
    struct Totals: Sendable, Codable, Equatable {
        var tasks = 0
        var completed = 0
        var onSchedule = 0
        var dueSoon = 0
        var overdue = 0
        var orders = 0
        var ordersCompleted = 0
        var averageProgress = 0
    }

    struct TaskLine: Sendable, Codable, Equatable {
        let code: String
        let title: String
        let leadUnit: String
        let due: String?
        let progress: Int
    }

    struct CardLine: Sendable, Codable, Equatable {
        let unit: String
        let kind: String
        let task: String
        let content: String
    }

    let planTitle: String
    let month: String
    let publishedAt: Date
    let note: String
    let totals: Totals
    let units: [UnitFigures]
    let domains: [DomainFigures]
    /// Tasks completed during the month.
    let completedThisMonth: [TaskLine]
    let overdue: [TaskLine]
    /// Cards and interviews issued during the month.
    let cards: [CardLine]
    let rule: String
}
