import Foundation
import Testing
import Vapor
@testable import App

/// Smallest byte sequences each detector accepts, built here so the tests show exactly what is checked.
enum EvidenceSample {
    /// Concatenation without long `+` chains, which slow the type checker down.
    static func bytes(_ parts: [UInt8]...) -> [UInt8] { parts.flatMap { $0 } }
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let pdf = Data("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)

    /// Signature, a 1×1 IHDR (CRC not checked) and the IEND chunk.
    static let png = Data(bytes(
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
        [0, 0, 0, 13], ascii("IHDR"), [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0], [0, 0, 0, 0],
        [0, 0, 0, 0], ascii("IEND"), [0xAE, 0x42, 0x60, 0x82]
    ))

    /// Start of image, a complete 16-byte JFIF segment, end of image.
    static let jpeg = Data(bytes(
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10], ascii("JFIF"), [0, 1, 1, 0, 0, 1, 0, 1, 0, 0], [0xFF, 0xD9]
    ))

    /// RIFF header whose size covers a VP8L chunk with an odd payload and its pad byte.
    static let webp: Data = {
        let chunk = bytes(ascii("VP8L"), [5, 0, 0, 0], [0x2F, 0, 0, 0, 0, 0])
        return Data(bytes(ascii("RIFF"), [UInt8(4 + chunk.count), 0, 0, 0], ascii("WEBP"), chunk))
    }()

    static func zip(_ entries: [(String, String)]) throws -> Data {
        try XLSXWriter.makeZIP(entries.map { (path: $0.0, data: Data($0.1.utf8)) })
    }

    static func ooxml(_ folder: String, _ part: String) throws -> Data {
        try zip([("[Content_Types].xml", #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
                 ("\(folder)/\(part)", "<x/>")])
    }

    static func openDocument(_ kind: String) throws -> Data {
        try zip([("mimetype", "application/vnd.oasis.opendocument.\(kind)"), ("content.xml", "<office:document-content/>")])
    }

    /// A version 3 compound file: header, one FAT sector, a directory chain whose root lists `streams`
    /// as its children (linked through right siblings), plus an optional storage holding `nested`.
    static func compoundFile(_ streams: [String], nested: String? = nil) -> Data {
        func u16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
        let none: UInt32 = 0xFFFF_FFFF, end: UInt32 = 0xFFFF_FFFE
        func zeros(_ count: Int) -> [UInt8] { [UInt8](repeating: 0, count: count) }
        func entry(_ name: String, type: UInt8, right: UInt32 = none, child: UInt32 = none) -> [UInt8] {
            let units = Array(name.utf16)
            let nameBytes = units.flatMap { u16(Int($0)) }
            let fields = bytes(
                nameBytes, zeros(64 - nameBytes.count),
                u16(type == 0 ? 0 : (units.count + 1) * 2), [type, 1], u32(none), u32(right), u32(child)
            )
            return fields + zeros(128 - fields.count)
        }
        var entries = [entry("Root Entry", type: 5, child: 1)]
        for (index, name) in streams.enumerated() {
            let last = index == streams.count - 1
            let right = last && nested != nil ? UInt32(streams.count + 1) : (last ? none : UInt32(index + 2))
            entries.append(entry(name, type: 2, right: right))
        }
        if let nested {
            entries.append(entry("ObjectPool", type: 1, child: UInt32(entries.count + 1)))
            entries.append(entry(nested, type: 2))
        }
        while entries.count % 4 != 0 { entries.append(entry("", type: 0)) }
        let directorySectors = entries.count / 4

        // Signature, class id, versions 3.62 little-endian with 512-byte sectors, one FAT sector (0),
        // directory at sector 1, no mini FAT, no DIFAT sectors, then the 109 header DIFAT slots.
        let header = bytes(
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], zeros(16),
            u16(0x3E), u16(3), u16(0xFFFE), u16(9), u16(6), zeros(10),
            u32(1), u32(1), u32(0), u32(4096), u32(end), u32(0), u32(end), u32(0),
            u32(0), (1..<109).flatMap { _ in u32(none) }
        )
        var fat = u32(0xFFFF_FFFD)  // sector 0 holds the FAT itself
        for index in 0..<directorySectors {
            fat += u32(index == directorySectors - 1 ? end : UInt32(index + 2))
        }
        fat += [UInt8](repeating: 0xFF, count: 512 - fat.count)
        return Data(bytes(header, fat, entries.flatMap { $0 }))
    }
}

