import Foundation
import Testing
@testable import App

@Suite("SpreadsheetFile")
struct SpreadsheetFileTests {
    typealias F = SpreadsheetFixture

    @Test("format is detected by content, not by name")
    func detection() throws {
        let xlsx = try F.data("spreadsheet-types.xlsx")
        let csv = try F.data("spreadsheet-gbk.csv")
        #expect(SpreadsheetFile.detectFormat(xlsx) == .xlsx)
        #expect(SpreadsheetFile.detectFormat(xlsx, filename: "导出.csv") == .xlsx)
        #expect(SpreadsheetFile.detectFormat(csv) == .csv)
        #expect(try SpreadsheetFile.read(xlsx, filename: "misnamed.csv") == XLSXReader.read(xlsx))
        #expect(try SpreadsheetFile.read(csv) == CSVReader.read(csv))
        #expect(try SpreadsheetFile.read(csv, filename: "流水.csv")[1][3] == .text("含税, 发票已收"))
    }

    @Test("rejections")
    func rejections() throws {
        F.expectError(.empty) { _ = try SpreadsheetFile.read(Data()) }
        F.expectError(.notXLSX) { _ = try SpreadsheetFile.read(Data("a,b\n".utf8), filename: "账单.XLSX") }
        var ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        ole.append(Data(repeating: 0x20, count: 100))
        F.expectError(.notXLSX) { _ = try SpreadsheetFile.read(ole, filename: "old.xls") }
        let random = Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ 0x9B) })
        F.expectError(.unsupportedEncoding) { _ = try SpreadsheetFile.read(random) }
        let xlsx = try F.data("spreadsheet-types.xlsx")
        F.expectError(.corrupt) { _ = try SpreadsheetFile.read(xlsx.prefix(1000)) }
        F.expectError(.tooLarge) { _ = try SpreadsheetFile.read(xlsx, maxRows: 3) }
    }
}
