import Foundation

/// The kinds of evidence file the app accepts, decided from the bytes alone.
///
/// Why never from the name or the client's Content-Type: both are whatever the uploader typed,
/// and an HTML page renamed `.pdf` would otherwise be stored and served back under a document label.
/// Every check reads untrusted offsets with bounds checks and bounded loops, so truncated or hostile
/// input yields `nil` rather than a crash or a hang.
enum EvidenceFileType: String, Sendable, CaseIterable, Codable {
    case pdf, png, jpeg, webp
    case docx, xlsx, pptx
    case doc, xls, ppt
    case odt, ods, odp

    /// Canonical extension (without the dot) for a stored or downloaded copy.
    var fileExtension: String { self == .jpeg ? "jpg" : rawValue }

    var mimeType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .webp: "image/webp"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .doc: "application/msword"
        case .xls: "application/vnd.ms-excel"
        case .ppt: "application/vnd.ms-powerpoint"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .ods: "application/vnd.oasis.opendocument.spreadsheet"
        case .odp: "application/vnd.oasis.opendocument.presentation"
        }
    }

    var isImage: Bool { self == .png || self == .jpeg || self == .webp }

    /// The type of `data`, or nil when it is none of the accepted kinds.
    static func detect(_ data: Data) -> EvidenceFileType? {
        let bytes = ByteView(data)
        if bytes.matches(Magic.pdf, at: 0) { return isPDF(bytes) ? .pdf : nil }
        if bytes.matches(Magic.png, at: 0) { return isPNG(bytes) ? .png : nil }
        if bytes.matches(Magic.jpeg, at: 0) { return isJPEG(bytes) ? .jpeg : nil }
        if bytes.matches(Magic.riff, at: 0) { return isWebP(bytes) ? .webp : nil }
        // Only a ZIP that starts with a local header: a self-extracting executable also ends in a
        // valid central directory.
        if bytes.matches(Magic.zipLocalHeader, at: 0) { return zipType(data) }
        if bytes.matches(Magic.ole, at: 0) { return CompoundFile.type(bytes) }
        return nil
    }

    private enum Magic {
        static let pdf = Array("%PDF-".utf8)
        static let pdfEnd = Array("%%EOF".utf8)
        static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        static let pngHeader = Array("IHDR".utf8)
        /// The IEND chunk type and its fixed CRC.
        static let pngEnd: [UInt8] = [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
        static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF]
        static let riff = Array("RIFF".utf8)
        static let webp = Array("WEBP".utf8)
        static let zipLocalHeader: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        static let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        static let openDocument = "application/vnd.oasis.opendocument."
    }

    /// Readers look for the trailer this far from the end, as Acrobat does; it also catches truncation.
    private static let trailerWindow = 1024

    private static func isPDF(_ bytes: ByteView) -> Bool {
        guard let major = bytes.u8(5), major == UInt8(ascii: "1") || major == UInt8(ascii: "2"),
              bytes.u8(6) == UInt8(ascii: ".") else { return false }
        return bytes.contains(Magic.pdfEnd, from: bytes.count - trailerWindow)
    }

    private static func isPNG(_ bytes: ByteView) -> Bool {
        // The first chunk must be a 13-byte IHDR with a non-empty image; the IEND chunk near the end
        // shows the file arrived whole.
        guard bytes.u32be(8) == 13, bytes.matches(Magic.pngHeader, at: 12),
              let width = bytes.u32be(16), let height = bytes.u32be(20), width > 0, height > 0,
              bytes.count >= 8 + 25 + 12 else { return false }
        return bytes.contains(Magic.pngEnd, from: bytes.count - trailerWindow)
    }

    private static func isJPEG(_ bytes: ByteView) -> Bool {
        // Only the first segment is checked: phones append whole videos after the end-of-image marker
        // (motion photos), so a trailer check would refuse ordinary photos.
        // The first segment must be a real one with a length: not a restart, start or end marker.
        guard let marker = bytes.u8(3), marker >= 0xC0, marker != 0xFF, !(0xD0...0xD9).contains(marker),
              let length = bytes.u16be(4), length >= 2 else { return false }
        return 4 + Int(length) <= bytes.count
    }

    private static func isWebP(_ bytes: ByteView) -> Bool {
        guard bytes.matches(Magic.webp, at: 8), let size = bytes.u32le(4) else { return false }
        let chunk = bytes.ascii(at: 12, length: 4)
        guard chunk == "VP8 " || chunk == "VP8L" || chunk == "VP8X" else { return false }
        // The RIFF size covers everything after its own 8 bytes: a shorter file was cut off.
        return Int(size) >= 12 && 8 + Int(size) <= bytes.count
    }

    private static func zipType(_ data: Data) -> EvidenceFileType? {
        guard let archive = try? ZIPArchiveReader(data: data) else { return nil }
        if let entry = archive.entries.first(where: { $0.path == "mimetype" }) {
            guard let content = try? archive.contents(of: entry, limit: 256) else { return nil }
            let mimetype = String(decoding: content, as: UTF8.self).trimmed
            guard mimetype.hasPrefix(Magic.openDocument) else { return nil }
            switch mimetype.dropFirst(Magic.openDocument.count) {
            case "text": return .odt
            case "spreadsheet": return .ods
            case "presentation": return .odp
            default: return nil
            }
        }

        // OPC part names are case-insensitive. The content-types part must inflate and match its CRC,
        // which catches damage the directory alone does not show (it may be UTF-16, so no text check).
        let paths = archive.entries.map { $0.path.lowercased() }
        guard let typesEntry = archive.entries.first(where: { $0.path.lowercased() == "[content_types].xml" }),
              let types = try? archive.contents(of: typesEntry, limit: 1 << 20), !types.isEmpty else { return nil }
        // Macro-enabled documents (docm/xlsm/pptm) carry a VBA project; they are not the formats we allow.
        if paths.contains(where: { $0.hasSuffix("vbaproject.bin") }) { return nil }
        var found: [EvidenceFileType] = []
        if paths.contains(where: { $0.hasPrefix("word/") }) { found.append(.docx) }
        if paths.contains(where: { $0.hasPrefix("xl/") }) { found.append(.xlsx) }
        if paths.contains(where: { $0.hasPrefix("ppt/") }) { found.append(.pptx) }
        return found.count == 1 ? found[0] : nil
    }
}

