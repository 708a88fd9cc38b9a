import Foundation

/// The records of a CSV text one at a time, so a large file can be checked and written a batch at
/// a time instead of being held as one array of rows. `CSVReader` describes the dialect.
struct CSVRecords: Sendable {
    private let bytes: [UInt8]
    private let separator: UInt8
    private var index: Int
    private var line = 1
    /// The spreadsheet row number of the record `next()` returned last.
    private(set) var rowNumber = 0

    init(text: String, delimiter: Character? = nil) {
        bytes = Array(text.utf8)
        var start = 0
        // A UTF-8 BOM left inside already decoded text.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        if let delimiter, let ascii = delimiter.asciiValue {
            separator = ascii
        } else {
            let sniffed = bytes.withUnsafeBufferPointer { CSVReader.sniff($0, from: start) }
            separator = sniffed.separator
            start = sniffed.dataStart
        }
        index = start
    }

    /// The next record with its trailing empty cells trimmed (`[]` for a blank line), or nil at the end.
    mutating func next() throws(SpreadsheetError) -> [Cell]? {
        guard index < bytes.count else { return nil }
        var result: Result<[Cell], SpreadsheetError> = .success([])
        var index = self.index, line = self.line
        let separator = self.separator
        bytes.withUnsafeBufferPointer { buffer in
            let count = buffer.count
            var row: [Cell] = []
            var field: [UInt8] = []
            func finishField(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) {
                row.append(bytes.isEmpty ? .empty : .text(String(decoding: bytes, as: UTF8.self)))
            }
            while true {
                if buffer[index] == CSVReader.quote {
                    let startLine = line
                    field.removeAll(keepingCapacity: true)
                    index += 1
                    var closed = false
                    while index < count {
                        let byte = buffer[index]
                        if byte == CSVReader.quote {
                            if index + 1 < count, buffer[index + 1] == CSVReader.quote {
                                field.append(byte)
                                index += 2
                                continue
                            }
                            index += 1
                            closed = true
                            break
                        }
                        if byte == CSVReader.lf || (byte == CSVReader.cr && !(index + 1 < count && buffer[index + 1] == CSVReader.lf)) { line += 1 }
                        field.append(byte)
                        index += 1
                    }
                    guard closed else {
                        result = .failure(.unclosedQuote(line: startLine))
                        return
                    }
                    // Excel keeps any characters between the closing quote and the next delimiter.
                    while index < count, buffer[index] != separator, buffer[index] != CSVReader.cr, buffer[index] != CSVReader.lf {
                        field.append(buffer[index])
                        index += 1
                    }
                    field.withUnsafeBufferPointer { finishField($0[...]) }
                } else {
                    let start = index
                    while index < count, buffer[index] != separator, buffer[index] != CSVReader.cr, buffer[index] != CSVReader.lf {
                        index += 1
                    }
                    finishField(buffer[start..<index])
                }
                // After a field: delimiter, line end, or end of input.
                if index >= count { break }
                let byte = buffer[index]
                index += 1
                if byte == separator {
                    if index >= count {
                        finishField(buffer[index..<index])
                        break
                    }
                } else {
                    // CR, LF or CRLF ends the record.
                    if byte == CSVReader.cr, index < count, buffer[index] == CSVReader.lf { index += 1 }
                    line += 1
                    break
                }
            }
            row.trimTrailingEmptyCells()
            result = .success(row)
        }
        self.index = index
        self.line = line
        rowNumber += 1
        return try result.get()
    }
}
