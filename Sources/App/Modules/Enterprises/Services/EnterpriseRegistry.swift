import Fluent
import Foundation
import SQLKit

/// Writes enterprises: one by one from the form and the API, and row by row from imports.
/// Upserts by credit code; every field that changes is kept in `enterprise_changes` with who,
/// when and from where, and the write is audited.
struct EnterpriseRegistry: Sendable {
    let db: any Database

    enum Outcome: Equatable, Sendable { case created(Int), updated(Int), unchanged(Int) }

    /// An enterprise on file with its fields as `EnterpriseValues.fields` gives them, to compare an edit with.
    struct OnFile: Sendable {
        let enterprise: Enterprise
        let fields: [(String, String?)]
    }

    /// The towns and streets an enterprise may be placed in, as a file may name them.
    func towns() async throws -> [EnterpriseSheet.Region] {
        try await db.sql.raw("SELECT id, code, name, short_name FROM units WHERE kind IN ('town', 'street') AND active = \(bind: true)").all().map {
            EnterpriseSheet.Region(id: try $0.decode(column: "id", as: Int.self), code: try $0.decode(column: "code", as: String.self),
                                   name: try $0.decode(column: "name", as: String.self), shortName: try $0.decode(column: "short_name", as: String.self))
        }
    }

    func regions() async throws -> Set<Int> { Set(try await towns().map(\.id)) }

    /// The enterprises on file under these credit codes, with their former names and tags: three
    /// queries however many codes (an import batch asks for two thousand at once).
    func onFile(_ codes: [String]) async throws -> [String: OnFile] {
        guard !codes.isEmpty else { return [:] }
        let enterprises = try await Enterprise.query(on: db).filter(\.$creditCode ~~ codes).all()
        guard !enterprises.isEmpty else { return [:] }
        let ids = try enterprises.map { try $0.requireID() }
        let (names, tags) = try await namesAndTags(of: ids)
        var found: [String: OnFile] = [:]
        for enterprise in enterprises {
            let id = try enterprise.requireID()
            found[enterprise.creditCode] = OnFile(enterprise: enterprise, fields: try Self.fields(of: enterprise, formerNames: names[id] ?? [], tags: tags[id] ?? []))
        }
        return found
    }

    /// Former names (in order) and tags (by name) of these enterprises: two queries however many.
    func namesAndTags(of ids: [Int]) async throws -> (names: [Int: [String]], tags: [Int: [EnterpriseTag]]) {
        guard !ids.isEmpty else { return ([:], [:]) }
        var names: [Int: [String]] = [:]
        for row in try await db.sql.raw("""
            SELECT enterprise_id, name FROM enterprise_names WHERE enterprise_id IN (\(binds: ids)) ORDER BY enterprise_id, position
            """).all() {
            names[try row.decode(column: "enterprise_id", as: Int.self), default: []].append(try row.decode(column: "name", as: String.self))
        }
        var tags: [Int: [EnterpriseTag]] = [:]
        for row in try await db.sql.raw("SELECT enterprise_id, tag FROM enterprise_tags WHERE enterprise_id IN (\(binds: ids)) ORDER BY enterprise_id, tag").all() {
            if let tag = EnterpriseTag(rawValue: try row.decode(column: "tag", as: String.self)) {
                tags[try row.decode(column: "enterprise_id", as: Int.self), default: []].append(tag)
            }
        }
        return (names, tags)
    }

    @discardableResult
    func save(_ values: EnterpriseValues, source: String, by actor: AuditActor, now: Date = Date()) async throws -> Outcome {
        try await db.writeTransaction { db in
            let registry = EnterpriseRegistry(db: db)
            return try await registry.write(values, onFile: registry.onFile([values.creditCode.value])[values.creditCode.value],
                                            source: source, by: actor, now: now)
        }
    }

    /// Writes one enterprise given what is on file under its code. `db` is the caller's transaction.
    func write(_ values: EnterpriseValues, onFile: OnFile?, source: String, by actor: AuditActor, now: Date) async throws -> Outcome {
        let changed = values.fields.filter { field in onFile?.fields.first { $0.0 == field.0 }?.1 != field.1 }
        if let onFile, changed.isEmpty { return .unchanged(try onFile.enterprise.requireID()) }
        let enterprise = onFile?.enterprise ?? Enterprise()
        if onFile == nil { enterprise.serviceCode = EnterpriseCode.newToken() }
        Self.apply(values, to: enterprise, source: source)
        try await enterprise.save(on: db)
        let id = try enterprise.requireID()
        if changed.contains(where: { $0.0 == "former_names" }) {
            try await db.sql.raw("DELETE FROM enterprise_names WHERE enterprise_id = \(bind: id)").run()
            try await db.insertAll(values.formerNames.enumerated().map { position, name -> [any Encodable & Sendable] in [id, name, position] }, into: "enterprise_names", columns: ["enterprise_id", "name", "position"])
        }
        if changed.contains(where: { $0.0 == "tags" }) {
            try await db.sql.raw("DELETE FROM enterprise_tags WHERE enterprise_id = \(bind: id)").run()
            try await db.insertAll(values.tags.map { tag -> [any Encodable & Sendable] in [id, tag.rawValue] }, into: "enterprise_tags", columns: ["enterprise_id", "tag"])
        }
        let before = Dictionary(onFile?.fields ?? [], uniquingKeysWith: { first, _ in first })
        try await db.insertAll(changed.map { field, after -> [any Encodable & Sendable] in [id, now, actor.id, actor.name, source, field, before[field] ?? nil, after] },
                               into: "enterprise_changes", columns: ["enterprise_id", "changed_at", "actor_id", "actor_name", "source", "field", "before", "after"])
        let after = Dictionary(changed.map { ($0.0, $0.1 ?? "") }, uniquingKeysWith: { first, _ in first })
        try await AuditLog.record(AuditEvent(action: onFile == nil ? "enterprise.create" : "enterprise.update", entityType: "enterprise",
                                             entityID: String(id), reason: source,
                                             before: onFile == nil ? "" : AuditLog.snapshot(after.keys.reduce(into: [String: String]()) { $0[$1] = (before[$1] ?? nil) ?? "" }),
                                             after: AuditLog.snapshot(after)), by: actor, on: db)
        return onFile == nil ? .created(id) : .updated(id)
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
        enterprise.closedOn = values.closedOn?.description
        enterprise.source = source
        enterprise.searchTerms = SearchTerms.document([values.name] + values.formerNames)
    }

    /// A stored enterprise in the form `EnterpriseValues.fields` gives.
    private static func fields(of enterprise: Enterprise, formerNames: [String], tags: [EnterpriseTag]) throws -> [(String, String?)] {
        // Stored codes were checked on the way in; a row edited by hand outside the app is refused, not trusted.
        guard let code = CreditCode(enterprise.creditCode) else { throw AppError.conflict(key: "enterprise.storedCodeInvalid") }
        return EnterpriseValues(
            creditCode: code, name: enterprise.name, formerNames: formerNames, legalRepresentative: enterprise.legalRepresentative,
            regionUnitID: enterprise.$region.id, address: enterprise.address, industryCode: enterprise.industryCode, size: enterprise.size,
            aboveScale: enterprise.aboveScale, upgradeCandidate: enterprise.upgradeCandidate, registeredOn: enterprise.registeredOn.flatMap(CivilDate.init),
            capital: enterprise.capital, employees: enterprise.employees, tags: tags.sorted { $0.rawValue < $1.rawValue }, status: enterprise.status,
            closedOn: enterprise.closedOn.flatMap(CivilDate.init)).fields
    }
}
