import Fluent
import SQLKit
import Vapor

struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "path", help: "Where to write the copy") var path: String
    }

    var help: String { "Write a consistent copy of the SQLite database (safe while serving); for PostgreSQL print the pg_dump command" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch app.config.database {
        case .postgres:
            context.console.print("PostgreSQL: run  pg_dump --format=custom --file=\(signature.path) \"$DATABASE_URL\"")
        case .sqlite, .sqliteMemory:
            if FileManager.default.fileExists(atPath: signature.path) {
                throw CommandFailure(description: "\(signature.path) exists; choose a new path")
            }
            try await SQLiteBackup.write(to: signature.path, from: app.db)
            context.console.print("Backup written to \(signature.path)")
        }
    }
}

enum SQLiteBackup {
    /// VACUUM INTO reads one snapshot, so writers keep going and the copy is consistent.
    static func write(to path: String, from db: any Database) async throws {
        try await db.sql.raw("VACUUM INTO \(bind: path)").run()
    }
}
