import Fluent
import Crypto
import Foundation
import Vapor

struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "What to import: units or enterprises") var kind: String
        @Argument(name: "file", help: "An .xlsx or .csv file") var file: String
        @Flag(name: "import-valid", help: "Import the valid rows even when some rows have problems") var importValid: Bool
    }

    var help: String { "Check a file and import it: yingshang import units|enterprises FILE [--import-valid]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard ["units", "enterprises"].contains(signature.kind) else {
            throw CommandFailure(description: "Unknown kind \(signature.kind); supported: units, enterprises")
        }
        let app = context.application
        try await app.autoMigrate()
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandFailure(description: "Cannot read \(signature.file)")
        }
        if signature.kind == "enterprises" { return try await enterprises(data, context: context, signature: signature) }
        let cells: [[Cell]]
        do { cells = try SpreadsheetFile.read(data, maxRows: UnitImport.maxRows) } catch {
            throw CommandFailure(description: error.message)
        }
        let importer = UnitImport(db: app.db)
        let report = try await importer.check(cells)
        context.console.print("\(report.totalRows) rows: \(report.valid.count) valid, \(report.problemRowCount) with problems.")
        for problem in report.problems {
            context.console.print("  row \(problem.row) \(problem.column): \(Catalog.text(problem.key, .zh, problem.args))")
        }
        if !report.problems.isEmpty && !signature.importValid {
            throw CommandFailure(description: "Nothing imported. Fix the file, or pass --import-valid to import the \(report.valid.count) valid rows.")
        }
        let count = try await importer.apply(report.valid, filename: (signature.file as NSString).lastPathComponent, by: .system("import"))
        context.console.print("Imported \(count) units.")
    }

    /// Runs the import in this process through the same record the web page shows. The same file
    /// given again after a stop resumes the unfinished import instead of starting over.
    private func enterprises(_ data: Data, context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let started = ContinuousClock.now
        let runner = EnterpriseImportRunner(db: app.db, store: app.enterpriseImportStore)
        let filename = (signature.file as NSString).lastPathComponent
        let record: EnterpriseImportRecord
        if let unfinished = try await runner.unfinished(sha256: Tokens.hex(SHA256.hash(data: data))) {
            record = unfinished
            if signature.importValid { record.importValid = true; try await record.save(on: app.db) }
            context.console.print("Resuming import #\(record.id ?? 0) of \(record.filename): \(record.batchesDone) of \(record.batchCount) batches were written.")
        } else {
            record = try await runner.start(data, filename: filename, importValid: signature.importValid, userID: nil, by: .system("import"), enqueue: false)
            context.console.print("Import #\(record.id ?? 0) of \(filename).")
        }
        let console = context.console
        try await runner.run(try record.requireID(), today: CivilDate.today()) { record in
            switch record.status {
            case .checking: console.print("Checking every row…")
            case .writing where record.batchesDone == 0:
                console.print("\(record.totalRows) rows: \(record.validRows) valid, \(record.problemRows) with problems (checked in \(started.duration(to: .now))).")
            case .writing: console.print("  \(record.rowsDone) / \(record.validRows) rows written (batch \(record.batchesDone) of \(record.batchCount))")
            default: break
            }
        }
        guard let finished = try await EnterpriseImportRecord.find(record.id, on: app.db) else { return }
        if finished.status == .invalid {
            context.console.print("\(finished.totalRows) rows: \(finished.validRows) valid, \(finished.problemRows) with problems.")
            let (problems, total) = try await runner.problems(of: try finished.requireID(), limit: 200, offset: 0)
            for problem in problems {
                context.console.print("  row \(problem.row) \(problem.column): \(Catalog.text(problem.key, .zh, problem.args))")
            }
            if total > problems.count { context.console.print("  … and \(total - problems.count) more problems") }
            throw CommandFailure(description: "Nothing imported. Fix the file, or pass --import-valid to import the \(finished.validRows) valid rows.")
        }
        context.console.print("Created \(finished.createdCount), updated \(finished.updatedCount), unchanged \(finished.unchangedCount) in \(started.duration(to: .now)).")
    }
}