@Suite("Evidence file types")
struct EvidenceFileTypeTests {
    typealias S = EvidenceSample

    static func samples() throws -> [(Data, EvidenceFileType)] {
        [
            (S.pdf, .pdf), (S.png, .png), (S.jpeg, .jpeg), (S.webp, .webp),
            (try S.ooxml("word", "document.xml"), .docx),
            (try XLSXWriter.write(sheetName: "证据", rows: [[.text("材料")]]), .xlsx),
            (try S.ooxml("ppt", "presentation.xml"), .pptx),
            (S.compoundFile(["WordDocument", "1Table", "\u{5}SummaryInformation"]), .doc),
            (S.compoundFile(["Workbook"]), .xls),
            (S.compoundFile(["PowerPoint Document", "Current User"]), .ppt),
            (try S.openDocument("text"), .odt),
            (try S.openDocument("spreadsheet"), .ods),
            (try S.openDocument("presentation"), .odp),
        ]
    }

    @Test("each allowed type is recognised from its content")
    func recognised() throws {
        for (data, expected) in try Self.samples() {
            #expect(EvidenceFileType.detect(data) == expected)
        }
        #expect(EvidenceFileType.jpeg.fileExtension == "jpg")
        #expect(EvidenceFileType.docx.mimeType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(EvidenceFileType.xls.mimeType == "application/vnd.ms-excel")
    }

    @Test("a slice of a larger buffer is read from its own start")
    func slices() throws {
        let padded = Data([1, 2, 3]) + S.pdf
        #expect(EvidenceFileType.detect(padded.dropFirst(3)) == .pdf)
    }