/// Bounds-checked reads from `Data` at offsets relative to its start (a slice need not start at 0).
private struct ByteView {
    let data: Data
    init(_ data: Data) { self.data = data }

    var count: Int { data.count }

    func u8(_ offset: Int) -> UInt8? {
        guard offset >= 0, offset < data.count else { return nil }
        return data[data.startIndex + offset]
    }

    func u16le(_ offset: Int) -> UInt16? {
        guard let a = u8(offset), let b = u8(offset + 1) else { return nil }
        return UInt16(a) | UInt16(b) << 8
    }

    func u16be(_ offset: Int) -> UInt16? {
        guard let a = u8(offset), let b = u8(offset + 1) else { return nil }
        return UInt16(a) << 8 | UInt16(b)
    }

    func u32le(_ offset: Int) -> UInt32? {
        guard let low = u16le(offset), let high = u16le(offset + 2) else { return nil }
        return UInt32(low) | UInt32(high) << 16
    }

    func u32be(_ offset: Int) -> UInt32? {
        guard let high = u16be(offset), let low = u16be(offset + 2) else { return nil }
        return UInt32(high) << 16 | UInt32(low)
    }

    func matches(_ pattern: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset <= data.count - pattern.count else { return false }
        let start = data.startIndex + offset
        return data[start..<(start + pattern.count)].elementsEqual(pattern)
    }

    /// Whether `pattern` occurs anywhere from `offset` (clamped to the start) to the end.
    func contains(_ pattern: [UInt8], from offset: Int) -> Bool {
        guard !pattern.isEmpty else { return true }
        var position = max(0, offset)
        while position <= data.count - pattern.count {
            if matches(pattern, at: position) { return true }
            position += 1
        }
        return false
    }

    func ascii(at offset: Int, length: Int) -> String? {
        guard offset >= 0, length >= 0, offset <= data.count - length else { return nil }
        let start = data.startIndex + offset
        return String(decoding: data[start..<(start + length)], as: UTF8.self)
    }
}

/// Just enough of the OLE compound file format (MS-CFB) to list the streams at the top of a legacy
/// Office file. The signature alone is not enough: installers (.msi), Outlook messages and encrypted
/// OOXML packages share it, so the top-level stream names decide.
private enum CompoundFile {
    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let noStream: UInt32 = 0xFFFF_FFFF
    private static let freeSector: UInt32 = 0xFFFF_FFFF
    private static let headerDIFATCount = 109
    private static let entrySize = 128
    /// Real documents have a few dozen directory entries; this bounds the work on hostile input.
    private static let maxDirectorySectors = 1024

    private struct DirectoryEntry {
        let name: String
        let type: UInt8
        let left: UInt32
        let right: UInt32
        let child: UInt32
    }

