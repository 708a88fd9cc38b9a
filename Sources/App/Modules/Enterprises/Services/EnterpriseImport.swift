import Dispatch
import Fluent
import Foundation
import SQLKit

/// Imports the registry from a spreadsheet in two passes over the file, a batch of rows at a time,
/// so 300,000 rows are never held at once. The first pass checks every row and collects every
/// problem; the second (only when the file is clean, or the office chose to import the valid
/// rows) writes the valid rows in batches, each batch in one transaction with the import's
/// progress, so a stopped import resumes after its last whole batch and never half-writes one.
/// New enterprises go in as multi-row INSERTs; those already on file (same credit code) go through
/// `EnterpriseRegistry.write`, which keeps only real changes, each in the history.
struct EnterpriseImport: Sendable {
    let db: any Database
    /// Rows per transaction: large enough that statements are few, small enough that a stop loses little.
    var batchSize = Self.batchSize

    static let maxRows = 400_000
    static let batchSize = 5_000

    typealias ValidRow = (row: Int, values: EnterpriseValues, contact: EnterpriseContacts.Input?)

    /// The first pass's findings.
    struct Checked: Sendable {
        var problems: [ImportProblem] = []
        var totalRows = 0
        var validRows = 0
        /// Batches with at least one valid row: what the writing pass will commit one by one.
        var batchCount = 0
        var problemRowCount: Int { Set(problems.map(\.row)).count }
    }

    struct Outcome: Equatable, Sendable, Codable {
        var created = 0, updated = 0, unchanged = 0
        static func + (lhs: Outcome, rhs: Outcome) -> Outcome {
            Outcome(created: lhs.created + rhs.created, updated: lhs.updated + rhs.updated, unchanged: lhs.unchanged + rhs.unchanged)
        }
    }

    /// The file's rows, checked, a batch of valid rows at a time with the problems found on the way.
    /// Both passes read the file through this, so both see the same batches.
    struct Batches: Sendable {
        private var rows: SpreadsheetRows
        private let sheet: EnterpriseSheet
        private let layout: EnterpriseSheet.Layout?
        private let regionIDs: Set<Int>
        private let today: CivilDate
        private let batchSize: Int
        private var firstRowOfCode: [String: Int] = [:]
        /// Problems of the header itself; the file has no batches then.
        let headerProblem: ImportProblem?
        private(set) var rowCount = 0

        init(_ rows: SpreadsheetRows, regions: [EnterpriseSheet.Region], today: CivilDate, batchSize: Int) throws(SpreadsheetError) {
            self.rows = rows
            self.batchSize = max(1, batchSize)
            sheet = EnterpriseSheet(regions: regions)
            regionIDs = Set(regions.map(\.id))
            self.today = today
            switch EnterpriseSheet.layout(header: try self.rows.next()?.cells) {
            case .success(let found): (layout, headerProblem) = (found, nil)
            case .failure(let problem): (layout, headerProblem) = (nil, problem)
            }
        }

        /// The next `batchSize` data rows of the file: their valid rows and their problems; nil at
        /// the end. Rows are read in order, checked on every core (each row's check stands alone),
        /// then compared with the rows before them for repeated codes, in order again.
        mutating func next() throws(SpreadsheetError) -> (valid: [ValidRow], problems: [ImportProblem])? {
            guard let layout else { return nil }
            var read: [(number: Int, cells: [Cell])] = []
            read.reserveCapacity(batchSize)
            while read.count < batchSize, let next = try rows.next() {
                if !next.cells.isEmpty { read.append(next) }
            }
            guard !read.isEmpty else { return nil }
            let checked = Self.check(read, sheet: sheet, layout: layout, regionIDs: regionIDs, today: today)
            var valid: [ValidRow] = []
            var problems: [ImportProblem] = []
            for case let (number, result)? in checked {
                rowCount += 1
                switch result {
                case .success(let row):
                    if let first = firstRowOfCode[row.values.creditCode.value] {
                        problems.append(ImportProblem(row: number, column: EnterpriseSheet.columnName("creditCode"), key: "import.duplicateInFile",
                                                      args: [String(first)]))
                    } else {
                        firstRowOfCode[row.values.creditCode.value] = number
                        valid.append(row)
                    }
                case .failure(let found):
                    // A row whose code is good but has other problems still claims its code, so a
                    // later row repeating it is reported too.
                    problems += found.problems
                    if let code = found.code {
                        if let first = firstRowOfCode[code] {
                            problems.append(ImportProblem(row: number, column: EnterpriseSheet.columnName("creditCode"), key: "import.duplicateInFile",
                                                          args: [String(first)]))
                        } else {
                            firstRowOfCode[code] = number
                        }
                    }
                }
            }
            return (valid, problems)
        }

        private struct RowProblems: Error {
            let code: String?
            let problems: [ImportProblem]
        }

        /// One slot per row, written by one thread each.
        private final class Slots: @unchecked Sendable {
            var items: [(Int, Result<ValidRow, RowProblems>)?]
            init(count: Int) { items = Array(repeating: nil, count: count) }
        }

