/// Where a work order stands. The light (due soon, overdue) is computed from dates, not stored.
enum OrderStatus: String, Codable, Sendable, CaseIterable {
    /// 待签收: sent to the unit, not yet signed for.
    case dispatched
    /// 已退回: the unit sent it back with a reason; the office decides.
    case returned
    /// 推进中: signed; the unit reports progress.
    case inProgress = "in_progress"
    /// 待验收: the unit applied for completion; the office verifies.
    case completionRequested = "completion_requested"
    /// 已办结: verified by the office (办结销号).
    case completed
    /// 已撤销: taken back by the office, e.g. when the units of a task change.
    case withdrawn

    var labelKey: String { "orderStatus.\(rawValue)" }
    var isOpen: Bool { self != .completed && self != .withdrawn }
}

/// Who may fire a transition, relative to the order.
enum OrderActor: Sendable, Hashable {
    /// Staff or head of the order's own unit.
    case unitMember
    /// The head of the order's own unit.
    case unitHead
    /// The business-environment office.
    case office
}

enum OrderAction: String, Sendable, CaseIterable {
    case sign, giveBack = "return", redispatch, insist, withdraw
    case applyCompletion = "apply_completion", verifyCompletion = "verify_completion", rejectCompletion = "reject_completion", reopen

    var labelKey: String { "orderAction.\(rawValue)" }
}

/// Every move a work order can make, in one table. The service refuses anything not listed here,
/// and every move it makes writes the audit log.
enum OrderStateMachine {
    struct Transition: Sendable {
        let action: OrderAction
        let from: Set<OrderStatus>
        let to: OrderStatus
        let actor: OrderActor
        let needsReason: Bool
    }

    static let transitions: [Transition] = [
        Transition(action: .sign, from: [.dispatched], to: .inProgress, actor: .unitMember, needsReason: false),
        Transition(action: .giveBack, from: [.dispatched], to: .returned, actor: .unitMember, needsReason: true),
        // After a return the office either sends it again (perhaps after talking to the unit) or
        // insists that it stands; both go back to the unit and are recorded with the reason.
        Transition(action: .redispatch, from: [.returned], to: .dispatched, actor: .office, needsReason: true),
        Transition(action: .insist, from: [.returned], to: .dispatched, actor: .office, needsReason: true),
        Transition(action: .withdraw, from: [.dispatched, .returned, .inProgress], to: .withdrawn, actor: .office, needsReason: true),
        Transition(action: .applyCompletion, from: [.inProgress], to: .completionRequested, actor: .unitHead, needsReason: true),
        Transition(action: .verifyCompletion, from: [.completionRequested], to: .completed, actor: .office, needsReason: false),
        Transition(action: .rejectCompletion, from: [.completionRequested], to: .inProgress, actor: .office, needsReason: true),
        Transition(action: .reopen, from: [.completed], to: .inProgress, actor: .office, needsReason: true),
    ]

    static func transition(_ action: OrderAction, from status: OrderStatus) -> Transition? {
        transitions.first { $0.action == action && $0.from.contains(status) }
    }

    /// The actions an actor could take on an order in this status, for the buttons a page shows.
    static func actions(from status: OrderStatus, for actors: Set<OrderActor>) -> [Transition] {
        transitions.filter { $0.from.contains(status) && actors.contains($0.actor) }
    }
}
