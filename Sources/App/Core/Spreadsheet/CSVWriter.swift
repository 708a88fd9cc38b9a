import Foundation

/// CSV writer for exports: UTF-8 with BOM (so Excel detects the encoding and
/// shows Chinese correctly), CRLF line ends, RFC 4180 quoting.
enum CSVWriter {
    /// `byteOrderMark: false` for the chunks after the first of a streamed file.
    static func write(rows: [[Cell]], byteOrderMark: Bool = true) -> Data {
        var out: [UInt8] = byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        out.reserveCapacity(rows.count * 32 + 3)
        for row in rows {
            for (column, cell) in row.enumerated() {
                if column > 0 { out.append(UInt8(ascii: ",")) }
                appendField(field(for: cell), to: &out)
            }
            out.append(UInt8(ascii: "\r"))
            out.append(UInt8(ascii: "\n"))
        }
        return Data(out)
    }

    /// The text written for one cell, before quoting.
    static func field(for cell: Cell) -> String {
        switch cell {
        case .empty:
            return ""
        case .number(let raw):
            // Numbers are written as numbers; anything that is not really a
            // numeric literal is treated like text (and neutralised below).
            if let canonical = SpreadsheetNumber.canonical(raw) { return canonical }
            return neutralizeFormula(raw)
        case .text(let string):
            return neutralizeFormula(string)
        case .bool, .date:
            return cell.text
        }
    }

    /// CSV / formula injection protection.
    ///
    /// When a CSV file is opened in Excel, WPS or LibreOffice, a field that
    /// starts with `=`, `+`, `-` or `@` is evaluated as a formula, so text that
    /// came from users (an account name, a memo) could run e.g.
    /// `=HYPERLINK(...)` or a DDE command on the machine of whoever opens the
    /// export. A leading tab or carriage return is stripped by some
    /// spreadsheet programs before that check, so they are treated the same.
    /// Prefixing such text with an apostrophe makes the spreadsheet treat it as
    /// plain text (OWASP "CSV Injection" recommendation); the apostrophe is
    /// visible in the raw file, which is the accepted trade-off.
    static func neutralizeFormula(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        switch first {
        case "=", "+", "-", "@", "\t", "\r":
            return "'" + text
        default:
            return text
        }
    }

    private static func appendField(_ text: String, to out: inout [UInt8]) {
        let utf8 = text.utf8
        let needsQuotes = utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
        } || utf8.first == UInt8(ascii: " ") || utf8.last == UInt8(ascii: " ")
        guard needsQuotes else {
            out.append(contentsOf: utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }
}
