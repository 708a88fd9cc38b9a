import Fluent
import Foundation
import SQLKit
import Vapor

/// Runs registry imports as background work: a file is stored and recorded, then checked and
/// written by `EnterpriseImport` while the record follows along, so the web page and the command
/// line show progress and a stopped import carries on from its last whole batch. The same run
/// serves the job queue (web uploads) and the command line (which runs it in its own process).
struct EnterpriseImportRunner: Sendable {
    let db: any Database
    let store: UploadStore

    static let jobKind = "enterprise.import"
    /// A registry of 300,000 rows as CSV is about 45 MB.
    static let maxFileBytes = 100 * 1024 * 1024
    /// Problems kept for the page and the download; the counts stay exact beyond it.
    static let maxStoredProblems = 100_000

    struct Payload: Codable, Sendable { let importID: Int }

    static func register(on app: Application) {
        app.jobs.register(jobKind) { [weak app] context in
            guard let app else { throw AppError.conflict(key: "job.shuttingDown") }
            let payload = try context.decode(Payload.self)
            try await EnterpriseImportRunner(db: context.db, store: app.enterpriseImportStore).run(payload.importID, today: CivilDate.today())
        }
    }

    /// Stores the file and records the import, queued for a worker (or for the caller to run).
    func start(_ data: Data, filename: String, importValid: Bool, userID: Int?, by actor: AuditActor, enqueue: Bool,
               batchSize: Int = EnterpriseImport.batchSize, now: Date = Date()) async throws -> EnterpriseImportRecord {
        let stored: UploadStore.Stored
        do { stored = try await store.store(data) } catch let failure as UploadStore.Failure { throw failure.appError }
        let record = EnterpriseImportRecord()
        record.$user.id = userID
        record.actorName = actor.name
        record.filename = String(filename.prefix(200))
        record.fileKey = stored.key
        record.sha256 = stored.sha256
        record.importValid = importValid
        record.batchSize = max(1, batchSize)
        record.status = .queued
        (record.totalRows, record.validRows, record.problemRows, record.batchCount, record.batchesDone, record.rowsDone) = (0, 0, 0, 0, 0, 0)
        (record.createdCount, record.updatedCount, record.unchangedCount) = (0, 0, 0)
        record.error = ""
        record.createdAt = now
        try await db.writeTransaction { db in
            try await record.create(on: db)
            if enqueue { try await JobQueue(db: db).enqueue(Self.jobKind, payload: Payload(importID: try record.requireID()), maxAttempts: 3, now: now) }
            try await AuditLog.record(AuditEvent(action: "enterpriseImport.start", entityType: "enterprise_import", entityID: String(try record.requireID()),
                                                 after: record.filename), by: actor, on: db, now: now)
        }
        return record
    }

    /// The unfinished import of the same file, which the command line resumes instead of starting over.
    func unfinished(sha256: String) async throws -> EnterpriseImportRecord? {
        try await EnterpriseImportRecord.query(on: db).filter(\.$sha256 == sha256)
            .filter(\.$status ~~ [.queued, .checking, .writing, .failed]).sort(\.$id, .descending).first()
    }

    /// The office's decision after the check found problems: write the valid rows anyway, or try
    /// a failed import again. Queued for a worker; refused while the import is running or done.
    func resume(_ id: Int, importValid: Bool, by actor: AuditActor, now: Date = Date()) async throws {
        try await db.writeTransaction { db in
            guard let record = try await EnterpriseImportRecord.find(id, on: db) else { throw AppError.notFound }
            switch (record.status, importValid) {
            case (.invalid, true): record.importValid = true
            case (.failed, _): break
            default: throw AppError.conflict(key: "enterpriseImport.notResumable")
            }
            record.status = record.checkedAt == nil ? .queued : .writing
            record.error = ""
            record.finishedAt = nil
            try await record.save(on: db)
            try await JobQueue(db: db).enqueue(Self.jobKind, payload: Payload(importID: id), maxAttempts: 3, now: now)
            try await AuditLog.record(AuditEvent(action: importValid ? "enterpriseImport.importValid" : "enterpriseImport.resume",
                                                 entityType: "enterprise_import", entityID: String(id)), by: actor, on: db, now: now)
        }
    }

