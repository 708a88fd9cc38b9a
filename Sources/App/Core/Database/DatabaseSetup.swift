import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

enum DatabaseSetup {
    static func configure(_ app: Application, postgresSearchPath: [String]? = nil) throws {
        switch app.config.database {
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory, sqlLogLevel: nil), as: .sqlite)
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqlite)
            app.lifecycle.use(SQLitePragmas())
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.searchPath = postgresSearchPath
            app.databases.use(
                .postgres(configuration: configuration,
                          maxConnectionsPerEventLoop: app.config.postgresConnectionsPerLoop,
                          connectionPoolTimeout: .seconds(Int64(app.config.postgresPoolTimeoutSeconds)),
                          sqlLogLevel: .debug),
                as: .psql)
        }
    }
}

/// The SQLite driver opens one connection per event loop and sets only `foreign_keys`.
/// WAL, `synchronous=NORMAL` and `busy_timeout` are per-connection (WAL persists in the file),
/// so they are set on every loop's connection once at start-up.
struct SQLitePragmas: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        for eventLoop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(logger: app.logger, on: eventLoop)!
            guard let sql = db as? any SQLDatabase else { continue }
            try await sql.raw("PRAGMA journal_mode=WAL").run()
            try await sql.raw("PRAGMA synchronous=NORMAL").run()
            try await sql.raw("PRAGMA busy_timeout=5000").run()
            try await sql.raw("PRAGMA foreign_keys=ON").run()
            // 64 MB of page cache per connection: whole-plan statistics read every order, and the
            // default 2 MB makes each of them go back to the file (measured in BENCHMARKS.md).
            try await sql.raw("PRAGMA cache_size=-65536").run()
            // The driver builds SQLite with SECURE_DELETE, which zeroes every page it frees: the
            // search index frees pages at each merge, and a 300,000-row import spent a quarter of
            // its time zeroing them (10.4 s against 7.6 s, sqlite3 CLI). FAST still zeroes
            // deleted rows inside the pages they lived on, wherever that costs no extra write.
            try await sql.raw("PRAGMA secure_delete=FAST").run()
        }
        // Without statistics the planner may pick an index that filters well but then sorts the
        // whole plan (a 100,000-task ledger page went from 1 ms to 260 ms). `optimize` analyses, with
        // a small sample, the tables that have none or have grown a lot; the hourly maintenance job
        // repeats it as the data grows.
        if let sql = app.db as? any SQLDatabase { try await SQLiteStatistics.refresh(sql, atStart: true) }
    }
}

enum SQLiteStatistics {
    static func refresh(_ sql: any SQLDatabase, atStart: Bool = false) async throws {
        guard sql.dialect.name == "sqlite" else { return }   // PostgreSQL's autovacuum keeps its own statistics
        try await sql.raw(atStart ? "PRAGMA optimize=0x10002" : "PRAGMA optimize").run()
    }
}
