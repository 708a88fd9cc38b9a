import Foundation

/// Read access to the parts of an XLSX (OPC / ZIP) package held in memory,
/// with zip-bomb protection.
struct XLSXPackage: Sendable {
    /// No part read into memory may decompress to more than this many bytes (zip-bomb protection).
    static let defaultMaxPartBytes: UInt64 = 200 * 1024 * 1024
    /// The worksheet goes to a temporary file, not memory, so it may be larger: a 400,000-row
    /// registry written with inline strings is about 330 MB of XML. The limit still bounds the disk
    /// a zip bomb could fill.
    static let defaultMaxSheetBytes: UInt64 = 1024 * 1024 * 1024

    let maxPartBytes: UInt64
    private let archive: ZIPArchiveReader
    /// Entries keyed by lower-cased part name without leading "/" (OPC part names are case-insensitive).
    private let entries: [String: ZIPArchiveReader.Entry]

    init(data: Data, maxPartBytes: UInt64 = XLSXPackage.defaultMaxPartBytes) throws(SpreadsheetError) {
        self.maxPartBytes = maxPartBytes
        guard XLSXPackage.hasZIPSignature(data) else {
            if XLSXPackage.hasOLESignature(data) { throw .legacyOrEncryptedExcel }
            throw .notXLSX()
        }
        let archive: ZIPArchiveReader
        do {
            archive = try ZIPArchiveReader(data: data)
        } catch .zip64 {
            throw .corrupt("不支持 ZIP64 格式的压缩包，请用 Excel 重新保存为 .xlsx")
        } catch {
            throw .corrupt("压缩包结构不完整")
        }
        var entries: [String: ZIPArchiveReader.Entry] = [:]
        for entry in archive.entries where !entry.isDirectory {
            let key = XLSXPackage.key(entry.path)
            if entries[key] == nil { entries[key] = entry }
        }
        guard !entries.isEmpty else { throw .notXLSX() }
        self.archive = archive
        self.entries = entries
    }

    /// "PK\u{3}\u{4}" (local file header) or "PK\u{5}\u{6}" (empty archive).
    static func hasZIPSignature(_ data: Data) -> Bool {
        let head = [UInt8](data.prefix(4))
        return head.count == 4 && head[0] == 0x50 && head[1] == 0x4B
            && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6))
    }

    /// OLE2 compound file: legacy .xls, or an .xlsx protected with an open password.
    static func hasOLESignature(_ data: Data) -> Bool {
        data.prefix(8).elementsEqual([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    }

    private static func key(_ path: String) -> String {
        var path = path.replacingOccurrences(of: "\\", with: "/")
        while path.hasPrefix("/") { path.removeFirst() }
        return path.lowercased()
    }

    func contains(_ path: String) -> Bool { entries[XLSXPackage.key(path)] != nil }

    /// The decompressed bytes of a part, or nil if the package has no such part.
    func data(_ path: String) throws(SpreadsheetError) -> Data? {
        guard let entry = entries[XLSXPackage.key(path)] else { return nil }
        do {
            return try archive.contents(of: entry, limit: Int(clamping: maxPartBytes))
        } catch {
            throw failure(error, entry: entry, limit: maxPartBytes)
        }
    }

    /// Inflates a part straight into a new file at `file` (readable by this process only), so a
    /// worksheet of hundreds of megabytes is never held in memory; false if there is no such part.
    /// On failure the file is removed.
    func write(_ path: String, to file: URL, limit: UInt64) throws(SpreadsheetError) -> Bool {
        guard let entry = entries[XLSXPackage.key(path)] else { return false }
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .tooLarge("无法创建临时文件以读取工作表（\(String(cString: strerror(errno)))）") }
        defer { close(descriptor) }
        do {
            // Only the sink stops the stream, and it stops only when a write fails.
            try archive.stream(entry, limit: Int(clamping: limit)) { XLSXPackage.writeAll($0, to: descriptor) }
            return true
        } catch {
            unlink(file.path)
            if error == .stopped { throw .tooLarge("写入临时文件失败，磁盘空间可能不足") }
            throw failure(error, entry: entry, limit: limit)
        }
    }

    private static func writeAll(_ piece: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < piece.count {
            let count = Foundation.write(descriptor, piece.baseAddress! + offset, piece.count - offset)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }

    private func failure(_ problem: ZIPArchiveReader.Problem, entry: ZIPArchiveReader.Entry, limit: UInt64) -> SpreadsheetError {
        switch problem {
        case .tooLarge:
            let megabytes = max(1, limit / (1024 * 1024))
            return .tooLarge("文件中的数据解压后超过 \(megabytes) MB，无法处理。请删除多余的工作表或拆分文件后重新上传")
        case .encrypted: return .legacyOrEncryptedExcel
        case .checksumMismatch: return .corrupt("“\(entry.path)”校验失败")
        default: return .corrupt("无法解压“\(entry.path)”")
        }
    }

    // MARK: Relationships

    /// The `.rels` part belonging to `partPath` ("xl/workbook.xml" → "xl/_rels/workbook.xml.rels").
    static func relationshipsPath(for partPath: String) -> String {
        let (directory, file) = split(partPath)
        return directory + "_rels/" + file + ".rels"
    }

    /// Reads the relationships of a part (the package itself for `""`); empty if none.
    func relationships(of partPath: String) throws(SpreadsheetError) -> [XLSXRelationship] {
        let relsPath = partPath.isEmpty ? "_rels/.rels" : XLSXPackage.relationshipsPath(for: partPath)
        guard let data = try data(relsPath) else { return [] }
        let handler = XLSXRelationshipsHandler()
        try handler.run(data, part: relsPath)
        return handler.relationships
    }

    /// Resolves a relationship target against the part that owns the relationship.
    static func resolve(_ target: String, from sourcePart: String) -> String {
        let decoded = target.removingPercentEncoding ?? target
        var components: [Substring] = []
        if !decoded.hasPrefix("/") {
            components = split(sourcePart).directory.split(separator: "/")
        }
        for component in decoded.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    private static func split(_ path: String) -> (directory: String, file: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }
}
