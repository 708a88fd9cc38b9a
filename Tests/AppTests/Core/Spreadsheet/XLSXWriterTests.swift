import Foundation
import Testing
@testable import App

@Suite("XLSXWriter")
struct XLSXWriterTests {
    typealias F = SpreadsheetFixture

    /// Rows covering every cell kind; already trimmed the way the reader returns them.
    static let sampleRows: [[Cell]] = [
        [.text("日期"), .text("摘要"), .text("金额"), .text("已核对"), .text("备注")],
        [F.date(2024, 3, 5), .text("办公用品采购"), .number("12.5"), .bool(true), .text("现金")],
        [F.date(2024, 3, 6, 13, 4, 5), .text("退款 & 调整 <测试> \"引号\""), .number("-3"), .bool(false)],
        [],
        [F.date(1900, 2, 28), .text("  前后空格  "), .number("0.001"), .empty, .text("第一行\n第二行")],
        [.empty, .text("=SUM(A1:A3)"), .number("100000000"), .empty, .text("字面 _x0041_ 序列")],
        [F.date(2023, 12, 31, 23, 59, 59), .text("回车\r\n换行"), .number("1234567.89"), .bool(true), .text("Tab\t分隔")],
    ]

    @Test("write then read back gives equal cells")
    func roundTrip() throws {
        let data = try XLSXWriter.write(sheetName: "账单明细", rows: Self.sampleRows)
        #expect(XLSXPackage.hasZIPSignature(data))
        let rows = try XLSXReader.read(data)
        #expect(rows.count == Self.sampleRows.count)
        for (index, row) in rows.enumerated() where index < Self.sampleRows.count {
            #expect(row == Self.sampleRows[index], "row \(index + 1)")
        }
        #expect(try XLSXReader.sheets(data).map(\.name) == ["账单明细"])
        #expect(try SpreadsheetFile.read(data) == rows)
    }

