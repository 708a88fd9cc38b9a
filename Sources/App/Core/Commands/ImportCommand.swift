import Fluent
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

    /// Checks every row, then writes in batches of `EnterpriseImport.batchSize`, printing progress.
    private func enterprises(_ data: Data, context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let started = ContinuousClock.now
        let cells: [[Cell]]
        do { cells = try SpreadsheetFile.read(data, filename: signature.file, maxRows: EnterpriseImport.maxRows) } catch {
            throw CommandFailure(description: error.message)
        }
        let importer = EnterpriseImport(db: app.db)
        let checked = try await importer.check(cells, today: CivilDate.today())
        context.console.print("\(checked.totalRows) rows: \(checked.valid.count) valid, \(checked.problemRowCount) with problems (read and checked in \(started.duration(to: .now))).")
        for problem in checked.problems.prefix(200) {
            context.console.print("  row \(problem.row) \(problem.column): \(Catalog.text(problem.key, .zh, problem.args))")
        }
        if checked.problems.count > 200 { context.console.print("  … and \(checked.problems.count - 200) more problems") }
        if !checked.problems.isEmpty && !signature.importValid {
            throw CommandFailure(description: "Nothing imported. Fix the file, or pass --import-valid to import the \(checked.valid.count) valid rows.")
        }
        let source = "import:" + (signature.file as NSString).lastPathComponent
        var total = EnterpriseImport.Outcome()
        for start in stride(from: 0, to: checked.valid.count, by: EnterpriseImport.batchSize) {
            let batch = checked.valid[start..<min(start + EnterpriseImport.batchSize, checked.valid.count)]
            total = total + (try await importer.apply(batch, source: source, by: .system("import")))
            context.console.print("  \(start + batch.count) / \(checked.valid.count) written")
        }
        context.console.print("Created \(total.created), updated \(total.updated), unchanged \(total.unchanged) in \(started.duration(to: .now)).")
    }
}
