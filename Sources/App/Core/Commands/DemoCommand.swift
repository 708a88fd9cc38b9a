import Fluent
import Vapor

/// `yingshang demo`: migrate, load the demo city into an empty database, print the accounts,
/// then serve.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Address to listen on") var hostname: String?
        @Option(name: "port", short: "p", help: "Port to listen on") var port: Int?
    }

    var help: String { "Migrate, load a demo city if the database is empty, print the demo accounts, and serve" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let loaded = try await DemoCity.loadIfEmpty(on: app.db, hasher: app.passwordHasher, logger: app.logger)
        context.console.print(loaded ? "已载入演示城市「\(DemoCityData.cityName)」。" : "数据库已有数据，未重新载入演示数据。")
        context.console.print("")
        context.console.print("演示账号（密码均为 \(DemoCity.password)）:")
        for account in DemoCity.accounts {
            context.console.print("  \(account.username.padding(toLength: 16, withPad: " ", startingAt: 0)) \(account.description)")
        }
        context.console.print("")
        guard let serve = app.asyncCommands.commands["serve"] else { throw CommandFailure(description: "serve command missing") }
        var serveContext = context
        try await serve.run(using: &serveContext)
    }
}

struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "username", help: "Login name of the administrator") var username: String
        @Option(name: "name", help: "Display name (default: 系统管理员)") var name: String?
    }

    var help: String { "Create a system administrator; the password is read from the terminal or YINGSHANG_ADMIN_PASSWORD" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let password = Environment.get("YINGSHANG_ADMIN_PASSWORD") ?? context.console.ask("Password (至少10位):", isSecure: true)
        let input = UserInput(username: signature.username, displayName: signature.name ?? "系统管理员", title: "系统管理员",
                              unitID: nil, roles: [Role.admin.rawValue], password: password)
        do {
            let created = try await UserService(db: app.db, hasher: app.passwordHasher).create(input, by: .system("create-admin"))
            // The operator chose this password, so there is no need to force a change.
            try await User.query(on: app.db).filter(\.$id == created.id).set(\.$mustChangePassword, to: false).update()
            context.console.print("Created administrator \(signature.username.lowercased()) (id \(created.id)).")
        } catch AppError.validation(let problems) {
            throw CommandFailure(description: problems.map { "\($0.field): \(Catalog.text($0.key, .en, $0.args))" }.joined(separator: "\n"))
        }
    }
}

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
        do { cells = try SpreadsheetFile.read(data, maxRows: 50_000) } catch {
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
            // VACUUM INTO reads one snapshot, so writers keep going and the copy is consistent.
            try await app.db.sql.raw("VACUUM INTO \(bind: signature.path)").run()
            context.console.print("Backup written to \(signature.path)")
        }
    }
}

struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify") var action: String
    }

    var help: String { "audit verify: check the audit log's hash chain" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else { throw CommandFailure(description: "Unknown action \(signature.action); supported: verify") }
        let result = try await AuditLog.verify(on: context.application.db)
        if let problem = result.problem {
            throw CommandFailure(description: "Audit log BROKEN after \(result.checked) good records: \(problem)")
        }
        context.console.print("Audit log OK: \(result.checked) records, chain intact.")
    }
}

/// Creates an API token for an integration account from the command line (prints it once).
struct IssueTokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "username", help: "Owner of the token; it acts with this account's roles") var username: String
        @Argument(name: "name", help: "What the token is for") var name: String
    }

    var help: String { "Create an API token for a user and print it (it is stored hashed and never shown again)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let user = try await User.query(on: app.db).filter(\.$username == signature.username.lowercased()).first() else {
            throw CommandFailure(description: "No user \(signature.username)")
        }
        let token = try await APITokenService(db: app.db).create(for: user.id!, name: signature.name, by: .system("issue-token"))
        context.console.print(token)
    }
}
