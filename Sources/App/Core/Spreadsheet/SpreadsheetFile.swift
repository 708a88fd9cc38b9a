import Foundation

enum SpreadsheetFormat: Sendable, Equatable {
    case xlsx
    case csv
}

/// Entry point for imports: reads the first worksheet of an uploaded XLSX or
/// CSV file, whatever its extension claims.
enum SpreadsheetFile {
    /// Detects the format by content: a ZIP signature ("PK\u{3}\u{4}") means XLSX,
    /// anything else is treated as CSV text. The filename is only a hint and is
    /// not needed.
    static func detectFormat(_ data: Data, filename: String? = nil) -> SpreadsheetFormat {
        XLSXPackage.hasZIPSignature(data) ? .xlsx : .csv
    }

    /// Rows of the first worksheet (or of the CSV file). Trailing empty cells are
    /// trimmed; fully empty rows inside the data are kept as `[]`, so row index
    /// `i` is spreadsheet row `i + 1`.
    ///
    /// - Parameter filename: optional original filename. When it says ".xlsx"/".xlsm"
    ///   but the content is not a ZIP package, the file is rejected as `.notXLSX`
    ///   instead of being misread as text.
    static func read(_ data: Data, filename: String? = nil, maxRows: Int = 1_000_000) throws(SpreadsheetError) -> [[Cell]] {
        switch try acceptedFormat(data, filename: filename) {
        case .xlsx: try XLSXReader.read(data, sheetIndex: 0, maxRows: maxRows)
        case .csv: try CSVReader.read(data, delimiter: nil, maxRows: maxRows)
        }
    }

    /// The file's format, or why it is refused before reading: empty, legacy or encrypted Excel,
    /// or named .xlsx without being one. Whole-sheet reads and `SpreadsheetRows` both ask here.
    static func acceptedFormat(_ data: Data, filename: String?) throws(SpreadsheetError) -> SpreadsheetFormat {
        if data.isEmpty { throw .emptyFile }
        if XLSXPackage.hasOLESignature(data) { throw .legacyOrEncryptedExcel }
        let format = detectFormat(data, filename: filename)
        if format == .csv, let filename, [".xlsx", ".xlsm"].contains(where: filename.lowercased().hasSuffix) { throw .notXLSX() }
        return format
    }
}
