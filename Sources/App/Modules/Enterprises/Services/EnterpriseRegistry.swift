import Fluent
import Foundation
import SQLKit

/// Writes enterprises: one by one from the form and the API, and row by row from imports.
/// Upserts by credit code; every field that changes is kept in `enterprise_changes` with who,
/// when and from where, and the write is audited.
struct EnterpriseRegistry: Sendable {
    let db: any Database

    enum Outcome: Equatable, Sendable { case created(Int), updated(Int), unchanged(Int) }

    /// The towns and streets an enterprise may be placed in.
    func regions() async throws -> Set<Int> {
        Set(try await db.sql.raw("SELECT id FROM units WHERE kind IN ('town', 'street') AND active = \(bind: true)").all()
            .map { try $0.decode(column: "id", as: Int.self) })
    }

    /// `db` may be the caller's transaction (an import batch); otherwise one is opened here.
    @discardableResult
    func save(_ values: EnterpriseValues, source: String, by actor: AuditActor, now: Date = Date()) async throws -> Outcome {
        try await db.writeTransaction { db in
            let existing = try await Enterprise.query(on: db).filter(\.$creditCode == values.creditCode.value).first()
            let enterprise = existing ?? Enterprise()
            let before = try await existing.asyncMap { try await Self.stored($0, on: db) }
            let changed = values.fields.filter { field in before?.first { $0.0 == field.0 }?.1 != field.1 }
            if let existing, changed.isEmpty { return .unchanged(try existing.requireID()) }
            Self.apply(values, to: enterprise, source: source)
            try await enterprise.save(on: db)
            let id = try enterprise.requireID()
            let sql = db.sql
            if changed.contains(where: { $0.0 == "former_names" }) {
                try await sql.raw("DELETE FROM enterprise_names WHERE enterprise_id = \(bind: id)").run()
                for (position, name) in values.formerNames.enumerated() {
                    try await sql.raw("INSERT INTO enterprise_names (enterprise_id, name, position) VALUES (\(bind: id), \(bind: name), \(bind: position))").run()
                }
            }
            if changed.contains(where: { $0.0 == "tags" }) {
                try await sql.raw("DELETE FROM enterprise_tags WHERE enterprise_id = \(bind: id)").run()
                for tag in values.tags {
                    try await sql.raw("INSERT INTO enterprise_tags (enterprise_id, tag) VALUES (\(bind: id), \(bind: tag.rawValue))").run()
                }
            }
            let previous = Dictionary(before ?? [], uniquingKeysWith: { first, _ in first })
            for (field, after) in changed {
                try await sql.raw("""
                    INSERT INTO enterprise_changes (enterprise_id, changed_at, actor_id, actor_name, source, field, before, after)
                    VALUES (\(bind: id), \(bind: now), \(bind: actor.id), \(bind: actor.name), \(bind: source), \(bind: field),
                            \(bind: previous[field] ?? nil), \(bind: after))
                    """).run()
            }
            let diff = Dictionary(changed.map { ($0.0, $0.1 ?? "") }, uniquingKeysWith: { first, _ in first })
            try await AuditLog.record(AuditEvent(action: existing == nil ? "enterprise.create" : "enterprise.update", entityType: "enterprise",
                                                 entityID: String(id), reason: source,
                                                 before: existing == nil ? "" : AuditLog.snapshot(previous.filter { diff[$0.key] != nil }.mapValues { $0 ?? "" }),
                                                 after: AuditLog.snapshot(diff)), by: actor, on: db)
            return existing == nil ? .created(id) : .updated(id)
        }
    }

    private static func apply(_ values: EnterpriseValues, to enterprise: Enterprise, source: String) {
        enterprise.creditCode = values.creditCode.value
        enterprise.name = values.name
        enterprise.legalRepresentative = values.legalRepresentative
        enterprise.$region.id = values.regionUnitID
        enterprise.address = values.address
        enterprise.industryCode = values.industryCode
        enterprise.size = values.size
        enterprise.aboveScale = values.aboveScale
        enterprise.upgradeCandidate = values.upgradeCandidate
        enterprise.registeredOn = values.registeredOn?.description
        enterprise.capitalMinor = values.capital?.minorUnits
        enterprise.capitalCurrency = values.capital?.currency
        enterprise.employees = values.employees
        enterprise.status = values.status
        enterprise.source = source
        enterprise.searchTerms = SearchTerms.document([values.name] + values.formerNames)
    }

    /// A stored enterprise in the form `EnterpriseValues.fields` gives, to compare an edit with.
    static func stored(_ enterprise: Enterprise, on db: any Database) async throws -> [(String, String?)] {
        let id = try enterprise.requireID()
        let names = try await db.sql.raw("SELECT name FROM enterprise_names WHERE enterprise_id = \(bind: id) ORDER BY position").all()
            .map { try $0.decode(column: "name", as: String.self) }
        let tags = try await db.sql.raw("SELECT tag FROM enterprise_tags WHERE enterprise_id = \(bind: id)").all()
            .compactMap { EnterpriseTag(rawValue: try $0.decode(column: "tag", as: String.self)) }
        // Stored codes were checked on the way in; a row edited by hand outside the app is refused, not trusted.
        guard let code = CreditCode(enterprise.creditCode) else { throw AppError.conflict(key: "enterprise.storedCodeInvalid") }
        let capital = enterprise.capitalMinor.flatMap { minor in enterprise.capitalCurrency.map { RegisteredCapital(minorUnits: minor, currency: $0) } }
        return EnterpriseValues(
            creditCode: code, name: enterprise.name, formerNames: names, legalRepresentative: enterprise.legalRepresentative,
            regionUnitID: enterprise.$region.id, address: enterprise.address, industryCode: enterprise.industryCode, size: enterprise.size,
            aboveScale: enterprise.aboveScale, upgradeCandidate: enterprise.upgradeCandidate, registeredOn: enterprise.registeredOn.flatMap(CivilDate.init),
            capital: capital, employees: enterprise.employees, tags: tags.sorted { $0.rawValue < $1.rawValue }, status: enterprise.status).fields
    }
}
