/// The moves of a dispatch month. Publishing is final: a published month's figures are frozen.
enum CycleAction: String, Sendable, CaseIterable {
    case close, reopen, publish
    var labelKey: String { "cycleAction.\(rawValue)" }
}

enum CycleStateMachine {
    struct Transition: Sendable {
        let action: CycleAction
        let from: CycleStatus
        let to: CycleStatus
    }

    static let transitions: [Transition] = [
        Transition(action: .close, from: .open, to: .closed),
        Transition(action: .reopen, from: .closed, to: .open),
        Transition(action: .publish, from: .closed, to: .published),
    ]

    static func transition(_ action: CycleAction, from status: CycleStatus) -> Transition? {
        transitions.first { $0.action == action && $0.from == status }
    }
}