        private static func check(_ read: [(number: Int, cells: [Cell])], sheet: EnterpriseSheet, layout: EnterpriseSheet.Layout,
                                  regionIDs: Set<Int>, today: CivilDate) -> [(Int, Result<ValidRow, RowProblems>)?] {
            let slots = Slots(count: read.count)
            let chunks = min(read.count, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
            let size = (read.count + chunks - 1) / chunks
            slots.items.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let buffer = buffer
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    for index in stride(from: chunk * size, to: min(read.count, (chunk + 1) * size), by: 1) {
                        let number = read[index].number
                        guard case let (row, rowProblems)? = sheet.row(read[index].cells, number: number, layout: layout) else { continue }
                        buffer[index] = (number, checkRow(row, rowProblems, number: number, regionIDs: regionIDs, today: today))
                    }
                }
            }
            return slots.items
        }

        private static func checkRow(_ row: EnterpriseSheet.Row, _ rowProblems: [ImportProblem], number: Int, regionIDs: Set<Int>,
                                     today: CivilDate) -> Result<ValidRow, RowProblems> {
            switch row.input.check(regions: regionIDs, today: today, capitalUnit: row.capitalUnit) {
            case .success(let values):
                guard rowProblems.isEmpty else {
                    return .failure(RowProblems(code: values.creditCode.value, problems: rowProblems.sorted { $0.column < $1.column }))
                }
                return .success((number, values, row.contact))
            case .failure(.validation(let found)):
                // The input's fields are named as the sheet's columns but for these two.
                let column = ["regionUnitID": "region", "industryCode": "industry"]
                let problems = rowProblems + found.map {
                    ImportProblem(row: number, column: EnterpriseSheet.columnName(column[$0.field] ?? $0.field), key: $0.key, args: $0.args)
                }
                return .failure(RowProblems(code: CreditCode(row.input.creditCode)?.value, problems: problems.sorted { $0.column < $1.column }))
            case .failure:
                return .failure(RowProblems(code: nil, problems: [ImportProblem(row: number, column: "", key: "import.rowUnreadable")]))
            }
        }
    }

    func batches(_ rows: SpreadsheetRows, today: CivilDate) async throws -> Batches {
        try Batches(rows, regions: try await EnterpriseRegistry(db: db).towns(), today: today, batchSize: batchSize)
    }

    /// The first pass: every row checked, nothing written.
    func check(_ rows: SpreadsheetRows, today: CivilDate) async throws -> Checked {
        var batches = try await batches(rows, today: today)
        var checked = Checked()
        if let problem = batches.headerProblem { checked.problems = [problem] }
        while let batch = try batches.next() {
            let (valid, problems) = batch
            checked.validRows += valid.count
            if !valid.isEmpty { checked.batchCount += 1 }
            checked.problems += problems
        }
        checked.totalRows = batches.rowCount
        return checked
    }

    /// The second pass: writes the batches from `firstBatch` on (those before it were written by
    /// an earlier run). `progress` runs inside each batch's transaction, so the import's record
    /// of what is done can never disagree with what is written.
    func write(_ rows: SpreadsheetRows, today: CivilDate, source: String, by actor: AuditActor, from firstBatch: Int = 0,
               progress: @escaping @Sendable (_ db: any Database, _ batchesDone: Int, _ rowsDone: Int, _ outcome: Outcome) async throws -> Void) async throws -> Outcome {
        var batches = try await batches(rows, today: today)
        var total = Outcome()
        var index = 0, rowsDone = 0
        while let batch = try batches.next() {
            let valid = batch.valid
            guard !valid.isEmpty else { continue }
            index += 1
            rowsDone += valid.count
            guard index > firstBatch else { continue }
            let done = (index, rowsDone)
            total = total + (try await db.writeTransaction { db in
                let outcome = try await EnterpriseImport(db: db, batchSize: batchSize).apply(valid, source: source, by: actor)
                try await progress(db, done.0, done.1, outcome)
                return outcome
            })
        }
        return total
    }

    /// Writes one batch; `db` is the caller's transaction.
    func apply(_ batch: [ValidRow], source: String, by actor: AuditActor, now: Date = Date()) async throws -> Outcome {
        guard let first = batch.first, let last = batch.last else { return Outcome() }
        let registry = EnterpriseRegistry(db: db)
        let codes = batch.map(\.values.creditCode.value)
        let existing = Set(try await db.sql.raw("SELECT credit_code FROM enterprises WHERE credit_code IN (\(binds: codes))").all()
            .map { try $0.decode(column: "credit_code", as: String.self) })
        var outcome = Outcome()
        var ids: [String: Int] = [:]
        let fresh = batch.filter { !existing.contains($0.values.creditCode.value) }
        if !fresh.isEmpty {
            ids = try await insert(fresh.map(\.values), source: source, by: actor, now: now)
            outcome.created = fresh.count
        }
        if !existing.isEmpty {
            let known = try await registry.onFile(Array(existing))
            for item in batch {
                guard let onFile = known[item.values.creditCode.value] else { continue }
                ids[item.values.creditCode.value] = try onFile.enterprise.requireID()
                switch try await registry.write(item.values, onFile: onFile, source: source, by: actor, now: now) {
                case .created: outcome.created += 1
                case .updated: outcome.updated += 1
                case .unchanged: outcome.unchanged += 1
                }
            }
        }
        try await addContacts(batch.compactMap { item in item.contact.flatMap { contact in ids[item.values.creditCode.value].map { ($0, contact) } } },
                              source: source, by: actor, now: now)
        try await AuditLog.record(AuditEvent(action: "enterprise.import", entityType: "enterprise_import", entityID: source, reason: "\(first.row)–\(last.row)",
                                             after: "created \(outcome.created), updated \(outcome.updated), unchanged \(outcome.unchanged)"),
                                  by: actor, on: db, now: now)
        return outcome
    }

    /// New enterprises as multi-row INSERTs; their ids come back from the same statements.
    private func insert(_ fresh: [EnterpriseValues], source: String, by actor: AuditActor, now: Date) async throws -> [String: Int] {
        let columns = ["credit_code", "name", "legal_representative", "region_unit_id", "address", "industry_code", "size", "above_scale",
                       "upgrade_candidate", "registered_on", "capital_minor", "capital_currency", "employees", "status", "closed_on", "source",
                       "search_terms", "service_code", "created_at", "updated_at"]
        var ids: [String: Int] = [:]
        let perStatement = 30_000 / columns.count
        for start in stride(from: 0, to: fresh.count, by: perStatement) {
            var insert = db.sql.insert(into: Enterprise.schema).columns(columns)
            for values in fresh[start..<min(start + perStatement, fresh.count)] {
                // A nil as SQL's NULL, not a bound Optional: the SQLite encoder unwraps each
                // Optional through a nested Encoder, a cost paid millions of times in an import.
                func bind(_ value: (some Encodable & Sendable)?) -> any SQLExpression { value.map { SQLBind($0) } ?? SQLLiteral.null }
                insert = insert.values([
                    SQLBind(values.creditCode.value), SQLBind(values.name), SQLBind(values.legalRepresentative), bind(values.regionUnitID),
                    SQLBind(values.address), bind(values.industryCode), bind(values.size?.rawValue), SQLBind(values.aboveScale),
                    SQLBind(values.upgradeCandidate), bind(values.registeredOn?.description), bind(values.capital?.minorUnits),
                    bind(values.capital?.currency), bind(values.employees), SQLBind(values.status.rawValue), bind(values.closedOn?.description),
                    SQLBind(source), SQLBind(SearchTerms.document([values.name] + values.formerNames)), SQLBind(EnterpriseCode.newToken()),
                    SQLBind(now), SQLBind(now),
                ])
            }
            for row in try await insert.returning("id", "credit_code").all() {
                ids[try row.decode(column: "credit_code", as: String.self)] = try row.decode(column: "id", as: Int.self)
            }
        }
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
        try await db.insertAll(changes, into: "enterprise_changes", columns: ["enterprise_id", "changed_at", "actor_id", "actor_name", "source", "field", "before", "after"])
        return ids
    }

    /// A row's contact joins the firm's contacts unless the firm already has that number (or its
    /// quota); the history records it masked, as a contact added by hand is.
    private func addContacts(_ contacts: [(Int, EnterpriseContacts.Input)], source: String, by actor: AuditActor, now: Date) async throws {
        guard !contacts.isEmpty else { return }
        var held: [Int: (count: Int, phones: Set<String>)] = [:]
        for row in try await db.sql.raw("SELECT enterprise_id, phone FROM enterprise_contacts WHERE enterprise_id IN (\(binds: contacts.map(\.0)))").all() {
            let id = try row.decode(column: "enterprise_id", as: Int.self)
            held[id, default: (0, [])].count += 1
            held[id, default: (0, [])].phones.insert(try row.decode(column: "phone", as: String.self))
        }
        var rows: [[any Encodable & Sendable]] = []
        var changes: [[any Encodable & Sendable]] = []
        for (id, contact) in contacts {
            let current = held[id] ?? (0, [])
            guard !current.phones.contains(contact.phone), current.count < EnterpriseContacts.maxPerEnterprise else { continue }
            rows.append([id, contact.name, contact.role, contact.phone, nil as String?, current.count])
            changes.append([id, now, actor.id, actor.name, source, "contacts", nil as String?, EnterpriseContacts.summary(contact.name, contact.phone)])
            held[id] = (current.count + 1, current.phones.union([contact.phone]))
        }
        try await db.insertAll(rows, into: "enterprise_contacts", columns: ["enterprise_id", "name", "role", "phone", "id_number", "position"])
        try await db.insertAll(changes, into: "enterprise_changes", columns: ["enterprise_id", "changed_at", "actor_id", "actor_name", "source", "field", "before", "after"])
    }
}
