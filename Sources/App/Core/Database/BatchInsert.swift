import Fluent
import SQLKit

extension Database {
    /// Multi-row INSERTs of at most ~30,000 bound values each: PostgreSQL takes 65,535 per
    /// statement, and one statement per few hundred rows is what makes a bulk load fast.
    func insertAll(_ rows: [[any Encodable & Sendable]], into table: String, columns: [String]) async throws {
        let batch = max(1, 30_000 / max(1, columns.count))
        for start in stride(from: 0, to: rows.count, by: batch) {
            var insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(start + batch, rows.count)] { insert = insert.values(row.map { SQLBind($0) }) }
            try await insert.run()
        }
    }
}
