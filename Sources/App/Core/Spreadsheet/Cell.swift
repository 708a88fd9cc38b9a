import Foundation

/// One spreadsheet cell value, independent of the file format it came from.
enum Cell: Sendable, Hashable {
    case empty
    case text(String)
    /// Exact decimal text of the number as stored in the file, normalised to
    /// plain decimal notation ("1E-3" -> "0.001", "-0" -> "0"). It never goes
    /// through `Double`, so it can be fed straight into `Decimal` for money.
    /// See `SpreadsheetNumber.canonical(_:)` for the exact rules.
    case number(String)
    case bool(Bool)
    /// A naive calendar date-time (no time zone): its components are the UTC
    /// components of this `Date`.
    case date(Date)

    /// Display / parse friendly string:
    /// "" for empty, the text, the number text, "TRUE"/"FALSE",
    /// "yyyy-MM-dd" or "yyyy-MM-dd HH:mm:ss" when the time part is not midnight.
    var text: String {
        switch self {
        case .empty: return ""
        case .text(let string): return string
        case .number(let string): return string
        case .bool(let value): return value ? "TRUE" : "FALSE"
        case .date(let date): return SpreadsheetDate.format(date)
        }
    }

    var isEmpty: Bool {
        switch self {
        case .empty: return true
        case .text(let string): return string.isEmpty
        default: return false
        }
    }
}

extension Array where Element == Cell {
    /// Drops trailing empty cells (in place).
    mutating func trimTrailingEmptyCells() {
        while let last = self.last, last.isEmpty { removeLast() }
    }
}
