import Fluent
import Foundation
import Vapor

struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "What to import: units") var kind: String
        @Argument(name: "file", help: "An .xlsx or .csv file") var file: String
        @Flag(name: "import-valid", help: "Import the valid rows even when some rows have problems") var importValid: Bool
    }

    var help: String { "Check a file and import it: yingshang import units FILE [--import-valid]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.kind == "units" else { throw CommandFailure(description: "Unknown kind \(signature.kind); supported: units") }
        let app = context.application
        try await app.autoMigrate()
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandFailure(description: "Cannot read \(signature.file)")
        }
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
}
