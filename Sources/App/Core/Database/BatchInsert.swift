import Fluent
import Foundation
import FluentSQLiteDriver
import SQLKit

extension Database {
    /// Multi-row INSERTs of at most ~30,000 bound values each: PostgreSQL takes 65,535 per
    /// statement, and one statement per few hundred rows is what makes a bulk load fast.
    func insertAll(_ rows: [[any Encodable & Sendable]], into table: String, columns: [String]) async throws {
        try await insertThroughSQLKit(rows, into: table, columns: columns, returning: [], skippingConflictsOn: nil) { SQLBind($0) }
    }

    /// `insertAll` for loads of hundreds of thousands of rows: the values are typed, so on SQLite
    /// they are bound straight into the statement instead of each going through `Encodable` and
    /// SQLKit's serializer (which cost more than SQLite's own work in a 300,000-row import).
    /// Returns the `returning` columns (integers or text) of every inserted row, in the
    /// statements' order. A row whose `skippingConflictsOn` column clashes with one in the table is
    /// not inserted (and not returned): what an upsert needs, without looking every key up first.
    @discardableResult
    func insertRows(_ rows: [[BulkValue]], into table: String, columns: [String], returning: [String] = [],
                    skippingConflictsOn conflictColumn: String? = nil) async throws -> [[BulkValue]] {
        guard let sqlite = self as? any SQLiteDatabase else {
            return try await insertThroughSQLKit(rows, into: table, columns: columns, returning: returning, skippingConflictsOn: conflictColumn) {
                $0.expression
            }
        }
        // SQLite as the driver builds it takes 250,000 binds: a batch in one or two statements
        // keeps SQLite from copying the pages each statement touches into its statement journal.
        let perStatement = max(1, 200_000 / max(1, columns.count))
        var result: [[BulkValue]] = []
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            result += try await Self.insert(rows[start..<min(start + perStatement, rows.count)], into: table, columns: columns, returning: returning,
                                            skippingConflictsOn: conflictColumn, on: sqlite)
        }
        return result
    }

    /// Both inserts through SQLKit, in statements within PostgreSQL's bind limit; `expression`
    /// makes each value a bind one statement at a time.
    @discardableResult
    private func insertThroughSQLKit<Value>(_ rows: [[Value]], into table: String, columns: [String], returning: [String],
                                            skippingConflictsOn conflictColumn: String?,
                                            expression: (Value) -> any SQLExpression) async throws -> [[BulkValue]] {
        let perStatement = max(1, 30_000 / max(1, columns.count))
        var result: [[BulkValue]] = []
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(start + perStatement, rows.count)] { insert = insert.values(row.map(expression)) }
            if let conflictColumn { insert = insert.ignoringConflicts(with: [conflictColumn]) }
            guard !returning.isEmpty else { try await insert.run(); continue }
            for row in try await insert.returning(returning.map { SQLIdentifier($0) }).all() {
                result.append(try returning.map { column in
                    if let number = try? row.decode(column: column, as: Int.self) { return .int(number) }
                    return .text(try row.decode(column: column, as: String.self))
                })
            }
        }
        return result
    }

    private static func insert(_ rows: ArraySlice<[BulkValue]>, into table: String, columns: [String], returning: [String],
                               skippingConflictsOn conflictColumn: String?, on sqlite: any SQLiteDatabase) async throws -> [[BulkValue]] {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        var statement = "INSERT INTO \(quoted(table)) (\(columns.map(quoted).joined(separator: ","))) VALUES "
        statement += Array(repeating: tuple, count: rows.count).joined(separator: ",")
        if let conflictColumn { statement += " ON CONFLICT (\(quoted(conflictColumn))) DO NOTHING" }
        if !returning.isEmpty { statement += " RETURNING " + returning.map(quoted).joined(separator: ",") }
        var binds: [SQLiteData] = []
        binds.reserveCapacity(rows.count * columns.count)
        for row in rows {
            precondition(row.count == columns.count, "a row of \(row.count) values for \(columns.count) columns")
            for value in row { binds.append(value.sqliteData) }
        }
        let collected = Collected()
        let sql = statement, values = binds
        try await sqlite.withConnection { connection in
            try await connection.query(sql, values) { row in
                collected.rows.append(returning.map { BulkValue(row.column($0) ?? .null) })
            }
        }
        return collected.rows
    }

    private static func quoted(_ name: String) -> String { "\"" + name + "\"" }
}

/// The rows a statement returned, filled on SQLite's thread while the caller awaits them.
private final class Collected: @unchecked Sendable {
    var rows: [[BulkValue]] = []
}

/// One value of a bulk insert (`insertRows`).
enum BulkValue: Sendable, Equatable {
    case null
    case int(Int)
    case double(Double)
    case text(String)
    case bool(Bool)
    case date(Date)

    init(_ value: Int?) { self = value.map(BulkValue.int) ?? .null }
    init(_ value: String?) { self = value.map(BulkValue.text) ?? .null }

    var int: Int? { if case .int(let value) = self { value } else { nil } }
    var text: String? { if case .text(let value) = self { value } else { nil } }

    fileprivate init(_ data: SQLiteData) {
        switch data {
        case .integer(let value): self = .int(value)
        case .float(let value): self = .double(value)
        case .text(let value): self = .text(value)
        case .blob, .null: self = .null
        }
    }

    /// As SQLKit encodes the same Swift values for SQLite, so rows read back through Fluent alike.
    fileprivate var sqliteData: SQLiteData {
        switch self {
        case .null: .null
        case .int(let value): .integer(value)
        case .double(let value): .float(value)
        case .text(let value): .text(value)
        case .bool(let value): .integer(value ? 1 : 0)
        case .date(let value): .float(value.timeIntervalSince1970)
        }
    }

    fileprivate var expression: any SQLExpression {
        switch self {
        case .null: SQLLiteral.null
        case .int(let value): SQLBind(value)
        case .double(let value): SQLBind(value)
        case .text(let value): SQLBind(value)
        case .bool(let value): SQLBind(value)
        case .date(let value): SQLBind(value)
        }
    }
}
