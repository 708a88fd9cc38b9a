/// Where a suggestion stands. Only `approved` ones are ever shown on the portal.
enum SuggestionStatus: String, Codable, Sendable, CaseIterable {
    case pending, approved, rejected

    var labelKey: String { "portal.suggestionStatus.\(rawValue)" }
}

enum SuggestionDecision: String, Sendable, CaseIterable {
    case approve, reject

    var labelKey: String { "portal.decision.\(rawValue)" }
}

/// Every move the office can make on a suggestion, in one table. Decisions can be revisited
/// (an approved one taken down, a rejected one reconsidered, a reply corrected); rejecting
/// twice changes nothing and is refused so the audit log only holds real changes.
enum SuggestionStateMachine {
    struct Transition: Sendable {
        let decision: SuggestionDecision
        let from: SuggestionStatus
        let to: SuggestionStatus
    }

    static let transitions: [Transition] = [
        Transition(decision: .approve, from: .pending, to: .approved),
        Transition(decision: .reject, from: .pending, to: .rejected),
        Transition(decision: .approve, from: .approved, to: .approved),
        Transition(decision: .reject, from: .approved, to: .rejected),
        Transition(decision: .approve, from: .rejected, to: .approved),
    ]

    static func transition(_ decision: SuggestionDecision, from status: SuggestionStatus) -> Transition? {
        transitions.first { $0.decision == decision && $0.from == status }
    }
}
