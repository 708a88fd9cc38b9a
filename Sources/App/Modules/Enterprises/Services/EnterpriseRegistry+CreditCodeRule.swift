import Fluent

extension EnterpriseRegistry {
    /// What a credit code may do when one firm is saved by hand (the form, the API): `save` upserts
    /// by code, so without this a "new" firm with a code on file would silently overwrite that firm.
    /// A new firm's code must not be on file; an edit keeps its own code, neither moving onto another
    /// firm's nor changing to one not on file. Imports upsert on purpose and do not ask.
    func creditCodeProblem(_ code: CreditCode, savingAs enterpriseID: Int?) async throws -> FieldProblem? {
        let holder = try await Enterprise.query(on: db).filter(\.$creditCode == code.value).first()?.id
        if let holder, holder != enterpriseID { return FieldProblem(field: "creditCode", key: Self.creditCodeTaken) }
        if enterpriseID != nil, holder == nil { return FieldProblem(field: "creditCode", key: "enterprise.codeFixed") }
        return nil
    }

    /// The key of "another firm has this code": a conflict with what is on file, not a typing mistake.
    static let creditCodeTaken = "enterprise.codeTaken"
}
