/// The moves a supervision record can make after it is issued. A red card's written report
/// moves through `ReportStateMachine`, like a progress report.
enum SupervisionAction: String, Sendable, CaseIterable {
    /// The unit answers a supervision sheet or notice letter.
    case reply
    /// The office takes a card off; a red card only once its written report is accepted.
    case lift

    var labelKey: String { "supervisionAction.\(rawValue)" }
}

enum SupervisionStateMachine {
    struct Transition: Sendable {
        let action: SupervisionAction
        let kinds: Set<SupervisionKind>
        let from: SupervisionStatus
        let to: SupervisionStatus
        let actor: OrderActor
    }

    static let transitions: [Transition] = [
        Transition(action: .reply, kinds: [.sheet, .notice], from: .open, to: .answered, actor: .unitMember),
        Transition(action: .lift, kinds: [.yellowCard, .redCard], from: .open, to: .lifted, actor: .office),
    ]

    static func transition(_ action: SupervisionAction, kind: SupervisionKind, from status: SupervisionStatus) -> Transition? {
        transitions.first { $0.action == action && $0.kinds.contains(kind) && $0.from == status }
    }

    /// The status a newly issued record starts in.
    static func initialStatus(_ kind: SupervisionKind) -> SupervisionStatus {
        switch kind {
        case .sheet, .notice, .yellowCard, .redCard: .open
        case .reminder, .urge, .interview: .recorded
        }
    }
}
