import Foundation
import Testing
@testable import App

@Suite("ZIP reading and inflate")
struct SpreadsheetZIPReadingTests {
    typealias F = SpreadsheetFixture

    private func inflate(_ bytes: [UInt8], limit: Int = 1 << 20) throws(ZIPInflate.Failure) -> String {
        String(decoding: try inflateInPieces(bytes, limit: limit).flatMap { $0 }, as: UTF8.self)
    }

    /// The pieces a sink of 1,000-byte pieces is handed; it refuses the piece after `stopAfter`.
    private func inflateInPieces(_ bytes: [UInt8], limit: Int, stopAfter: Int = .max) throws(ZIPInflate.Failure) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var failure: ZIPInflate.Failure?
        bytes.withUnsafeBytes { buffer in
            do throws(ZIPInflate.Failure) {
                try ZIPInflate.decompress(buffer, limit: limit, piece: 1_000) { piece in
                    guard pieces.count < stopAfter else { return false }
                    pieces.append(Array(piece))
                    return true
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return pieces
    }

    @Test("fixed Huffman and stored blocks (streams made by zlib)")
    func knownStreams() throws {
        let fixed: [UInt8] = [0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x57, 0xC8, 0x40, 0x27, 0x01]
        #expect(try inflate(fixed) == "hello hello hello hello")
        let stored: [UInt8] = [0x01, 0x03, 0x00, 0xFC, 0xFF, 0x61, 0x62, 0x63]
        #expect(try inflate(stored) == "abc")
    }

    @Test("damaged streams fail instead of looping; the output limit holds")
    func damagedStreams() {
        let fixed: [UInt8] = [0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x57, 0xC8, 0x40, 0x27, 0x01]
        #expect(throws: ZIPInflate.Failure.truncated) { try inflate(Array(fixed.prefix(5))) }
        #expect(throws: ZIPInflate.Failure.truncated) { try inflate([]) }
        #expect(throws: ZIPInflate.Failure.truncated) { try inflate([0x01, 0x10, 0x00, 0xEF, 0xFF, 0x61]) }  // stored, 16 bytes promised
        #expect(throws: ZIPInflate.Failure.invalidData("stored block length mismatch")) { try inflate([0x01, 0x03, 0x00, 0x00, 0x00, 0x61, 0x62, 0x63]) }
        #expect(throws: ZIPInflate.Failure.invalidData("invalid block type")) { try inflate([0x07]) }
        #expect(throws: ZIPInflate.Failure.outputLimitExceeded) { try inflate(fixed, limit: 10) }
    }

    @Test("CRC-32 check value")
    func crc() {
        #expect(Data("123456789".utf8).withUnsafeBytes { CRC32Checksum.checksum($0) } == 0xCBF4_3926)
        #expect(Data().withUnsafeBytes { CRC32Checksum.checksum($0) } == 0)
    }

    @Test("output handed over in small pieces is the same as inflated whole, back-references across pieces included")
    func inflateInPieces() throws {
        // Repeats far apart (up to the 32 KB window) and incompressible runs between them.
        var random = SeededGenerator(seed: 7)
        var text = ""
        for index in 0..<4_000 {
            text += "<row r=\"\(index)\"><c t=\"s\"><v>\(random.next() % 1_000)</v></c></row>"
            if index % 97 == 0 { text += String(repeating: "企业", count: Int(random.next() % 50)) }
        }
        let original = Array(text.utf8)
        let data = try F.zip([("part.xml", text)])
        let entry = try #require(try ZIPArchiveReader(data: data).entries.first)
        let start = try #require(F.localDataOffset(of: "part.xml", in: data))
        let compressed = [UInt8](data[start..<(start + entry.compressedSize)])
        let pieces = try inflateInPieces(compressed, limit: 1 << 24)
        #expect(pieces.count > 10 && pieces.dropLast().allSatisfy { $0.count >= 1_000 })
        #expect(pieces.flatMap { $0 } == original)
        // A sink that stops ends the inflate; the limit holds across pieces.
        #expect(throws: ZIPInflate.Failure.stopped) { try inflateInPieces(compressed, limit: 1 << 24, stopAfter: 3) }
        #expect(throws: ZIPInflate.Failure.outputLimitExceeded) { try inflateInPieces(compressed, limit: original.count - 1) }
        // CRC-32 over pieces equals CRC-32 of the whole.
        let whole = original.withUnsafeBytes { CRC32Checksum.checksum($0) }
        let pieced = pieces.reduce(UInt32(0)) { crc, piece in piece.withUnsafeBytes { CRC32Checksum.update(crc, with: $0) } }
        #expect(whole == pieced && whole == entry.crc32)
    }

    @Test("a part written to a file: the whole part, or no file at all")
    func partToFile() throws {
        let sheet = "<worksheet><sheetData>" + String(repeating: "<row/>", count: 2_000) + "</sheetData></worksheet>"
        let package = try XLSXPackage(data: try F.zip([("xl/worksheets/sheet1.xml", sheet)]))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ys-part-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("sheet.xml")
        #expect(try package.write("xl/worksheets/sheet1.xml", to: file, limit: 1 << 20))
        #expect(try Data(contentsOf: file) == Data(sheet.utf8))
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o600)
        // An existing file is never overwritten, and a missing part writes nothing.
        #expect(throws: SpreadsheetError.self) { try package.write("xl/worksheets/sheet1.xml", to: file, limit: 1 << 20) }
        let other = folder.appendingPathComponent("other.xml")
        #expect(try !package.write("xl/worksheets/sheet2.xml", to: other, limit: 1 << 20))
        #expect(!FileManager.default.fileExists(atPath: other.path))
        // Over the limit: refused, and what was written so far is removed.
        #expect(throws: SpreadsheetError.self) { try package.write("xl/worksheets/sheet1.xml", to: other, limit: 5_000) }
        #expect(!FileManager.default.fileExists(atPath: other.path))
    }

    @Test("central directory is read with bounds checks")
    func directory() throws {
        let data = try F.zip([("a.txt", "你好"), ("dir/b.xml", String(repeating: "<x/>", count: 100))])
        let archive = try ZIPArchiveReader(data: data)
        #expect(archive.entries.map(\.path) == ["a.txt", "dir/b.xml"])
        #expect(try archive.contents(of: archive.entries[0], limit: 100) == Data("你好".utf8))
        #expect(try archive.contents(of: archive.entries[1], limit: 1000).count == 400)
        #expect(throws: ZIPArchiveReader.Problem.tooLarge) { try archive.contents(of: archive.entries[1], limit: 399) }
        #expect(throws: ZIPArchiveReader.Problem.notZIP) { try ZIPArchiveReader(data: Data("PK\u{3}\u{4} but nothing else".utf8)) }
        #expect(throws: ZIPArchiveReader.Problem.self) { try ZIPArchiveReader(data: data.prefix(data.count - 30)) }
    }

    @Test("randomly damaged workbooks never crash or hang, they throw SpreadsheetError")
    func mutations() throws {
        var random = SeededGenerator(seed: 20_240_305)  // reproducible damage
        let bases = [
            try F.data("spreadsheet-types.xlsx"),
            try F.data("spreadsheet-excel-like.xlsx"),
            try XLSXWriter.write(sheetName: "S", rows: XLSXWriterTests.sampleRows),
        ]
        var outcomes: [String: Int] = [:]
        for iteration in 0..<900 {
            var data = bases[iteration % bases.count]
            let tail = max(0, data.count - 800)
            for _ in 0..<(1 + Int.random(in: 0..<4, using: &random)) {
                // Mostly hit the central directory and the last entries, sometimes anywhere.
                let range = iteration % 3 == 0 ? 0..<data.count : tail..<data.count
                data[Int.random(in: range, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if iteration % 17 == 0 { data = data.prefix(Int.random(in: 0..<data.count, using: &random)) }
            do {
                _ = try SpreadsheetFile.read(data)
                outcomes["ok", default: 0] += 1
            } catch {
                outcomes[error.code.rawValue, default: 0] += 1
            }
        }
        #expect(outcomes["corrupt", default: 0] > 100)
        #expect(outcomes.values.reduce(0, +) == 900)
    }
}
