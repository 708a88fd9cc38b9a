import Foundation
import ZIPFoundation

/// Writes a minimal, valid XLSX workbook in memory.
///
/// Package: `[Content_Types].xml`, `_rels/.rels`, `xl/workbook.xml`,
/// `xl/_rels/workbook.xml.rels`, `xl/styles.xml`, `xl/sharedStrings.xml`,
/// `xl/worksheets/sheetN.xml`. Text goes to the shared string table
/// (deduplicated), numbers are written as numbers, dates as 1900-system serials
/// with a "yyyy-mm-dd" / "yyyy-mm-dd hh:mm:ss" format, and the first row of
/// every sheet is bold (header) and frozen.
enum XLSXWriter {
    static let maxRows = 1_048_576
    static let maxColumns = 16_384
    /// Excel refuses (and "repairs") cells longer than this many UTF-16 code units.
    static let maxCellLength = 32_767

    static func write(sheetName: String, rows: [[Cell]]) throws -> Data {
        try write(sheets: [(name: sheetName, rows: rows)])
    }

    static func write(sheets: [(name: String, rows: [[Cell]])]) throws -> Data {
        guard !sheets.isEmpty else { throw SpreadsheetError.noSheet() }
        var strings = SharedStrings()
        var names: [String] = []
        var sheetXML: [String] = []
        for (index, sheet) in sheets.enumerated() {
            guard sheet.rows.count <= maxRows else { throw SpreadsheetError.tooManyRows(limit: maxRows) }
            if sheet.rows.contains(where: { $0.count > maxColumns }) {
                throw SpreadsheetError.tooLarge("单个工作表最多 \(maxColumns) 列")
            }
            names.append(sanitizeSheetName(sheet.name, position: index, taken: names))
            sheetXML.append(worksheetXML(rows: sheet.rows, strings: &strings))
        }

        var parts: [(path: String, data: Data)] = [
            ("[Content_Types].xml", Data(contentTypesXML(sheetCount: sheets.count).utf8)),
            ("_rels/.rels", Data(packageRelationshipsXML.utf8)),
            ("xl/workbook.xml", Data(workbookXML(names: names).utf8)),
            ("xl/_rels/workbook.xml.rels", Data(workbookRelationshipsXML(sheetCount: sheets.count).utf8)),
            ("xl/styles.xml", Data(stylesXML.utf8)),
            ("xl/sharedStrings.xml", Data(strings.xml().utf8)),
        ]
        for (index, xml) in sheetXML.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", Data(xml.utf8)))
        }
        return try makeZIP(parts)
    }

    /// Builds a deflate-compressed ZIP archive in memory with ZIPFoundation.
    static func makeZIP(_ parts: [(path: String, data: Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in parts {
            let data = part.data
            try archive.addEntry(
                with: part.path, type: .file, uncompressedSize: Int64(data.count),
                compressionMethod: .deflate
            ) { position, size in
                let start = Int(position)
                return data.subdata(in: start..<min(start + size, data.count))
            }
        }
        guard let data = archive.data else { throw SpreadsheetError.corrupt("无法生成压缩包") }
        return data
    }

    // MARK: Sheet names

    /// Excel sheet names: 1–31 characters, none of `[ ] : * ? / \`, not starting or
    /// ending with an apostrophe, unique (case-insensitively), and not "History".
    static func sanitizeSheetName(_ name: String, position: Int, taken: [String]) -> String {
        let forbidden: Set<Unicode.Scalar> = ["[", "]", ":", "*", "?", "/", "\\"]
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            if forbidden.contains(scalar) {
                scalars.append("_")
            } else if XLSXXML.isLegalXMLScalar(scalar), scalar.value >= 0x20 {
                scalars.append(scalar)
            }
        }
        var cleaned = String(scalars).trimmedSpaces
        while cleaned.hasPrefix("'") { cleaned.removeFirst() }
        while cleaned.hasSuffix("'") { cleaned.removeLast() }
        if cleaned.isEmpty { cleaned = "Sheet\(position + 1)" }
        if cleaned.caseInsensitiveCompare("History") == .orderedSame { cleaned += "_" }
        cleaned = truncate(cleaned, utf16Length: 31)

        let lowerTaken = Set(taken.map { $0.lowercased() })
        var candidate = cleaned
        var counter = 2
        while lowerTaken.contains(candidate.lowercased()) {
            let suffix = " (\(counter))"
            candidate = truncate(cleaned, utf16Length: 31 - suffix.utf16.count) + suffix
            counter += 1
        }
        return candidate
    }

    /// Cuts `text` to at most `length` UTF-16 code units without splitting a character.
    static func truncate(_ text: String, utf16Length length: Int) -> String {
        guard text.utf16.count > length else { return text }
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf16.count
            if used + size > length { break }
            result.append(character)
            used += size
        }
        return result
    }

    // MARK: Worksheet

    /// Style indexes in styles.xml `cellXfs`.
    private enum Style {
        static let normal = 0, bold = 1, date = 2, dateTime = 3, boldDate = 4, boldDateTime = 5
    }

    private struct SharedStrings {
        var indexes: [String: Int] = [:]
        var list: [String] = []
        var references = 0

        mutating func index(of text: String) -> Int {
            references += 1
            if let index = indexes[text] { return index }
            let index = list.count
            indexes[text] = index
            list.append(text)
            return index
        }

        func xml() -> String {
            var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            out += #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\#(references)" uniqueCount="\#(list.count)">"#
            for text in list {
                let preserve = text.first.map { $0.isWhitespace } == true || text.last.map { $0.isWhitespace } == true
                out += preserve ? #"<si><t xml:space="preserve">"# : "<si><t>"
                out += XLSXXML.escape(text, protectOOXMLEscapes: true)
                out += "</t></si>"
            }
            out += "</sst>"
            return out
        }
    }

    private static func worksheetXML(rows: [[Cell]], strings: inout SharedStrings) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#

        let lastRow = rows.lastIndex(where: { row in row.contains { !$0.isEmpty } })
        let width = rows.map(\.count).max() ?? 0
        if let lastRow, width > 0 {
            out += #"<dimension ref="A1:\#(XLSXSheetHandler.columnLetters(width))\#(lastRow + 1)"/>"#
        }
        if let lastRow, lastRow > 0 {
            out += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        }
        out += #"<sheetFormatPr defaultRowHeight="15"/>"#
        let widths = columnWidths(rows)
        if !widths.isEmpty {
            out += "<cols>"
            for (index, width) in widths.enumerated() {
                out += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
            }
            out += "</cols>"
        }
        out += "<sheetData>"
        var letters: [String] = []
        for (rowIndex, row) in rows.enumerated() where row.contains(where: { !$0.isEmpty }) {
            let rowNumber = rowIndex + 1
            let header = rowIndex == 0
            out += #"<row r="\#(rowNumber)">"#
            for (columnIndex, cell) in row.enumerated() {
                while letters.count <= columnIndex { letters.append(XLSXSheetHandler.columnLetters(letters.count + 1)) }
                let reference = letters[columnIndex] + String(rowNumber)
                out += cellXML(cell, reference: reference, header: header, strings: &strings)
            }
            out += "</row>"
        }
        out += "</sheetData>"
        out += #"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
        out += "</worksheet>"
        return out
    }

    private static func cellXML(_ cell: Cell, reference: String, header: Bool, strings: inout SharedStrings) -> String {
        let textStyle = header ? Style.bold : Style.normal
        func styleAttribute(_ style: Int) -> String { style == 0 ? "" : #" s="\#(style)""# }
        func stringCell(_ text: String) -> String {
            let index = strings.index(of: truncate(text, utf16Length: maxCellLength))
            return #"<c r="\#(reference)"\#(styleAttribute(textStyle)) t="s"><v>\#(index)</v></c>"#
        }
        switch cell {
        case .empty:
            return ""
        case .text(let text):
            return text.isEmpty ? "" : stringCell(text)
        case .number(let raw):
            guard let number = SpreadsheetNumber.canonical(raw) else { return raw.isEmpty ? "" : stringCell(raw) }
            return #"<c r="\#(reference)"\#(styleAttribute(textStyle))><v>\#(number)</v></c>"#
        case .bool(let value):
            return #"<c r="\#(reference)"\#(styleAttribute(textStyle)) t="b"><v>\#(value ? 1 : 0)</v></c>"#
        case .date(let date):
            guard let (days, seconds) = SpreadsheetDate.serial1900(from: date) else {
                // Excel cannot store dates before 1900 as dates; keep them readable as text.
                return stringCell(cell.text)
            }
            let serial = SpreadsheetDate.serialText(days: days, seconds: seconds)
            let style = seconds == 0 ? (header ? Style.boldDate : Style.date) : (header ? Style.boldDateTime : Style.dateTime)
            return #"<c r="\#(reference)" s="\#(style)"><v>\#(serial)</v></c>"#
        }
    }

    /// Column widths from the content of the first 1,000 rows (CJK characters count double).
    private static func columnWidths(_ rows: [[Cell]]) -> [Int] {
        var widths: [Int] = []
        for row in rows.prefix(1000) {
            for (index, cell) in row.enumerated() {
                var width = 0
                for scalar in cell.text.unicodeScalars.prefix(200) {
                    width += scalar.value >= 0x1100 ? 2 : 1
                }
                if index >= widths.count { widths.append(contentsOf: repeatElement(0, count: index - widths.count + 1)) }
                widths[index] = max(widths[index], width)
            }
        }
        return widths.map { min(max($0 + 2, 8), 60) }
    }

    // MARK: Fixed parts

    private static func contentTypesXML(sheetCount: Int) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        out += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        out += #"<Default Extension="xml" ContentType="application/xml"/>"#
        out += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for index in 1...sheetCount {
            out += #"<Override PartName="/xl/worksheets/sheet\#(index).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        out += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        out += #"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
        out += "</Types>"
        return out
    }

    private static let packageRelationshipsXML =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    private static func workbookXML(names: [String]) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        out += #"<workbookPr/><bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
        for (index, name) in names.enumerated() {
            out += #"<sheet name="\#(XLSXXML.escape(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        out += "</sheets></workbook>"
        return out
    }

    private static func workbookRelationshipsXML(sheetCount: Int) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 1...sheetCount {
            out += #"<Relationship Id="rId\#(index)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(index).xml"/>"#
        }
        out += #"<Relationship Id="rId\#(sheetCount + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        out += #"<Relationship Id="rId\#(sheetCount + 2)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
        out += "</Relationships>"
        return out
    }

    private static let stylesXML =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        + #"<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/><numFmt numFmtId="165" formatCode="yyyy\-mm\-dd\ hh:mm:ss"/></numFmts>"#
        + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="6">"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
        + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>"#
        + #"<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>"#
        + "</cellXfs>"
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"
}
