import Fluent

extension EnterpriseRegistry {
    /// What stops a firm saved by hand (the form, the API) from having its credit code.
    enum CreditCodeClash: Equatable, Sendable {
        /// Another firm is on file with the code: a conflict with what is stored, not a typing mistake.
        case taken
        /// An edit changed the firm's code to one not on file: a registered firm's code does not change.
        case fixed

        var problem: FieldProblem {
            FieldProblem(field: "creditCode", key: self == .taken ? "enterprise.codeTaken" : "enterprise.codeFixed")
        }
    }

    /// `save` upserts by code, so without this rule a "new" firm with a code on file would silently
    /// overwrite that firm. A new firm's code must not be on file; an edit keeps its own code, neither
    /// moving onto another firm's nor changing to one not on file. Imports upsert on purpose and do not ask.
    func creditCodeClash(_ code: CreditCode, savingAs enterpriseID: Int?) async throws -> CreditCodeClash? {
        let holder = try await Enterprise.query(on: db).filter(\.$creditCode == code.value).first()?.id
        if let holder, holder != enterpriseID { return .taken }
        if enterpriseID != nil, holder == nil { return .fixed }
        return nil
    }
}
