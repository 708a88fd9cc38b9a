import Fluent
import SQLKit

/// The SQLite name index keeps which firms hold each search piece and no longer where in the
/// document (`detail=none`) nor each document's length (`columnsize=0`): the search never ranks,
/// and a phrase is rechecked on the stored pieces, as on PostgreSQL. The import writes a smaller
/// index: 300,000 firms in 20,000-row transactions took 7.0 s → 6.0 s in the sqlite3 CLI
/// (docs/BENCHMARKS.md). PostgreSQL's GIN index already holds no positions; nothing changes there.
struct SlimEnterpriseSearchIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard database.isSQLite else { return }
        try await database.transaction { try await rebuild($0.sql, options: ", detail=none, columnsize=0") }
    }

    func revert(on database: any Database) async throws {
        guard database.isSQLite else { return }
        try await database.transaction { try await rebuild($0.sql, options: "") }
    }

    /// The triggers that keep the index stay as they are: they name only the table and its column.
    private func rebuild(_ sql: any SQLDatabase, options: String) async throws {
        try await sql.raw("DROP TABLE enterprise_search").run()
        try await sql.raw("""
            CREATE VIRTUAL TABLE enterprise_search USING fts5(search_terms, content='enterprises', content_rowid='id', tokenize='unicode61'\(unsafeRaw: options))
            """).run()
        try await sql.raw("INSERT INTO enterprise_search (enterprise_search) VALUES ('rebuild')").run()
    }
}
