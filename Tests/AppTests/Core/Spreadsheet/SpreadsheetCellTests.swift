import Foundation
import Testing
@testable import App

@Suite("Cell, numbers and dates")
struct SpreadsheetCellTests {
    @Test("display text")
    func text() {
        #expect(Cell.empty.text == "")
        #expect(Cell.text("中文").text == "中文")
        #expect(Cell.number("-12.5").text == "-12.5")
        #expect(Cell.bool(true).text == "TRUE")
        #expect(Cell.bool(false).text == "FALSE")
        #expect(Cell.date(SpreadsheetDate.make(year: 2024, month: 3, day: 5)).text == "2024-03-05")
        #expect(Cell.date(SpreadsheetDate.make(year: 2024, month: 3, day: 5, hour: 9, minute: 5, second: 7)).text == "2024-03-05 09:05:07")
        #expect(Cell.date(SpreadsheetDate.make(year: 1899, month: 12, day: 30)).text == "1899-12-30")
    }

    @Test("numeric text is normalised without going through Double", arguments: [
        ("12.5", "12.5"), ("-3", "-3"), ("1E-3", "0.001"), ("1.5e+3", "1500"), ("+7", "7"),
        ("007.500", "7.5"), ("-0", "0"), ("0.0", "0"), ("1.0", "1"), (" 42 ", "42"), (".5", "0.5"), ("5.", "5"),
        ("0.30000000000000004", "0.3"), ("-1234.5600000000001", "-1234.56"), ("0.99999999999999999", "1"),
        ("6222021234567890123", "6222021234567890123"), ("1.2345678901234567E+18", "1234567890123456700"),
        ("1E+40", "1E+40"), ("-2.5E-40", "-2.5E-40"), ("123456789.123456789", "123456789.123457"),
    ])
    func canonicalNumbers(input: String, expected: String) {
        #expect(SpreadsheetNumber.canonical(input) == expected)
    }

    @Test("non-numbers are rejected", arguments: ["", "abc", "1,234", "1e", "--1", "1.2.3", "0x10", "NaN", "inf", "¥12", "."])
    func nonNumbers(input: String) {
        #expect(SpreadsheetNumber.canonical(input) == nil)
    }

    @Test("Excel serials (1900 system with the 1900-02-29 bug, and 1904 system)")
    func serials() throws {
        func serial(_ value: Double, _ date1904: Bool = false) -> String? {
            SpreadsheetDate.date(fromSerial: value, date1904: date1904).map(SpreadsheetDate.format)
        }
        #expect(serial(1) == "1900-01-01")
        #expect(serial(59) == "1900-02-28")
        #expect(serial(61) == "1900-03-01")
        #expect(serial(45356) == "2024-03-05")
        #expect(serial(45356.5) == "2024-03-05 12:00:00")
        #expect(serial(45357.54450231481) == "2024-03-06 13:04:05")
        #expect(serial(45356.999999999) == "2024-03-06")
        #expect(serial(0, true) == "1904-01-01")
        #expect(serial(43894, true) == "2024-03-05")
        #expect(serial(-1) == nil)
        #expect(serial(3_000_000) == nil)

        let dates = [(1900, 1, 1), (1900, 2, 28), (1900, 3, 1), (2024, 2, 29), (9999, 12, 31)]
        for (year, month, day) in dates {
            let date = SpreadsheetDate.make(year: year, month: month, day: day, hour: 6, minute: 30)
            let (days, seconds) = try #require(SpreadsheetDate.serial1900(from: date))
            let back = SpreadsheetDate.date(fromSerial: Double(days) + Double(seconds) / 86_400, date1904: false)
            #expect(back == date, "\(year)-\(month)-\(day)")
        }
        #expect(SpreadsheetDate.serial1900(from: SpreadsheetDate.make(year: 1899, month: 12, day: 31)) == nil)
    }

    @Test("ISO dates of t=\"d\" cells")
    func isoDates() {
        #expect(SpreadsheetDate.parseISO("2024-03-05").map(SpreadsheetDate.format) == "2024-03-05")
        #expect(SpreadsheetDate.parseISO("2024-03-05T08:30:15Z").map(SpreadsheetDate.format) == "2024-03-05 08:30:15")
        #expect(SpreadsheetDate.parseISO("2024-03-05T08:30").map(SpreadsheetDate.format) == "2024-03-05 08:30:00")
        #expect(SpreadsheetDate.parseISO("2024/03/05") == nil)
        #expect(SpreadsheetDate.parseISO("2024-13-05") == nil)
    }
}

@Suite("Packed rows")
struct PackedRowsTests {
    @Test("every kind of cell reads back as it was added; gaps are empty rows; a replaced row reads as replaced")
    func roundTrip() {
        let long = String(repeating: "统一社会信用代码", count: 40)  // 960 bytes: a two-byte length
        let rows: [[Cell]] = [
            [.text("企业名称"), .empty, .number("-12.50"), .bool(true), .bool(false)],
            [],
            [.date(SpreadsheetDate.make(year: 1899, month: 12, day: 31, hour: 0, minute: 0, second: 0)), .text(long), .text("🏭 e\u{301}")],
            [.date(SpreadsheetDate.make(year: 2026, month: 12, day: 5, hour: 8, minute: 30, second: 15))],
        ]
        var packed = PackedRows()
        packed.append(rows[0])
        packed.pad(to: 2)
        packed.append(rows[2])
        packed.append(rows[3])
        #expect(packed.count == 4)
        #expect(packed.all == rows)
        packed.replace(1, with: [.text("补上")])
        #expect(packed[1] == [.text("补上")] && packed[0] == rows[0] && packed[2] == rows[2])
    }
}
