import Fluent
import SQLKit

extension Database {
    var sql: any SQLDatabase { self as! any SQLDatabase }
    var isSQLite: Bool { sql.dialect.name == "sqlite" }

    /// A transaction for writes that belong together. On SQLite it starts with `BEGIN IMMEDIATE`
    /// so the write lock is taken up front: a deferred `BEGIN` that reads first and writes later can
    /// fail with `SQLITE_BUSY_SNAPSHOT` under WAL. On PostgreSQL it is an ordinary transaction.
    /// Nested calls join the outer transaction.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if inWriteTransaction { return try await body(self) }
        guard isSQLite else { return try await transaction(body) }
        return try await withConnection { conn in
            try await conn.sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await WriteTransactionMarker.$active.withValue(true) { try await body(conn) }
                try await conn.sql.raw("COMMIT").run()
                return result
            } catch {
                try? await conn.sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

/// SQLite connections handed out by `withConnection` do not know they are inside our
/// `BEGIN IMMEDIATE`; this task-local lets nested `writeTransaction` calls see it.
enum WriteTransactionMarker {
    @TaskLocal static var active = false
}

extension Database {
    var inWriteTransaction: Bool { inTransaction || WriteTransactionMarker.active }
}
