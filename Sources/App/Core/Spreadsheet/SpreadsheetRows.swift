import Foundation

/// The rows of an uploaded file one at a time with their spreadsheet row numbers. A CSV file is
/// parsed as it is read, so a 300,000-row registry is never held as one array of cells; an XLSX
/// sheet is parsed whole (its rows can come in any order), kept packed and handed out the same way.
struct SpreadsheetRows: Sendable {
    private enum Source: Sendable {
        case csv(CSVRecords)
        case packed(PackedRows, next: Int)
    }

    private var source: Source
    private let maxRows: Int

    init(_ data: Data, filename: String? = nil, maxRows: Int = 1_000_000) throws(SpreadsheetError) {
        self.maxRows = maxRows
        switch try SpreadsheetFile.acceptedFormat(data, filename: filename) {
        case .xlsx:
            source = .packed(try XLSXReader.readPacked(data, sheetIndex: 0, maxRows: maxRows), next: 0)
        case .csv:
            let text = try TextDecoding.decode(data)
            if text.isEmpty { throw .emptyFile }
            source = .csv(CSVRecords(text: text))
        }
    }

    /// What can be known of a file without reading its rows, for a web upload to refuse at once
    /// while the rows are left to a background job (a 300,000-row sheet takes seconds to parse):
    /// its format, that an XLSX workbook opens and has a worksheet, that a CSV's text decodes.
    static func checkReadable(_ data: Data, filename: String? = nil) throws(SpreadsheetError) {
        switch try SpreadsheetFile.acceptedFormat(data, filename: filename) {
        case .xlsx:
            if try XLSXReader.sheets(data).isEmpty { throw .noSheet(index: nil) }
        case .csv:
            if try TextDecoding.decode(data).isEmpty { throw .emptyFile }
        }
    }

    /// The next row (`[]` for a blank one) and its number, from 1 for the header; nil at the end.
    mutating func next() throws(SpreadsheetError) -> (number: Int, cells: [Cell])? {
        switch source {
        case .csv(var records):
            let row = try records.next()
            source = .csv(records)
            guard let row else { return nil }
            // Trailing blank lines do not count against the limit; only a row with content past it does.
            if records.rowNumber > maxRows, !row.isEmpty { throw .tooManyRows(limit: maxRows) }
            return (records.rowNumber, row)
        case .packed(let rows, let next):
            guard next < rows.count else { return nil }
            source = .packed(rows, next: next + 1)
            return (next + 1, rows[next])
        }
    }
}
