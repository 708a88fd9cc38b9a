import Dispatch
import Fluent
import Foundation
import SQLKit

/// Imports the registry from a spreadsheet in two passes, a batch of rows at a time. The first
/// checks every row and collects every problem; the second (only when the file is clean, or the
/// office chose to import the valid rows) writes the valid rows in batches, each batch in one
/// transaction with the import's progress, so a stopped import resumes after its last whole batch
/// and never half-writes one. Straight after its check the second pass writes the rows the check
/// kept (checking 300,000 rows twice cost more than holding them); a run that resumes later
/// reads the file again, checking each next batch while one is written. New enterprises go in as
/// typed multi-row INSERTs (`insertRows`); those already on file (same credit code) go through
/// `EnterpriseRegistry.write`, which keeps only real changes, each in the history.
struct EnterpriseImport: Sendable {
    let db: any Database
    /// Rows per transaction: large enough that statements are few, small enough that a stop loses little.
    var batchSize = Self.batchSize

    static let maxRows = 400_000
    /// Each commit makes SQLite's search index flush and merge: 300,000 rows took 11.8 s in
    /// batches of 5,000 and 7.5 s in batches of 20,000 (sqlite3 CLI, docs/BENCHMARKS.md).
    static let batchSize = 20_000

    struct ValidRow: Sendable {
        let row: Int
        let values: EnterpriseValues
        let contact: EnterpriseContacts.Input?
    }

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
        /// The batch read while the one before it was checked.
        private var readAhead: [(number: Int, cells: [Cell])]?
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
            let read: [(number: Int, cells: [Cell])]
            if let ahead = readAhead.take() { read = ahead } else { read = try readBatch() }
            guard !read.isEmpty else { return nil }
            // This batch is checked on every core while this thread reads the next one: reading
            // goes in file order, and done between the checks it left a core idle for a quarter
            // of the check pass.
            let checked = Slots(count: read.count)
            let group = DispatchGroup()
            DispatchQueue.global(qos: .userInitiated).async(group: group) { [sheet, regionIDs, today] in
                Self.check(read, into: checked, sheet: sheet, layout: layout, regionIDs: regionIDs, today: today)
            }
            let following = Result { () throws(SpreadsheetError) in try readBatch() }
            group.wait()
            readAhead = try following.get()
            var valid: [ValidRow] = []
            var problems: [ImportProblem] = []
            for case let (number, result)? in checked.items {
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

        /// The next `batchSize` rows with cells, in file order; empty at the end.
        private mutating func readBatch() throws(SpreadsheetError) -> [(number: Int, cells: [Cell])] {
            var read: [(number: Int, cells: [Cell])] = []
            read.reserveCapacity(batchSize)
            while read.count < batchSize, let next = try rows.next() {
                if !next.cells.isEmpty { read.append(next) }
            }
            return read
        }

        private struct RowProblems: Error {
            let code: String?
            let problems: [ImportProblem]
        }

        /// One slot per row of a batch, written by one thread each, read once all are done.
        private final class Slots: @unchecked Sendable {
            var items: [(Int, Result<ValidRow, RowProblems>)?]
            init(count: Int) { items = Array(repeating: nil, count: count) }
        }

        private static func check(_ read: [(number: Int, cells: [Cell])], into slots: Slots, sheet: EnterpriseSheet, layout: EnterpriseSheet.Layout,
                                  regionIDs: Set<Int>, today: CivilDate) {
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
        }

        private static func checkRow(_ row: EnterpriseSheet.Row, _ rowProblems: [ImportProblem], number: Int, regionIDs: Set<Int>,
                                     today: CivilDate) -> Result<ValidRow, RowProblems> {
            switch row.input.check(regions: regionIDs, today: today, capitalUnit: row.capitalUnit) {
            case .success(let values):
                guard rowProblems.isEmpty else {
                    return .failure(RowProblems(code: values.creditCode.value, problems: rowProblems.sorted { $0.column < $1.column }))
                }
                return .success(ValidRow(row: number, values: values, contact: row.contact))
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

    func batches(_ rows: SpreadsheetRows, today: CivilDate) async throws -> BatchReader {
        BatchReader(try Batches(rows, regions: try await EnterpriseRegistry(db: db).towns(), today: today, batchSize: batchSize))
    }

    /// `Batches` read off the async threads: each batch is parsed and checked on a dispatch
    /// queue (the checks on every core), so neither the server's event loops nor Swift's
    /// cooperative threads are held while a batch of thousands of rows is checked.
    final class BatchReader: @unchecked Sendable {
        // One caller at a time: each `next()` is awaited before the next one starts.
        private var batches: Batches
        var headerProblem: ImportProblem? { batches.headerProblem }
        var rowCount: Int { batches.rowCount }

        init(_ batches: Batches) { self.batches = batches }

        func next() async throws -> (valid: [ValidRow], problems: [ImportProblem])? {
            try await BlockingWork.run { try self.batches.next() }
        }
    }

    /// The first pass: every row checked, nothing written. The valid rows come back in their
    /// batches, so a write straight after need not read and check the file again.
    func check(_ rows: SpreadsheetRows, today: CivilDate) async throws -> (Checked, kept: [[ValidRow]]) {
        let reader = try await batches(rows, today: today)
        var checked = Checked()
        var kept: [[ValidRow]] = []
        if let problem = reader.headerProblem { checked.problems = [problem] }
        while let batch = try await reader.next() {
            let (valid, problems) = batch
            checked.validRows += valid.count
            if !valid.isEmpty {
                checked.batchCount += 1
                kept.append(valid)
            }
            checked.problems += problems
        }
        checked.totalRows = reader.rowCount
        return (checked, kept)
    }

    /// The second pass: writes the batches from `firstBatch` on (those before it were written by
    /// an earlier run), reading and checking each next batch while the one before is written.
    /// `progress` runs inside each batch's transaction, so the import's record of what is done
    /// can never disagree with what is written.
    func write(_ rows: SpreadsheetRows, today: CivilDate, source: String, by actor: AuditActor, from firstBatch: Int = 0,
               progress: @escaping Progress) async throws -> Outcome {
        let reader = try await batches(rows, today: today)
        return try await write(next: { try await reader.next()?.valid }, source: source, by: actor, from: firstBatch, progress: progress)
    }

    /// The second pass over the batches a check kept (`check(_:today:)`), in their order.
    func write(checked batches: consuming [[ValidRow]], source: String, by actor: AuditActor, from firstBatch: Int = 0,
               progress: @escaping Progress) async throws -> Outcome {
        // Handed over, not copied: each batch is freed as soon as it has been written.
        let queue = KeptBatches(consume batches)
        return try await write(next: { queue.next() }, source: source, by: actor, from: firstBatch, progress: progress)
    }

    typealias Progress = @Sendable (_ db: any Database, _ batchesDone: Int, _ rowsDone: Int, _ outcome: Outcome) async throws -> Void

    /// Hands kept batches out one at a time and lets go of each, so memory falls as the write goes on.
    private final class KeptBatches: @unchecked Sendable {
        // One caller at a time: the writing loop awaits each batch before asking for the next.
        private var batches: [[ValidRow]]
        private var index = 0
        init(_ batches: consuming [[ValidRow]]) { self.batches = batches }
        func next() -> [ValidRow]? {
            guard index < batches.count else { return nil }
            defer { batches[index] = []; index += 1 }
            return batches[index]
        }
    }

    private struct PreparedBatch: Sendable {
        let valid: [ValidRow]
        /// nil when not made ahead (`apply` makes them then).
        let firmRows: [[BulkValue]]?
    }

    /// Writes each batch `next` gives (an empty one is skipped and not counted) in its own transaction.
    private func write(next: @escaping @Sendable () async throws -> [ValidRow]?, source: String, by actor: AuditActor, from firstBatch: Int,
                       progress: @escaping Progress) async throws -> Outcome {
        let now = Date()
        // A batch with its firms' rows (search documents and all), made while the batch before it
        // is written. Made off the async threads: on the thread the writer resumes on, they held
        // the writer (and SQLite, waiting for its next statement) for a tenth of every batch.
        // A batch an earlier run wrote (`toWrite` false) is only counted, so it gets no rows.
        let prepared = { @Sendable (_ toWrite: Bool) async throws -> PreparedBatch? in
            guard let valid = try await next() else { return nil }
            guard toWrite else { return PreparedBatch(valid: valid, firmRows: nil) }
            return try await BlockingWork.run { PreparedBatch(valid: valid, firmRows: valid.map { Self.firmRow($0, source: source, now: now) }) }
        }
        var total = Outcome()
        var index = 0, rowsDone = 0
        var next = try await prepared(1 > firstBatch)
        while let batch = next.take() {
            // The number the following batch gets if it has rows.
            let followingIndex = index + (batch.valid.isEmpty ? 0 : 1) + 1
            async let following = prepared(followingIndex > firstBatch)
            if !batch.valid.isEmpty {
                index += 1
                rowsDone += batch.valid.count
                if index > firstBatch {
                    let done = (index, rowsDone)
                    total = total + (try await db.writeTransaction { db in
                        let outcome = try await EnterpriseImport(db: db, batchSize: batchSize)
                            .apply(batch.valid, firmRows: batch.firmRows, source: source, by: actor, now: now)
                        try await progress(db, done.0, done.1, outcome)
                        return outcome
                    })
                }
            }
            // Tens of thousands of rows and their texts: freeing them here held SQLite as long as making them did.
            BlockingWork.release(consume batch)
            next = try await following
        }
        return total
    }

    /// Writes one batch; `db` is the caller's transaction. `firmRows` are the batch's rows as
    /// `firmRow` makes them, when the caller made them ahead.
    func apply(_ batch: [ValidRow], firmRows: [[BulkValue]]? = nil, source: String, by actor: AuditActor, now: Date = Date()) async throws -> Outcome {
        guard let first = batch.first, let last = batch.last else { return Outcome() }
        // Every row is offered as new; a credit code already on file is skipped by the INSERT
        // (no lookup first) and then written through the registry, which keeps real changes only.
        let rows = firmRows ?? batch.map { Self.firmRow($0, source: source, now: now) }
        var ids: [String: Int] = [:]
        ids.reserveCapacity(batch.count)
        for row in try await db.insertRows(rows, into: Enterprise.schema, columns: Self.firmColumns, returning: ["id", "credit_code"],
                                           skippingConflictsOn: "credit_code") {
            if let id = row[0].int, let code = row[1].text { ids[code] = id }
        }
        var outcome = Outcome(created: ids.count)
        let inserted = Set(ids.values)
        try await addNamesTagsAndHistory(batch, ids: ids, source: source, by: actor, now: now)
        let existing = batch.map(\.values.creditCode.value).filter { ids[$0] == nil }
        if !existing.isEmpty {
            let registry = EnterpriseRegistry(db: db)
            let known = try await registry.onFile(existing)
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
                              inserted: inserted, source: source, by: actor, now: now)
        try await AuditLog.record(AuditEvent(action: "enterprise.import", entityType: "enterprise_import", entityID: source, reason: "\(first.row)–\(last.row)",
                                             after: "created \(outcome.created), updated \(outcome.updated), unchanged \(outcome.unchanged)"),
                                  by: actor, on: db, now: now)
        return outcome
    }

    static let firmColumns = ["credit_code", "name", "legal_representative", "region_unit_id", "address", "industry_code", "size", "above_scale",
                              "upgrade_candidate", "registered_on", "capital_minor", "capital_currency", "employees", "status", "closed_on", "source",
                              "search_terms", "service_code", "created_at", "updated_at"]

    /// A new firm's row, in `firmColumns` order.
    static func firmRow(_ item: ValidRow, source: String, now: Date) -> [BulkValue] {
        let values = item.values
        return [.text(values.creditCode.value), .text(values.name), .text(values.legalRepresentative), BulkValue(values.regionUnitID),
                .text(values.address), BulkValue(values.industryCode), BulkValue(values.size?.rawValue), .bool(values.aboveScale),
                .bool(values.upgradeCandidate), BulkValue(values.registeredOn?.description), BulkValue(values.capital.map { Int($0.minorUnits) }),
                BulkValue(values.capital?.currency), BulkValue(values.employees), .text(values.status.rawValue),
                BulkValue(values.closedOn?.description), .text(source), .text(SearchTerms.document([values.name] + values.formerNames)),
                .text(EnterpriseCode.newToken()), .date(now), .date(now)]
    }

    static let changeColumns = ["enterprise_id", "changed_at", "actor_id", "actor_name", "source", "field", "before", "after"]

    /// The former names, tags and "created" history entry of the firms just inserted (`ids`).
    private func addNamesTagsAndHistory(_ batch: [ValidRow], ids: [String: Int], source: String, by actor: AuditActor, now: Date) async throws {
        guard let low = ids.values.min(), let high = ids.values.max() else { return }
        var names: [[BulkValue]] = [], tags: [[BulkValue]] = []
        for item in batch {
            guard let id = ids[item.values.creditCode.value] else { continue }
            for (position, name) in item.values.formerNames.enumerated() { names.append([.int(id), .text(name), .int(position)]) }
            for tag in item.values.tags { tags.append([.int(id), .text(tag.rawValue)]) }
        }
        try await db.insertRows(names, into: "enterprise_names", columns: ["enterprise_id", "name", "position"])
        try await db.insertRows(tags, into: "enterprise_tags", columns: ["enterprise_id", "tag"])
        // The history is made from the rows just written, in SQL: a value per firm bound and parsed
        // was a fifth of the writer's statements. Ids in the range that another writer took (on
        // PostgreSQL) carry another source or time.
        try await db.sql.raw("""
            INSERT INTO enterprise_changes (enterprise_id, changed_at, actor_id, actor_name, source, field, before, after)
            SELECT id, \(bind: now), \(bind: actor.id), \(bind: actor.name), source, 'created', NULL, name FROM enterprises
            WHERE id BETWEEN \(bind: low) AND \(bind: high) AND source = \(bind: source) AND created_at = \(bind: now)
            """).run()
    }

    /// A row's contact joins the firm's contacts unless the firm already has that number (or its
    /// quota); the history records it masked, as a contact added by hand is. Firms `inserted` by
    /// this batch have no contacts yet, so only the others' are read.
    private func addContacts(_ contacts: [(Int, EnterpriseContacts.Input)], inserted: Set<Int>, source: String, by actor: AuditActor,
                             now: Date) async throws {
        guard !contacts.isEmpty else { return }
        var held: [Int: (count: Int, phones: Set<String>)] = [:]
        let onFile = contacts.map(\.0).filter { !inserted.contains($0) }
        for start in stride(from: 0, to: onFile.count, by: 10_000) {
            let ids = Array(onFile[start..<min(start + 10_000, onFile.count)])
            for row in try await db.sql.raw("SELECT enterprise_id, phone FROM enterprise_contacts WHERE enterprise_id IN (\(binds: ids))").all() {
                let id = try row.decode(column: "enterprise_id", as: Int.self)
                held[id, default: (0, [])].count += 1
                held[id, default: (0, [])].phones.insert(try row.decode(column: "phone", as: String.self))
            }
        }
        var rows: [[BulkValue]] = []
        var changes: [[BulkValue]] = []
        let actorID = BulkValue(actor.id)
        for (id, contact) in contacts {
            let current = held[id] ?? (0, [])
            guard !current.phones.contains(contact.phone), current.count < EnterpriseContacts.maxPerEnterprise else { continue }
            rows.append([.int(id), .text(contact.name), .text(contact.role), .text(contact.phone), .null, .int(current.count)])
            changes.append([.int(id), .date(now), actorID, .text(actor.name), .text(source), .text("contacts"), .null,
                            .text(EnterpriseContacts.summary(contact.name, contact.phone))])
            held[id] = (current.count + 1, current.phones.union([contact.phone]))
        }
        try await db.insertRows(rows, into: "enterprise_contacts", columns: ["enterprise_id", "name", "role", "phone", "id_number", "position"])
        try await db.insertRows(changes, into: "enterprise_changes", columns: Self.changeColumns)
    }
}
