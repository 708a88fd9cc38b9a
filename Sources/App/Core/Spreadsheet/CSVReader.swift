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
        var text = text
        var result: Result<[[Cell]], SpreadsheetError> = .success([])
        text.withUTF8 { buffer in
            do throws(SpreadsheetError) {
                result = .success(try parse(utf8: buffer, delimiter: delimiter, maxRows: maxRows))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    private static func parse(utf8 buffer: UnsafeBufferPointer<UInt8>, delimiter: Character?, maxRows: Int) throws(SpreadsheetError) -> [[Cell]] {
        let count = buffer.count
        var index = 0
        // A UTF-8 BOM left inside already decoded text.
        if count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { index = 3 }

        var separator: UInt8
        if let delimiter, let ascii = delimiter.asciiValue {
            separator = ascii
        } else {
            let sniffed = sniff(buffer, from: index)
            separator = sniffed.separator
            index = sniffed.dataStart
        }

        var rows: [[Cell]] = []
        var row: [Cell] = []
        var field: [UInt8] = []
        var line = 1

        func finishField(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) {
            row.append(bytes.isEmpty ? .empty : .text(String(decoding: bytes, as: UTF8.self)))
        }
        // Blank lines are only materialised once a later line has content, so a
        // flood of trailing blank lines costs nothing.
        var pendingBlankRows = 0
        func finishRow() throws(SpreadsheetError) {
            row.trimTrailingEmptyCells()
            if row.isEmpty {
                pendingBlankRows += 1
                return
            }
            if rows.count + pendingBlankRows + 1 > maxRows { throw .tooManyRows(limit: maxRows) }
            if pendingBlankRows > 0 {
                rows.append(contentsOf: repeatElement([], count: pendingBlankRows))
                pendingBlankRows = 0
            }
            rows.append(row)
            row = []
        }

        while index < count {
            // Start of a field.
            if buffer[index] == quote {
                let startLine = line
                field.removeAll(keepingCapacity: true)
                index += 1
                var closed = false
                while index < count {
                    let byte = buffer[index]
                    if byte == quote {
                        if index + 1 < count, buffer[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if byte == lf || (byte == cr && !(index + 1 < count && buffer[index + 1] == lf)) { line += 1 }
                    field.append(byte)
                    index += 1
                }
                guard closed else { throw .unclosedQuote(line: startLine) }
                // Excel keeps any characters between the closing quote and the next delimiter.
                while index < count, buffer[index] != separator, buffer[index] != cr, buffer[index] != lf {
                    field.append(buffer[index])
                    index += 1
                }
                field.withUnsafeBufferPointer { finishField($0[...]) }
            } else {
                let start = index
                while index < count, buffer[index] != separator, buffer[index] != cr, buffer[index] != lf {
                    index += 1
                }
                finishField(buffer[start..<index])
            }

            // After a field: delimiter, line end, or end of input.
            if index >= count {
                try finishRow()
                break
            }
            let byte = buffer[index]
            if byte == separator {
                index += 1
                if index >= count { finishField(buffer[index..<index]); try finishRow() }
            } else {
                // CR, LF or CRLF ends the record.
                index += 1
                if byte == cr, index < count, buffer[index] == lf { index += 1 }
                line += 1
                try finishRow()
            }
        }

        return rows
    }

    /// Chooses the delimiter from the first line and skips an Excel "sep=X" line.
    private static func sniff(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> (separator: UInt8, dataStart: Int) {
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
