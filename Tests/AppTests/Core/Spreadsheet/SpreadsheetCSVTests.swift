import Foundation
import Testing
@testable import App

@Suite("CSV reader and writer")
struct SpreadsheetCSVTests {
    typealias F = SpreadsheetFixture

    static let fixtureRows: [[Cell]] = [
        [.text("日期"), .text("摘要"), .text("金额"), .text("备注")],
        [.text("2024-03-05"), .text("办公用品"), .text("12.50"), .text("含税, 发票已收")],
        [.text("2024-03-06"), .text("他说\"好的\""), .text("-3"), .text("第一行\r\n第二行")],
        [],
        [.text("2024-03-07"), .text("差旅费"), .text("1234.56")],
    ]

    @Test("GBK encoded CSV (Excel in Chinese offices) is decoded")
    func gbkFixture() throws {
        let data = try F.data("spreadsheet-gbk.csv")
        #expect(String(data: data, encoding: .utf8) == nil)  // really not UTF-8
        #expect(try TextDecoding.decodeDetectingEncoding(data).encoding == .gb18030)
        #expect(try CSVReader.read(data) == Self.fixtureRows)
    }

    @Test("UTF-8 with BOM: the BOM is not part of the first cell")
    func utf8BOMFixture() throws {
        let data = try F.data("spreadsheet-utf8-bom.csv")
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let rows = try CSVReader.read(data)
        #expect(rows == Self.fixtureRows)
        #expect(rows[0][0] == .text("日期"))
    }

    @Test("UTF-16 LE with BOM, tab separated (Excel \"Unicode text\")")
    func utf16Fixture() throws {
        let rows = try CSVReader.read(F.data("spreadsheet-utf16.txt"))
        #expect(rows == [
            [.text("科目"), .text("借方"), .text("贷方")],
            [.text("银行存款"), .text("100")],
            [.text("应收账款"), .empty, .text("100")],
        ])
    }

    @Test("quoting: delimiters, quotes and line breaks inside fields")
    func quoting() throws {
        let text = "a,\"b,c\",\"d \"\"e\"\"\",\"f\ng\"\r\n\"\",x,\"\"\"\"\n"
        #expect(try CSVReader.parse(text) == [
            [.text("a"), .text("b,c"), .text("d \"e\""), .text("f\ng")],
            [.empty, .text("x"), .text("\"")],
        ])
    }

    @Test("line ends, blank lines, trailing empty cells and rows")
    func structure() throws {
        #expect(try CSVReader.parse("a,b\rc,d\ne,f\r\n") == [[.text("a"), .text("b")], [.text("c"), .text("d")], [.text("e"), .text("f")]])
        #expect(try CSVReader.parse("a,b,,\n\n,,\nc\n\n\n") == [[.text("a"), .text("b")], [], [], [.text("c")]])
        #expect(try CSVReader.parse("a,") == [[.text("a")]])
        #expect(try CSVReader.parse(",b") == [[.empty, .text("b")]])
        #expect(try CSVReader.parse(" a , b ") == [[.text(" a "), .text(" b ")]])
        // Excel keeps text after a closing quote, and a quote inside an unquoted field is literal.
        #expect(try CSVReader.parse("\"ab\"c,d\"e") == [[.text("abc"), .text("d\"e")]])
    }

    @Test("delimiter detection and the Excel sep= line")
    func delimiters() throws {
        #expect(try CSVReader.parse("a;b;c\n1;2;3") == [[.text("a"), .text("b"), .text("c")], [.text("1"), .text("2"), .text("3")]])
        #expect(try CSVReader.parse("a\tb\n1\t2") == [[.text("a"), .text("b")], [.text("1"), .text("2")]])
        #expect(try CSVReader.parse("a,b;c\n") == [[.text("a"), .text("b;c")]])
        #expect(try CSVReader.parse("sep=;\r\na;b,c\r\n") == [[.text("a"), .text("b,c")]])
        #expect(try CSVReader.parse("a|b", delimiter: "|") == [[.text("a"), .text("b")]])
    }

    @Test("unclosed quote is malformedCSV with the line number")
    func unclosedQuote() {
        do {
            _ = try CSVReader.parse("a,b\nc,\"d\ne,f\n")
            Issue.record("expected malformedCSV")
        } catch {
            #expect(error.code == .malformedCSV)
            #expect(error.message.contains("第 2 行"))
        }
    }

    @Test("empty files, garbage and binary data are rejected")
    func rejections() {
        F.expectError(.empty) { _ = try CSVReader.read(Data()) }
        F.expectError(.empty) { _ = try CSVReader.read(Data([0xEF, 0xBB, 0xBF])) }
        F.expectError(.unsupportedEncoding) { _ = try CSVReader.read(Data([0x81, 0x20, 0xFF, 0xFF, 0x41])) }
        F.expectError(.unsupportedEncoding) { _ = try CSVReader.read(Data([0x41, 0x00, 0x42, 0x00, 0x2C, 0x00])) }
    }

    @Test("maxRows limit")
    func maxRows() throws {
        F.expectError(.tooLarge) { _ = try CSVReader.read(Data("a\nb\nc\n".utf8), maxRows: 2) }
        #expect(try CSVReader.read(Data("a\nb\n\n\n\n".utf8), maxRows: 2) == [[.text("a")], [.text("b")]])
    }

    @Test("writer: UTF-8 BOM, CRLF, RFC 4180 quoting")
    func writer() throws {
        let data = CSVWriter.write(rows: [
            [.text("名称"), .text("a,b"), .text("say \"hi\""), .text("line1\nline2")],
            [.number("12.50"), .bool(true), .date(SpreadsheetDate.make(year: 2024, month: 3, day: 5)), .empty, .text(" pad ")],
            [],
        ])
        let expected = "\u{FEFF}名称,\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\"\r\n12.5,TRUE,2024-03-05,,\" pad \"\r\n\r\n"
        #expect(data == Data(expected.utf8))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
    }

    @Test("writer neutralises formula injection in text cells")
    func formulaInjection() throws {
        let rows: [[Cell]] = [[
            .text("=HYPERLINK(\"http://evil\",\"点我\")"), .text("+1"), .text("-2"), .text("@SUM(A1)"),
            .text("\tx"), .text("\rcmd"), .text("正常"), .number("-3"), .number("=1+1"), .text("a=b"),
        ]]
        let data = CSVWriter.write(rows: rows)
        let text = try TextDecoding.decode(data)
        #expect(text.hasPrefix("\"'=HYPERLINK(\"\"http://evil\"\",\"\"点我\"\")\",'+1,'-2,'@SUM(A1),'\tx,\"'\rcmd\",正常,-3,'=1+1,a=b\r\n"))
        let back = try CSVReader.read(data)
        #expect(back == [[
            .text("'=HYPERLINK(\"http://evil\",\"点我\")"), .text("'+1"), .text("'-2"), .text("'@SUM(A1)"),
            .text("'\tx"), .text("'\rcmd"), .text("正常"), .text("-3"), .text("'=1+1"), .text("a=b"),
        ]])
    }

    @Test("writer output reads back (apart from formula neutralisation)")
    func roundTrip() throws {
        let rows: [[Cell]] = [
            [.text("日期"), .text("摘要,逗号"), .text("金额")],
            [.text("2024-03-05"), .text("引号\"在中间\""), .text("12.5")],
            [],
            [.text("多行\r\n文本"), .empty, .text("  空格  ")],
        ]
        #expect(try CSVReader.read(CSVWriter.write(rows: rows)) == rows)
    }
}
