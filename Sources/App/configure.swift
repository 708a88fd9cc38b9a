import Fluent
import NIOCore
import Vapor

/// The one place that wires the app: configuration, database, middleware, migrations, commands
/// and routes. Tests call it too, with a test database.
public func configure(_ app: Application) async throws {
    try await configure(app, config: AppConfig.load(app.environment), postgresSearchPath: nil)
}

/// Tests pass their own config (database) and, on PostgreSQL, a schema of their own.
func configure(_ app: Application, config: AppConfig, postgresSearchPath: [String]?) async throws {
    app.config = config
    app.workCalendar = WorkCalendarStore()
    app.figuresCache = FiguresCache(maxAge: app.environment == .testing ? 0 : 30)
    try DatabaseSetup.configure(app, postgresSearchPath: postgresSearchPath)
    Migrations.register(on: app)

    // Order matters: errors are rendered last-in-first-out, so the error middleware comes first
    // (it sees everything), then headers (every response gets them, errors too), then static
    // files (no database work for CSS), then authentication.
    app.middleware = .init()
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(AppErrorMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory, defaultFile: nil))
    app.middleware.use(AuthenticationMiddleware())

    // Most routes take small forms; upload routes raise this on their own.
    app.routes.defaultMaxBodySize = "64kb"
    app.http.server.configuration.hostname = Environment.get("YINGSHANG_HOST") ?? "127.0.0.1"
    app.http.server.configuration.port = Environment.get("YINGSHANG_PORT").flatMap(Int.init) ?? 8080

    MaintenanceJobs.register(on: app.jobs, sessionIdle: config.sessionIdleTimeout, sessionMax: config.sessionAbsoluteTimeout)
    SupervisionJobs.register(on: app)
    WebhookDelivery.register(on: app)
    EnterpriseImportRunner.register(on: app)
    app.lifecycle.use(JobWorkerLifecycle())

    Commands.register(on: app)
    try routes(app)
}

enum Migrations {
    /// Append-only: a shipped migration is never edited, a change is a new one at the end.
    static func register(on app: Application) {
        app.migrations.add(CreateUnits())
        app.migrations.add(CreateUsers())
        app.migrations.add(CreateWorkGroups())
        app.migrations.add(CreateSessions())
        app.migrations.add(CreateAPITokens())
        app.migrations.add(CreateLoginFailures())
        app.migrations.add(CreateAuditLog())
        app.migrations.add(CreateInboxMessages())
        app.migrations.add(CreateImportDrafts())
        app.migrations.add(CreateJobs())
        app.migrations.add(CreatePasswordLinks())
        app.migrations.add(CreateCalendarDays())
        app.migrations.add(CreatePlans())
        app.migrations.add(CreateReformTasks())
        app.migrations.add(CreateWorkOrders())
        app.migrations.add(CreateProgressReports())
        app.migrations.add(CreateSupervisionRecords())
        app.migrations.add(CreateDispatchCycles())
        app.migrations.add(CreateDispatchMeetings())
        app.migrations.add(CreatePortalSuggestions())
        app.migrations.add(CreateTaskInstructions())
        app.migrations.add(CreateUnitWebhooks())
        app.migrations.add(AddTaskListIndexes())
        app.migrations.add(AddPlanToWorkOrders())
        app.migrations.add(CreateCycleUnitReports())
        app.migrations.add(AddStatisticsIndexes())
        app.migrations.add(CreateEnterprises())
        app.migrations.add(AddEnterpriseClosedOn())
        app.migrations.add(CreatePairings())
        app.migrations.add(CreateVisits())
        app.migrations.add(AddEnterpriseServiceCodes())
        app.migrations.add(CreateEnterpriseImports())
        app.migrations.add(CreateEnterpriseAccounts())
        app.migrations.add(AddEnterpriseImportBatchSize())
        app.migrations.add(SlimEnterpriseSearchIndex())
    }
}