    static func type(_ bytes: ByteView) -> EvidenceFileType? {
        guard let entries = directory(bytes), let root = entries.first, root.type == 5 else { return nil }
        let names = Set(topLevelNames(entries, from: root.child).map { $0.uppercased() })
        var found: [EvidenceFileType] = []
        if names.contains("WORDDOCUMENT") { found.append(.doc) }
        if names.contains("WORKBOOK") || names.contains("BOOK") { found.append(.xls) }
        if names.contains("POWERPOINT DOCUMENT") { found.append(.ppt) }
        return found.count == 1 ? found[0] : nil
    }

    /// Every directory entry, in order, following the directory's sector chain through the FAT.
    private static func directory(_ bytes: ByteView) -> [DirectoryEntry]? {
        guard bytes.count >= 512, bytes.u16le(0x1C) == 0xFFFE, let shift = bytes.u16le(0x1E),
              shift == 9 || shift == 12,
              let fatCount = bytes.u32le(0x2C), let firstDirectory = bytes.u32le(0x30),
              let firstDIFAT = bytes.u32le(0x44), let difatCount = bytes.u32le(0x48) else { return nil }
        let sectorSize = 1 << Int(shift)
        let perSector = sectorSize / 4
        let sectorLimit = bytes.count / sectorSize  // no sector number beyond this can be in the file

        func offset(of sector: UInt32) -> Int? {
            guard Int(sector) < sectorLimit else { return nil }
            return (Int(sector) + 1) * sectorSize
        }
        func fatSector(_ index: Int) -> UInt32? {
            guard index < Int(fatCount) else { return nil }
            if index < headerDIFATCount { return bytes.u32le(0x4C + 4 * index) }
            // Further FAT sector numbers live in a chain of DIFAT sectors, the last slot linking on.
            var remaining = index - headerDIFATCount
            var sector = firstDIFAT
            var hops: UInt32 = 0
            while hops < difatCount, let start = offset(of: sector) {
                if remaining < perSector - 1 { return bytes.u32le(start + 4 * remaining) }
                remaining -= perSector - 1
                guard let next = bytes.u32le(start + 4 * (perSector - 1)) else { return nil }
                sector = next
                hops += 1
            }
            return nil
        }
        func next(_ sector: UInt32) -> UInt32? {
            let index = Int(sector)
            guard let fat = fatSector(index / perSector), let start = offset(of: fat) else { return nil }
            return bytes.u32le(start + 4 * (index % perSector))
        }

        // Every sector the FAT marks as used must start inside the file: a cut-off upload fails here.
        // (The last sector may be short; some writers do not pad it.)
        for index in 0..<min(Int(fatCount), sectorLimit) {
            guard let fat = fatSector(index), let start = offset(of: fat) else { return nil }
            var slot = perSector - 1
            while slot >= 0, bytes.u32le(start + 4 * slot) == freeSector { slot -= 1 }
            if slot >= 0, (index * perSector + slot + 1) * sectorSize >= bytes.count { return nil }
        }

        var entries: [DirectoryEntry] = []
        var sector = firstDirectory
        var visited = 0
        while sector != endOfChain {
            guard visited < maxDirectorySectors, let start = offset(of: sector) else { return nil }
            for slot in 0..<(sectorSize / entrySize) {
                guard let entry = entry(bytes, at: start + slot * entrySize) else { return nil }
                entries.append(entry)
            }
            guard let following = next(sector) else { return nil }
            sector = following
            visited += 1
        }
        return entries
    }

    private static func entry(_ bytes: ByteView, at start: Int) -> DirectoryEntry? {
        guard let nameLength = bytes.u16le(start + 0x40), let type = bytes.u8(start + 0x42),
              let left = bytes.u32le(start + 0x44), let right = bytes.u32le(start + 0x48),
              let child = bytes.u32le(start + 0x4C) else { return nil }
        // The stored length counts bytes including the terminating NUL.
        let units = min(Int(nameLength), 64) / 2 - 1
        var name: [UInt16] = []
        if units > 0 {
            for index in 0..<units {
                guard let unit = bytes.u16le(start + 2 * index) else { return nil }
                name.append(unit)
            }
        }
        return DirectoryEntry(name: String(decoding: name, as: UTF16.self), type: type, left: left, right: right, child: child)
    }

    /// Names of the root's children: a red-black tree linked through left and right siblings.
    /// The visited set stops cycles in damaged files.
    private static func topLevelNames(_ entries: [DirectoryEntry], from first: UInt32) -> [String] {
        var names: [String] = []
        var visited = Set<UInt32>()
        var pending = [first]
        while let id = pending.popLast() {
            guard id != noStream, Int(id) < entries.count, visited.insert(id).inserted else { continue }
            let entry = entries[Int(id)]
            if entry.type == 1 || entry.type == 2 { names.append(entry.name) }
            pending.append(entry.left)
            pending.append(entry.right)
        }
        return names
    }
}
