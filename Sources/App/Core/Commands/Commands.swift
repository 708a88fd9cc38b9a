import Vapor

enum Commands {
    static func register(on app: Application) {
        // `serve` also runs the job worker (unless YINGSHANG_WORKER=0), so `demo`, which hands
        // over to `serve`, gets it too; one-off commands like `migrate` never start it.
        if let vaporServe = app.asyncCommands.commands["serve"] {
            app.asyncCommands.use(ServeWithWorkerCommand(serve: vaporServe), as: "serve", isDefault: true)
        }
        app.asyncCommands.use(DemoCommand(), as: "demo")
        app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
        app.asyncCommands.use(ImportCommand(), as: "import")
        app.asyncCommands.use(BackupCommand(), as: "backup")
        app.asyncCommands.use(AuditCommand(), as: "audit")
        app.asyncCommands.use(IssueTokenCommand(), as: "issue-token")
        app.asyncCommands.use(BenchTasksCommand(), as: "bench-tasks")
    }
}

/// A command failed in a way the operator must see; the process exits non-zero.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
}
