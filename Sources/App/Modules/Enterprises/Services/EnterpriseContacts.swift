import Fluent
import Foundation
import SQLKit

/// An enterprise's contacts: names, roles, phones and, for a legal representative, an identity
/// number. Numbers are checked on the way in and shown masked (`Masking`) until someone who
/// serves the firm reveals them; each reveal is audited.
struct EnterpriseContacts: Sendable {
    let db: any Database

    struct Input: Sendable, Codable, Equatable {
        var name = ""
        var role = ""
        var phone = ""
        var idNumber = ""
    }

    static let maxPerEnterprise = 20

    func list(_ enterpriseID: Int) async throws -> [EnterpriseDossier.Contact] {
        try await db.sql.raw("""
            SELECT id, name, role, phone, id_number FROM enterprise_contacts WHERE enterprise_id = \(bind: enterpriseID) ORDER BY position, id
            """).all().map {
                EnterpriseDossier.Contact(id: try $0.decode(column: "id", as: Int.self), name: try $0.decode(column: "name", as: String.self),
                                          role: try $0.decode(column: "role", as: String.self), phone: try $0.decode(column: "phone", as: String.self),
                                          idNumber: try $0.decode(column: "id_number", as: String?.self))
            }
    }

    /// The checked contact, or every problem with it.
    static func check(_ input: Input) -> Result<Input, AppError> {
        var problems: [FieldProblem] = []
        let name = input.name.trimmedSpaces
        if name.isEmpty { problems.append(.init(field: "name", key: "validation.required")) }
        if name.count > 50 { problems.append(.init(field: "name", key: "validation.tooLong", args: ["50"])) }
        let role = input.role.trimmedSpaces
        if role.count > 50 { problems.append(.init(field: "role", key: "validation.tooLong", args: ["50"])) }
        let phone = PhoneNumber(input.phone)
        if phone == nil { problems.append(.init(field: "phone", key: input.phone.isEmpty ? "validation.required" : "contact.phoneInvalid")) }
        let idText = input.idNumber.trimmedSpaces
        let id = idText.isEmpty ? nil : ResidentID(idText)
        if !idText.isEmpty, id == nil { problems.append(.init(field: "idNumber", key: "contact.idNumberInvalid")) }
        guard problems.isEmpty, let phone else { return .failure(.validation(problems)) }
        return .success(Input(name: name, role: role, phone: phone.value, idNumber: id?.value ?? ""))
    }

    /// Adds a contact; the change is in the firm's history with the number masked, so the history
    /// never becomes a way round the reveal.
    func add(_ input: Input, to enterpriseID: Int, by actor: AuditActor, now: Date = Date()) async throws {
        let checked = try Self.check(input).get()
        try await db.writeTransaction { db in
            let count = try await db.sql.raw("SELECT COUNT(*) AS n FROM enterprise_contacts WHERE enterprise_id = \(bind: enterpriseID)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            guard count < Self.maxPerEnterprise else { throw AppError.conflict(key: "contact.tooMany") }
            try await db.sql.raw("""
                INSERT INTO enterprise_contacts (enterprise_id, name, role, phone, id_number, position)
                VALUES (\(bind: enterpriseID), \(bind: checked.name), \(bind: checked.role), \(bind: checked.phone),
                        \(bind: checked.idNumber.isEmpty ? nil : checked.idNumber), \(bind: count))
                """).run()
            try await record(enterpriseID, before: nil, after: Self.summary(checked.name, checked.phone), action: "enterprise.contactAdd", by: actor, now: now, on: db)
        }
    }

    func remove(_ contactID: Int, of enterpriseID: Int, by actor: AuditActor, now: Date = Date()) async throws {
        try await db.writeTransaction { db in
            guard let row = try await db.sql.raw("""
                SELECT name, phone FROM enterprise_contacts WHERE id = \(bind: contactID) AND enterprise_id = \(bind: enterpriseID)
                """).first() else { throw AppError.notFound }
            try await db.sql.raw("DELETE FROM enterprise_contacts WHERE id = \(bind: contactID)").run()
            let summary = Self.summary(try row.decode(column: "name", as: String.self), try row.decode(column: "phone", as: String.self))
            try await record(enterpriseID, before: summary, after: nil, action: "enterprise.contactRemove", by: actor, now: now, on: db)
        }
    }

    /// Records that `actor` saw the firm's numbers whole, and why they are shown.
    func reveal(_ enterpriseID: Int, by actor: AuditActor, now: Date = Date()) async throws {
        try await AuditLog.record(AuditEvent(action: "enterprise.contactsReveal", entityType: "enterprise", entityID: String(enterpriseID)),
                                  by: actor, on: db, now: now)
    }

    static func summary(_ name: String, _ phone: String) -> String { "\(name) \(Masking.phone(phone))" }

    private func record(_ enterpriseID: Int, before: String?, after: String?, action: String, by actor: AuditActor, now: Date, on db: any Database) async throws {
        try await db.sql.raw("""
            INSERT INTO enterprise_changes (enterprise_id, changed_at, actor_id, actor_name, source, field, before, after)
            VALUES (\(bind: enterpriseID), \(bind: now), \(bind: actor.id), \(bind: actor.name), 'manual', 'contacts', \(bind: before), \(bind: after))
            """).run()
        try await AuditLog.record(AuditEvent(action: action, entityType: "enterprise", entityID: String(enterpriseID),
                                             before: before ?? "", after: after ?? ""), by: actor, on: db, now: now)
    }
}
