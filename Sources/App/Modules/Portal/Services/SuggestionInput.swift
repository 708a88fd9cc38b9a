import Foundation

/// What a visitor typed into the suggestion form, checked against the portal's limits.
struct SuggestionInput: Sendable, Equatable {
    var name: String?
    var contact: String?
    var body: String

    static let maxName = 30
    static let maxContact = 50
    static let bodyLength = 5...500

    init(name: String?, contact: String?, body: String) {
        self.name = name?.trimmed.nilIfEmpty
        self.contact = contact?.trimmed.nilIfEmpty
        self.body = body.trimmed
    }

    static let empty = SuggestionInput(name: nil, contact: nil, body: "")

    /// Lengths count characters as a person sees them, so 500 汉字 are 500, not 1,500 bytes.
    var problems: [FieldProblem] {
        var problems: [FieldProblem] = []
        if (name?.count ?? 0) > Self.maxName { problems.append(.init(field: "name", key: "validation.tooLong", args: [String(Self.maxName)])) }
        if (contact?.count ?? 0) > Self.maxContact { problems.append(.init(field: "contact", key: "validation.tooLong", args: [String(Self.maxContact)])) }
        if body.isEmpty {
            problems.append(.init(field: "body", key: "validation.required"))
        } else if !Self.bodyLength.contains(body.count) {
            problems.append(.init(field: "body", key: "portal.suggestion.bodyLength",
                                  args: [String(Self.bodyLength.lowerBound), String(Self.bodyLength.upperBound)]))
        }
        return problems
    }
}
