/// Where a progress report stands: unit staff draft it, the unit head approves, the office reviews.
enum ReportStatus: String, Codable, Sendable, CaseIterable {
    case draft
    /// 待单位审核
    case pendingHead = "pending_head"
    /// 待营商办审核
    case pendingOffice = "pending_office"
    /// 审核通过: its percent and milestone count.
    case accepted

    var labelKey: String { "reportStatus.\(rawValue)" }
}

enum ReportAction: String, Sendable, CaseIterable {
    case submit
    /// A unit head's own report needs no second approval in the unit.
    case submitAsHead = "submit_as_head"
    case approve, headReturn = "head_return", accept, officeReturn = "office_return"

    var labelKey: String { "reportAction.\(rawValue)" }

    /// How this principal submits a report they wrote: a head's goes straight to the office.
    static func submit(by principal: Principal) -> ReportAction { principal.has(.unitHead) ? .submitAsHead : .submit }
}

/// Every move a report can make, in one table; a return sends it back to draft with a comment.
enum ReportStateMachine {
    struct Transition: Sendable {
        let action: ReportAction
        let from: ReportStatus
        let to: ReportStatus
        let actor: OrderActor
        let needsReason: Bool
    }

    static let transitions: [Transition] = [
        Transition(action: .submit, from: .draft, to: .pendingHead, actor: .unitMember, needsReason: false),
        Transition(action: .submitAsHead, from: .draft, to: .pendingOffice, actor: .unitHead, needsReason: false),
        Transition(action: .approve, from: .pendingHead, to: .pendingOffice, actor: .unitHead, needsReason: false),
        Transition(action: .headReturn, from: .pendingHead, to: .draft, actor: .unitHead, needsReason: true),
        Transition(action: .accept, from: .pendingOffice, to: .accepted, actor: .office, needsReason: false),
        Transition(action: .officeReturn, from: .pendingOffice, to: .draft, actor: .office, needsReason: true),
    ]

    static func transition(_ action: ReportAction, from status: ReportStatus) -> Transition? {
        transitions.first { $0.action == action && $0.from == status }
    }

    static func actions(from status: ReportStatus, for actors: Set<OrderActor>) -> [Transition] {
        transitions.filter { $0.from == status && actors.contains($0.actor) && !($0.action == .submit && actors.contains(.unitHead)) }
    }
}
