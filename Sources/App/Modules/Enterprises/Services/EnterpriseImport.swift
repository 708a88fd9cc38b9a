import Fluent
import Foundation
import SQLKit

/// Imports the registry from a spreadsheet: every row checked first, then written in batches,
/// each batch in one transaction (all of it or none). New enterprises go in as multi-row INSERTs;
/// enterprises already on file (same credit code) are read for the whole batch at once and go
/// through `EnterpriseRegistry.write`, which keeps only real changes, each in the history.
struct EnterpriseImport: Sendable {
    let db: any Database

    static let maxRows = 400_000
    static let batchSize = 2_000

    struct Checked: Sendable {
        var valid: [(row: Int, values: EnterpriseValues)] = []
        var problems: [ImportProblem] = []
        var totalRows = 0
        var problemRowCount: Int { Set(problems.map(\.row)).count }
    }

    struct Outcome: Equatable, Sendable {
        var created = 0, updated = 0, unchanged = 0
        static func + (lhs: Outcome, rhs: Outcome) -> Outcome {
            Outcome(created: lhs.created + rhs.created, updated: lhs.updated + rhs.updated, unchanged: lhs.unchanged + rhs.unchanged)
        }
    }

    func check(_ cells: [[Cell]], today: CivilDate) async throws -> Checked {
        let regions = try await EnterpriseRegistry(db: db).towns()
        let (rows, sheetProblems) = EnterpriseSheet(regions: regions).read(cells)
        var checked = Checked(problems: sheetProblems, totalRows: rows.count)
        let regionIDs = Set(regions.map(\.id))
        let column = { (key: String) in EnterpriseSheet.columns.first { $0.key == key }?.zh ?? key }
        // The input's fields are named as the sheet's columns but for these two.
        let fieldColumns = ["regionUnitID": "region", "industryCode": "industry"]
        let rowsWithSheetProblems = Set(sheetProblems.map(\.row))
        var firstRowOfCode: [String: Int] = [:]
        for row in rows {
            switch row.input.check(regions: regionIDs, today: today, capitalUnit: row.capitalUnit) {
            case .success(let values):
                if let first = firstRowOfCode[values.creditCode.value] {
                    checked.problems.append(ImportProblem(row: row.number, column: column("creditCode"), key: "import.duplicateInFile", args: [String(first)]))
                } else if !rowsWithSheetProblems.contains(row.number) {
                    firstRowOfCode[values.creditCode.value] = row.number
                    checked.valid.append((row.number, values))
                }
            case .failure(.validation(let problems)):
                for problem in problems {
                    checked.problems.append(ImportProblem(row: row.number, column: column(fieldColumns[problem.field] ?? problem.field), key: problem.key,
                                                          args: problem.args))
                }
            case .failure(let error): throw error
            }
        }
        checked.problems.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        return checked
    }

    /// Writes one batch in one transaction and audits it as a whole.
    func apply(_ batch: ArraySlice<(row: Int, values: EnterpriseValues)>, source: String, by actor: AuditActor, now: Date = Date()) async throws -> Outcome {
        guard !batch.isEmpty else { return Outcome() }
        return try await db.writeTransaction { db in
            let registry = EnterpriseRegistry(db: db)
            let known = try await registry.onFile(batch.map(\.values.creditCode.value))
            var outcome = Outcome()
            let fresh = batch.filter { known[$0.values.creditCode.value] == nil }.map(\.values)
            if !fresh.isEmpty {
                try await db.insertAll(fresh.map { values -> [any Encodable & Sendable] in
                    [values.creditCode.value, values.name, values.legalRepresentative, values.regionUnitID, values.address, values.industryCode,
                     values.size?.rawValue, values.aboveScale, values.upgradeCandidate, values.registeredOn?.description, values.capital?.minorUnits,
                     values.capital?.currency, values.employees, values.status.rawValue, values.closedOn?.description, source, SearchTerms.document([values.name] + values.formerNames),
                     now, now]
                }, into: Enterprise.schema, columns: ["credit_code", "name", "legal_representative", "region_unit_id", "address", "industry_code",
                                                     "size", "above_scale", "upgrade_candidate", "registered_on", "capital_minor", "capital_currency",
                                                     "employees", "status", "closed_on", "source", "search_terms", "created_at", "updated_at"])
                let ids = Dictionary(uniqueKeysWithValues: try await db.sql.raw("""
                    SELECT id, credit_code FROM enterprises WHERE credit_code IN (\(binds: fresh.map(\.creditCode.value)))
                    """).all().map { (try $0.decode(column: "credit_code", as: String.self), try $0.decode(column: "id", as: Int.self)) })
                var names: [[any Encodable & Sendable]] = []
                var tags: [[any Encodable & Sendable]] = []
                var changes: [[any Encodable & Sendable]] = []
                for values in fresh {
                    guard let id = ids[values.creditCode.value] else { continue }
                    for (position, name) in values.formerNames.enumerated() { names.append([id, name, position]) }
                    for tag in values.tags { tags.append([id, tag.rawValue]) }
                    changes.append([id, now, actor.id, actor.name, source, "created", nil as String?, values.name])
                }
                try await db.insertAll(names, into: "enterprise_names", columns: ["enterprise_id", "name", "position"])
                try await db.insertAll(tags, into: "enterprise_tags", columns: ["enterprise_id", "tag"])
                try await db.insertAll(changes, into: "enterprise_changes",
                                       columns: ["enterprise_id", "changed_at", "actor_id", "actor_name", "source", "field", "before", "after"])
                outcome.created = fresh.count
            }
            for item in batch {
                guard let onFile = known[item.values.creditCode.value] else { continue }
                switch try await registry.write(item.values, onFile: onFile, source: source, by: actor, now: now) {
                case .created: outcome.created += 1
                case .updated: outcome.updated += 1
                case .unchanged: outcome.unchanged += 1
                }
            }
            let rows = "\(batch.first!.row)–\(batch.last!.row)"
            try await AuditLog.record(AuditEvent(action: "enterprise.import", entityType: "enterprise_import", entityID: source, reason: rows,
                                                 after: "created \(outcome.created), updated \(outcome.updated), unchanged \(outcome.unchanged)"),
                                      by: actor, on: db, now: now)
            return outcome
        }
    }
}
