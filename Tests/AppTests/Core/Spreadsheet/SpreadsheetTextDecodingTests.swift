import Foundation
import Testing
@testable import App

@Suite("TextDecoding")
struct SpreadsheetTextDecodingTests {
    typealias F = SpreadsheetFixture

    @Test("byte order marks are detected and removed")
    func byteOrderMarks() throws {
        let text = "金额,备注\r\n12.5,现金"
        let utf8BOM = Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        #expect(try TextDecoding.decodeDetectingEncoding(utf8BOM) == (text, .utf8BOM))

        var le = Data([0xFF, 0xFE])
        var be = Data([0xFE, 0xFF])
        for unit in text.utf16 {
            le.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)])
            be.append(contentsOf: [UInt8(unit >> 8), UInt8(unit & 0xFF)])
        }
        #expect(try TextDecoding.decodeDetectingEncoding(le) == (text, .utf16LE))
        #expect(try TextDecoding.decodeDetectingEncoding(be) == (text, .utf16BE))
    }

    @Test("plain UTF-8 wins over GBK")
    func utf8() throws {
        #expect(try TextDecoding.decodeDetectingEncoding(Data("中文,abc".utf8)) == ("中文,abc", .utf8))
        #expect(try TextDecoding.decode(Data("plain ascii".utf8)) == "plain ascii")
        #expect(TextDecoding.decodeUTF8(Data([0x41, 0xC3, 0x28])) == nil)
        // Overlong forms, surrogates, a cut-off sequence and bytes beyond U+10FFFF are not UTF-8 either.
        for bytes: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE4, 0xB8], [0xF4, 0x90, 0x80, 0x80], [0xFF]] {
            #expect(TextDecoding.decodeUTF8(Data(bytes)) == nil, "\(bytes)")
        }
        #expect(TextDecoding.decodeUTF8(Data("统一社会信用代码,𠀀".utf8)) == "统一社会信用代码,𠀀")
        #expect(TextDecoding.decodeUTF8(Data()) == "")
    }

    @Test("GBK bytes decode through GB18030")
    func gbk() throws {
        // "中文" in GBK, "€" as the single byte 0x80 (CP936), and a GB18030 four-byte emoji.
        #expect(try TextDecoding.decode(Data([0xD6, 0xD0, 0xCE, 0xC4])) == "中文")
        #expect(try TextDecoding.decode(Data([0xD5, 0xCB, 0xBB, 0xA7, 0x2C, 0x31, 0x30, 0x30])) == "账户,100")
        #expect(try TextDecoding.decode(Data([0x94, 0x39, 0xFC, 0x36])) == "😀")
        let fixture = try TextDecoding.decode(F.data("spreadsheet-gbk.csv"))
        #expect(fixture.hasPrefix("日期,摘要,金额,备注\r\n"))
    }

    @Test("undecodable bytes throw unsupportedEncoding with a CSV UTF-8 hint")
    func unsupported() {
        do {
            _ = try TextDecoding.decode(Data([0xD6, 0x20, 0xFF, 0xFE, 0xFD]))
            Issue.record("expected unsupportedEncoding")
        } catch {
            #expect(error.code == .unsupportedEncoding)
            #expect(error.message.contains("CSV UTF-8"))
        }
    }
}