    /// Checks the file if that is not done yet, then writes what is left. `progress` sees the
    /// record after each step (the command line prints it). A failure is kept on the record and
    /// thrown; running again resumes.
    func run(_ id: Int, today: CivilDate,
             progress: @escaping @Sendable (EnterpriseImportRecord) -> Void = { _ in }) async throws {
        guard let record = try await EnterpriseImportRecord.find(id, on: db) else { throw AppError.notFound }
        guard !record.isFinished else { return }
        let actor = AuditActor(id: record.$user.id, name: record.actorName, address: "")
        let importer = EnterpriseImport(db: db, batchSize: record.batchSize)
        do {
            // A check writes on with the rows it kept; a run that resumes after a stop reads and
            // checks the file again (it may be another process, days later).
            var kept: [[EnterpriseImport.ValidRow]]?
            if record.checkedAt == nil {
                record.status = .checking
                try await record.save(on: db)
                progress(record)
                let (checked, valid) = try await importer.check(try await rows(of: record), today: today)
                try await saveCheck(checked, of: record)
                progress(record)
                if record.status != .writing { return }
                kept = valid
            }
            let source = "import:" + record.filename
            let from = record.batchesDone
            let moveOn: EnterpriseImport.Progress = { db, batches, rowsDone, outcome in
                // Conditional on the batch before, so two runners of one import cannot both write a batch.
                let moved = try await db.sql.raw("""
                    UPDATE enterprise_imports SET batches_done = \(bind: batches), rows_done = \(bind: rowsDone),
                        created_count = created_count + \(bind: outcome.created), updated_count = updated_count + \(bind: outcome.updated),
                        unchanged_count = unchanged_count + \(bind: outcome.unchanged)
                    WHERE id = \(bind: id) AND batches_done = \(bind: batches - 1) RETURNING id
                    """).all()
                guard !moved.isEmpty else { throw AppError.conflict(key: "enterpriseImport.runningElsewhere") }
                record.batchesDone = batches
                record.rowsDone = rowsDone
                progress(record)
            }
            if let batches = kept.take() {
                _ = try await importer.write(checked: batches, source: source, by: actor, from: from, progress: moveOn)
            } else {
                _ = try await importer.write(try await rows(of: record), today: today, source: source, by: actor, from: from, progress: moveOn)
            }
            try await finish(record)
            try await AuditLog.record(AuditEvent(action: "enterpriseImport.done", entityType: "enterprise_import", entityID: String(id),
                                                 after: "created \(record.createdCount), updated \(record.updatedCount), unchanged \(record.unchangedCount)"),
                                      by: actor, on: db)
            progress(record)
        } catch {
            let message: String
            switch error {
            case let spreadsheet as SpreadsheetError: message = spreadsheet.message
            case let app as AppError: message = Catalog.text(app.messageKey, .zh)
            default: message = String(describing: error)
            }
            record.status = .failed
            record.error = String(message.prefix(1000))
            try? await finishRecord(record)
            try? await AuditLog.record(AuditEvent(action: "enterpriseImport.failed", entityType: "enterprise_import", entityID: String(id),
                                                  reason: record.error), by: actor, on: db)
            progress(record)
            throw error
        }
    }

    /// The stored file's rows. They keep their own copy of the text, so the file's bytes are let go
    /// at once; an XLSX sheet is parsed whole here, seconds of work for a large one.
    private func rows(of record: EnterpriseImportRecord) async throws -> SpreadsheetRows {
        let data = try await store.read(key: record.fileKey)
        let filename = record.filename
        return try await BlockingWork.run { try SpreadsheetRows(data, filename: filename, maxRows: EnterpriseImport.maxRows) }
    }

    /// The check's findings on the record and its problems beside it, in one transaction.
    private func saveCheck(_ checked: EnterpriseImport.Checked, of record: EnterpriseImportRecord, now: Date = Date()) async throws {
        let id = try record.requireID()
        try await db.writeTransaction { db in
            try await db.sql.raw("DELETE FROM enterprise_import_problems WHERE import_id = \(bind: id)").run()
            try await db.insertAll(checked.problems.prefix(Self.maxStoredProblems).map { problem -> [any Encodable & Sendable] in
                [id, problem.row, problem.column, problem.key, String(decoding: try JSONEncoder().encode(problem.args), as: UTF8.self)]
            }, into: "enterprise_import_problems", columns: ["import_id", "row", "column_name", "key", "args"])
            record.totalRows = checked.totalRows
            record.validRows = checked.validRows
            record.problemRows = checked.problemRowCount
            record.batchCount = checked.batchCount
            record.checkedAt = now
            if !checked.problems.isEmpty && !record.importValid {
                record.status = .invalid
                record.finishedAt = now
            } else {
                record.status = .writing
            }
            try await record.save(on: db)
        }
    }

    private func finish(_ record: EnterpriseImportRecord) async throws {
        // The counts moved in SQL with each batch; read them back rather than overwrite them.
        guard let fresh = try await EnterpriseImportRecord.find(record.id, on: db) else { throw AppError.notFound }
        (record.createdCount, record.updatedCount, record.unchangedCount) = (fresh.createdCount, fresh.updatedCount, fresh.unchangedCount)
        (record.batchesDone, record.rowsDone) = (fresh.batchesDone, fresh.rowsDone)
        record.status = .done
        record.finishedAt = Date()
        try await finishRecord(record)
    }

    private func finishRecord(_ record: EnterpriseImportRecord) async throws {
        try await db.sql.raw("""
            UPDATE enterprise_imports SET status = \(bind: record.status.rawValue), error = \(bind: record.error), finished_at = \(bind: record.finishedAt)
            WHERE id = \(bind: try record.requireID())
            """).run()
    }

    /// The problems found, in row order, a page at a time.
    func problems(of id: Int, limit: Int, offset: Int) async throws -> (rows: [ImportProblem], total: Int) {
        let total = try await db.sql.raw("SELECT COUNT(*) AS n FROM enterprise_import_problems WHERE import_id = \(bind: id)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let rows = try await db.sql.raw("""
            SELECT row, column_name, key, args FROM enterprise_import_problems WHERE import_id = \(bind: id) ORDER BY row, id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all().map { row in
                ImportProblem(row: try row.decode(column: "row", as: Int.self), column: try row.decode(column: "column_name", as: String.self),
                              key: try row.decode(column: "key", as: String.self),
                              args: (try? JSONDecoder().decode([String].self, from: Data(try row.decode(column: "args", as: String.self).utf8))) ?? [])
            }
        return (rows, total)
    }
}

extension Application {
    /// Registry files are larger than evidence uploads; they share the store's folder and its rules.
    var enterpriseImportStore: UploadStore {
        UploadStore(directory: uploadStore.directory, maxBytes: EnterpriseImportRunner.maxFileBytes, threadPool: threadPool)
    }
}