    @Test("lookalikes are refused")
    func lookalikes() throws {
        let docx = try S.ooxml("word", "document.xml")
        let refused: [(String, Data)] = [
            ("empty", Data()),
            ("HTML named .pdf", Data("<!doctype html><script>alert(1)</script>".utf8)),
            ("HTML after a PDF-ish word", Data("PDF-1.4 <html></html> %%EOF".utf8)),
            ("GIF", Data("GIF89a\u{1}\u{0}\u{1}\u{0}".utf8)),
            ("executable", Data([0x4D, 0x5A, 0x90, 0x00] + [UInt8](repeating: 0, count: 60))),
            ("self-extracting archive", Data([0x4D, 0x5A]) + docx),
            ("plain ZIP", try S.zip([("readme.txt", "hello")])),
            ("macro-enabled document", try S.zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<x/>"), ("word/vbaProject.bin", "x")])),
            ("two OOXML families", try S.zip([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<x/>"), ("xl/workbook.xml", "<x/>")])),
            ("OpenDocument drawing", try S.openDocument("graphics")),
            ("installer or other compound file", S.compoundFile(["SummaryInformation", "Property"])),
            ("encrypted OOXML", S.compoundFile(["EncryptionInfo", "EncryptedPackage"])),
            ("Word stream only inside an embedded object", S.compoundFile(["1Table", "Data"], nested: "WordDocument")),
        ]
        for (name, data) in refused {
            #expect(EvidenceFileType.detect(data) == nil, "\(name)")
        }
        // An embedded workbook inside a Word file does not make it ambiguous: only top-level streams count.
        #expect(EvidenceFileType.detect(S.compoundFile(["WordDocument", "1Table"], nested: "Workbook")) == .doc)
    }

    @Test("truncated uploads are refused")
    func truncated() throws {
        for (data, expected) in try Self.samples() {
            #expect(EvidenceFileType.detect(data.prefix(data.count / 2)) == nil, "\(expected) cut in half")
            #expect(EvidenceFileType.detect(data.prefix(3)) == nil, "\(expected) cut to 3 bytes")
        }
    }

    @Test("damaged and truncated input never crashes")
    func damage() throws {
        var random = SeededGenerator(seed: 20_240_601)  // reproducible damage
        var checked = 0
        for (base, _) in try Self.samples() {
            for length in 0...base.count { _ = EvidenceFileType.detect(base.prefix(length)) }
            for _ in 0..<200 {
                var data = base
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    data[Int.random(in: 0..<data.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
                _ = EvidenceFileType.detect(data)
                checked += 1
            }
        }
        #expect(checked == 13 * 200)
    }
}

@Suite("Upload store")
struct UploadStoreTests {
    /// A private folder per test, removed afterwards, so tests never touch ./data.
    private func withStore(maxBytes: Int = 1024, _ body: (UploadStore, URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yingshang-uploads-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(UploadStore(directory: directory, maxBytes: maxBytes, threadPool: .singleton), directory)
    }

    @Test("stored bytes come back by key, with size and SHA-256")
    func roundTrip() async throws {
        try await withStore { store, directory in
            let stored = try await store.store(Data("abc".utf8))
            #expect(stored.size == 3)
            #expect(stored.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            #expect(UploadStore.isValidKey(stored.key))
            let back = try await store.read(key: stored.key)
            #expect(back == Data("abc".utf8))

            let key = Array(stored.key)
            let expected = directory.appendingPathComponent(String(key[0..<2])).appendingPathComponent(String(key[2..<4]))
                .appendingPathComponent(stored.key)
            #expect(try store.fileURL(forKey: stored.key).standardizedFileURL.path == expected.standardizedFileURL.path)
            // Nothing is left under a temporary name once the rename is done.
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("tmp").path)
            #expect(leftovers.isEmpty)

            let other = try await store.store(Data("abc".utf8))
            #expect(other.key != stored.key)

            try await store.delete(key: stored.key)
            await #expect(throws: UploadStore.Failure.notFound) { try await store.read(key: stored.key) }
            try await store.delete(key: stored.key)  // already gone is fine
        }
    }

    @Test("keys that are not exactly the generated format are refused")
    func traversal() async throws {
        try await withStore { store, _ in
            let stored = try await store.store(Data("secret".utf8))
            let key: String = stored.key
            let short = String(key.dropLast())  // one character to fill, so the length is right again
            let bad: [String] = [
                "", "../../etc/passwd", "..", "./\(key)", "\(key)/", "\(key)x", short,
                "\(short).", "\(short)/", "\(short)%", "/\(short)", "\(key.dropLast(2))é", "../\(key.dropFirst(3))",
            ]
            for candidate in bad {
                #expect(!UploadStore.isValidKey(candidate), "\(candidate)")
                await #expect(throws: UploadStore.Failure.invalidKey) { try await store.read(key: candidate) }
                await #expect(throws: UploadStore.Failure.invalidKey) { try await store.delete(key: candidate) }
            }
            await #expect(throws: UploadStore.Failure.notFound) { try await store.read(key: String(repeating: "A", count: 32)) }
        }
    }

    @Test("files over the limit are refused before anything is written")
    func oversize() async throws {
        try await withStore(maxBytes: 8) { store, directory in
            await #expect(throws: UploadStore.Failure.tooLarge(limit: 8)) { try await store.store(Data(count: 9)) }
            #expect(!FileManager.default.fileExists(atPath: directory.path))
            let fits = try await store.store(Data(count: 8))
            #expect(fits.size == 8)
        }
    }

    @Test("the app's store lives under the data directory and uses the upload limit")
    func wiring() async throws {
        try await withTestApp(configure: { $0.dataDirectory = "/srv/yingshang-data"; $0.maxUploadBytes = 2048 }) { app in
            let store = app.uploadStore
            #expect(store.directory.path == "/srv/yingshang-data/uploads")
            #expect(store.maxBytes == 2048)
            #expect(UploadStore.Failure.tooLarge(limit: 1).appError.status == .payloadTooLarge)
            #expect(UploadStore.Failure.invalidKey.appError.status == .notFound)
        }
    }
}