    @Test("header row is bold, dates use the date styles, numbers are numbers")
    func styles() throws {
        let data = try XLSXWriter.write(sheetName: "S", rows: Self.sampleRows)
        let package = try XLSXPackage(data: data)
        let sheet = String(decoding: try #require(try package.data("xl/worksheets/sheet1.xml")), as: UTF8.self)
        #expect(sheet.contains(#"<c r="A1" s="1" t="s">"#))
        #expect(sheet.contains(#"<c r="A2" s="2"><v>45356</v></c>"#))
        #expect(sheet.contains(#"<c r="C2"><v>12.5</v></c>"#))
        #expect(sheet.contains(#"<c r="D2" t="b"><v>1</v></c>"#))
        #expect(sheet.contains(#"<c r="A3" s="3"><v>45357.5445023148"#))
        #expect(sheet.contains(#"<c r="A5" s="2"><v>59</v></c>"#))
        #expect(!sheet.contains(#"<row r="4""#))
        let styles = String(decoding: try #require(try package.data("xl/styles.xml")), as: UTF8.self)
        #expect(styles.contains("<b/>"))
        #expect(try package.data("[Content_Types].xml") != nil)
        #expect(try package.data("_rels/.rels") != nil)
        #expect(try package.data("xl/_rels/workbook.xml.rels") != nil)
    }

    @Test("characters illegal in XML 1.0 are stripped")
    func stripsIllegalCharacters() throws {
        let data = try XLSXWriter.write(sheetName: "S", rows: [[.text("a\u{1}b\u{0}c\u{FFFE}d"), .text("\u{8}")]])
        #expect(try XLSXReader.read(data) == [[.text("abcd")]])
    }

    @Test("sheet names are sanitised and made unique")
    func sheetNames() throws {
        #expect(XLSXWriter.sanitizeSheetName("账单[2024]/03:明细*?", position: 0, taken: []) == "账单_2024__03_明细__")
        let long = String(repeating: "长", count: 40)
        #expect(XLSXWriter.sanitizeSheetName(long, position: 0, taken: []).count == 31)
        #expect(XLSXWriter.sanitizeSheetName("", position: 2, taken: []) == "Sheet3")
        #expect(XLSXWriter.sanitizeSheetName("'引号'", position: 0, taken: []) == "引号")
        #expect(XLSXWriter.sanitizeSheetName("history", position: 0, taken: []) == "history_")
        #expect(XLSXWriter.sanitizeSheetName("明细", position: 1, taken: ["明细"]) == "明细 (2)")
        let longTaken = XLSXWriter.sanitizeSheetName(long, position: 0, taken: [])
        let second = XLSXWriter.sanitizeSheetName(long, position: 1, taken: [longTaken])
        #expect(second.hasSuffix(" (2)") && second.utf16.count == 31)

        let data = try XLSXWriter.write(sheets: [
            (name: "a/b", rows: [[.text("one")]]),
            (name: "A/B", rows: [[.text("two")], [.number("2")]]),
        ])
        #expect(try XLSXReader.sheets(data).map(\.name) == ["a_b", "A_B (2)"])
        #expect(try XLSXReader.read(data, sheetIndex: 1) == [[.text("two")], [.number("2")]])
    }

    @Test("values Excel cannot store natively fall back to text")
    func fallbacks() throws {
        let data = try XLSXWriter.write(sheetName: "S", rows: [
            [.date(SpreadsheetDate.make(year: 1899, month: 12, day: 31)), .number("1,234.00"), .number("1E-3")],
        ])
        #expect(try XLSXReader.read(data) == [[.text("1899-12-31"), .text("1,234.00"), .number("0.001")]])
    }

    @Test("no sheets is an error")
    func noSheets() {
        #expect(throws: SpreadsheetError.self) { try XLSXWriter.write(sheets: []) }
    }

    /// When YINGSHANG_XLSX_OUT is set to a directory, writes writer-roundtrip.xlsx and
    /// writer-roundtrip.expected.json there so CI can verify the file with openpyxl:
    ///   python3 scripts/check_xlsx_with_openpyxl.py DIR/writer-roundtrip.xlsx DIR/writer-roundtrip.expected.json
    @Test("export writer output for openpyxl verification (YINGSHANG_XLSX_OUT)")
    func exportForOpenpyxl() throws {
        let sheetName = "导出测试"
        let data = try XLSXWriter.write(sheetName: sheetName, rows: Self.sampleRows)
        let json = Self.expectedJSON(sheet: sheetName, rows: Self.sampleRows)
        // The expectation document itself must be valid JSON.
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(parsed?["sheet"] as? String == sheetName)
        #expect((parsed?["rows"] as? [Any])?.count == Self.sampleRows.count)

        guard let directory = ProcessInfo.processInfo.environment["YINGSHANG_XLSX_OUT"], !directory.isEmpty else { return }
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try data.write(to: folder.appendingPathComponent("writer-roundtrip.xlsx"))
        try Data(json.utf8).write(to: folder.appendingPathComponent("writer-roundtrip.expected.json"))
    }

    /// `{"sheet": "...", "rows": [[...], ...]}` with text as strings, numbers as JSON numbers
    /// (exact literal), booleans, dates as "yyyy-MM-dd[ HH:mm:ss]" strings and empty cells as null.
    static func expectedJSON(sheet: String, rows: [[Cell]]) -> String {
        func string(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        out += String(format: "\\u%04x", scalar.value)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        func value(_ cell: Cell) -> String {
            switch cell {
            case .empty: return "null"
            case .text(let text): return string(text)
            case .number(let raw): return SpreadsheetNumber.canonical(raw) ?? string(raw)
            case .bool(let flag): return flag ? "true" : "false"
            case .date: return string(cell.text)
            }
        }
        let body = rows.map { "[" + $0.map(value).joined(separator: ", ") + "]" }.joined(separator: ",\n    ")
        return "{\n  \"sheet\": \(string(sheet)),\n  \"rows\": [\n    \(body)\n  ]\n}\n"
    }
}
