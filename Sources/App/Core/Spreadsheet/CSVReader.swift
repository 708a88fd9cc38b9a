import Foundation

/// RFC 4180 CSV reader (lenient where Excel is lenient).
///
/// - Encoding is detected with `TextDecoding` (UTF-8 ± BOM, UTF-16 with BOM, GBK/GB18030).
/// - Line ends may be CRLF, LF or CR; quoted fields may contain delimiters, `""` and line breaks.
/// - The delimiter is a comma unless the first line has no comma but has tabs
///   (Excel "Unicode text") or semicolons; an Excel `sep=;` first line is honoured and skipped.
/// - Every value is `.text`, or `.empty` for an empty field. Trailing empty cells of a row
///   and trailing empty rows of the file are dropped; blank lines in between are kept
///   as `[]` so that row index i is spreadsheet row i + 1.
enum CSVReader {
    static func read(_ data: Data) throws(SpreadsheetError) -> [[Cell]] {
        try read(data, delimiter: nil, maxRows: 1_000_000)
    }

    static func read(_ data: Data, delimiter: Character? = nil, maxRows: Int = 1_000_000) throws(SpreadsheetError) -> [[Cell]] {
        if data.isEmpty { throw .emptyFile }
        let text = try TextDecoding.decode(data)
        if text.isEmpty { throw .emptyFile }
        return try parse(text, delimiter: delimiter, maxRows: maxRows)
    }

    /// Parses already decoded CSV text.
    static func parse(_ text: String, delimiter: Character? = nil, maxRows: Int = 1_000_000) throws(SpreadsheetError) -> [[Cell]] {
        var records = CSVRecords(text: text, delimiter: delimiter)
        var rows: [[Cell]] = []
        // Blank lines are only materialised once a later line has content, so a
        // flood of trailing blank lines costs nothing.
        var pendingBlankRows = 0
        while let row = try records.next() {
            if row.isEmpty {
                pendingBlankRows += 1
                continue
            }
            if rows.count + pendingBlankRows + 1 > maxRows { throw .tooManyRows(limit: maxRows) }
            if pendingBlankRows > 0 {
                rows.append(contentsOf: repeatElement([], count: pendingBlankRows))
                pendingBlankRows = 0
            }
            rows.append(row)
        }
        return rows
    }

    static let quote = UInt8(ascii: "\"")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")

    /// Chooses the delimiter from the first line and skips an Excel "sep=X" line.
    static func sniff(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> (separator: UInt8, dataStart: Int) {
        var end = start
        while end < buffer.count, buffer[end] != cr, buffer[end] != lf { end += 1 }
        let first = buffer[start..<end]
        if first.count == 5, first.starts(with: Array("sep=".utf8)), let sep = first.last, sep != quote {
            var next = end
            if next < buffer.count, buffer[next] == cr { next += 1 }
            if next < buffer.count, buffer[next] == lf { next += 1 }
            return (sep, next)
        }
        var commas = 0, tabs = 0, semicolons = 0
        for byte in first {
            switch byte {
            case UInt8(ascii: ","): commas += 1
            case UInt8(ascii: "\t"): tabs += 1
            case UInt8(ascii: ";"): semicolons += 1
            default: break
            }
        }
        if commas == 0 {
            if tabs > 0 { return (UInt8(ascii: "\t"), start) }
            if semicolons > 0 { return (UInt8(ascii: ";"), start) }
        }
        return (UInt8(ascii: ","), start)
    }
}
