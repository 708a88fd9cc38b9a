import Foundation

/// Reads the central directory of an in-memory ZIP archive and extracts entries,
/// treating every offset and size as untrusted.
///
/// Why not ZIPFoundation's `Archive` for reading uploads: it trusts stored
/// offsets (its in-memory backing traps on seeks past the end of the data,
/// ZIP64 values can overflow `off_t` conversions) and on Linux its inflate loop
/// never ends for some damaged streams. An uploaded file must never crash or hang
/// the server, so this reader bounds-checks everything and inflates with
/// `ZIPInflate`. ZIP64 and encrypted archives are refused: XLSX files only need
/// ZIP64 beyond 4 GB, far above the accepted sizes. (Writing still uses ZIPFoundation.)
struct ZIPArchiveReader {
    enum Problem: Error, Equatable {
        case notZIP
        case zip64
        case encrypted
        case outOfBounds
        case unsupportedCompression
        case badData
        case checksumMismatch
        case tooLarge
        /// A streaming consumer asked to stop.
        case stopped
    }

    struct Entry: Sendable, Equatable {
        let path: String
        let method: Int
        let flags: Int
        let crc32: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let dataStart: Int
        var isDirectory: Bool { path.hasSuffix("/") }
    }

    let data: Data
    let entries: [Entry]

    private static let endOfCentralDirectorySignature: UInt32 = 0x0605_4B50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let centralDirectorySignature: UInt32 = 0x0201_4B50
    private static let localHeaderSignature: UInt32 = 0x0403_4B50

    init(data: Data) throws(Problem) {
        self.data = data
        var result: Result<[Entry], Problem> = .success([])
        data.withUnsafeBytes { buffer in
            do throws(Problem) {
                result = .success(try ZIPArchiveReader.readDirectory(buffer))
            } catch {
                result = .failure(error)
            }
        }
        entries = try result.get()
    }

    private static func readDirectory(_ bytes: UnsafeRawBufferPointer) throws(Problem) -> [Entry] {
        let count = bytes.count
        func u16(_ offset: Int) throws(Problem) -> Int {
            guard offset >= 0, offset + 2 <= count else { throw .outOfBounds }
            return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
        }
        func u32(_ offset: Int) throws(Problem) -> UInt32 {
            guard offset >= 0, offset + 4 <= count else { throw .outOfBounds }
            return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
        func hasZIP64ExtraField(_ start: Int, _ length: Int) throws(Problem) -> Bool {
            var position = start
            while position + 4 <= start + length {
                if try u16(position) == 0x0001 { return true }
                position += 4 + (try u16(position + 2))
            }
            return false
        }

        // End of central directory record: the last one, searched within the
        // maximum comment length from the end.
        guard count >= 22 else { throw .notZIP }
        var eocd = -1
        var candidate = count - 22
        let lowest = max(0, count - 22 - 0xFFFF)
        while candidate >= lowest {
            if try u32(candidate) == endOfCentralDirectorySignature {
                eocd = candidate
                break
            }
            candidate -= 1
        }
        guard eocd >= 0 else { throw .notZIP }
        if eocd >= 20, try u32(eocd - 20) == zip64LocatorSignature { throw .zip64 }

        let entryCount = try u16(eocd + 10)
        let directorySize = Int(try u32(eocd + 12))
        let directoryOffset = Int(try u32(eocd + 16))
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF { throw .zip64 }
        guard directoryOffset + directorySize <= eocd else { throw .outOfBounds }

        var entries: [Entry] = []
        entries.reserveCapacity(entryCount)
        var position = directoryOffset
        for _ in 0..<entryCount {
            guard try u32(position) == centralDirectorySignature else { throw .outOfBounds }
            let flags = try u16(position + 8)
            let method = try u16(position + 10)
            let crc = try u32(position + 16)
            let compressedSize = try u32(position + 20)
            let uncompressedSize = try u32(position + 24)
            let nameLength = try u16(position + 28)
            let extraLength = try u16(position + 30)
            let commentLength = try u16(position + 32)
            let localOffset = try u32(position + 42)
            let nameStart = position + 46
            let recordEnd = nameStart + nameLength + extraLength + commentLength
            guard recordEnd <= directoryOffset + directorySize else { throw .outOfBounds }
            let hasZIP64Extra = try hasZIP64ExtraField(nameStart + nameLength, extraLength)
            if compressedSize == 0xFFFF_FFFF || uncompressedSize == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF || hasZIP64Extra {
                throw .zip64
            }
            let path = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<(nameStart + nameLength)]), as: UTF8.self)

            let local = Int(localOffset)
            guard try u32(local) == localHeaderSignature else { throw .outOfBounds }
            let dataStart = local + 30 + (try u16(local + 26)) + (try u16(local + 28))
            guard dataStart + Int(compressedSize) <= directoryOffset else { throw .outOfBounds }

            entries.append(Entry(
                path: path, method: method, flags: flags, crc32: crc,
                compressedSize: Int(compressedSize), uncompressedSize: Int(uncompressedSize), dataStart: dataStart
            ))
            position = recordEnd
        }
        return entries
    }

    /// Decompressed content of `entry`, verified against its CRC-32.
    /// - Parameter limit: maximum number of bytes the entry may expand to.
    func contents(of entry: Entry, limit: Int) throws(Problem) -> Data {
        var output = Data()
        output.reserveCapacity(min(entry.uncompressedSize, limit, 64 * 1024 * 1024))
        try stream(entry, limit: limit) { piece in
            output.append(piece)
            return true
        }
        return output
    }

    /// Hands the decompressed content of `entry` to `sink` in pieces as it is inflated, so a large
    /// part need not be held whole. Size and CRC-32 are checked at the end: when this throws, the
    /// sink may already have seen bytes, which the caller must discard. `sink` returns false to stop
    /// (`.stopped`).
    func stream(_ entry: Entry, limit: Int, into sink: (UnsafeBufferPointer<UInt8>) -> Bool) throws(Problem) {
        if entry.flags & 0x0001 != 0 { throw .encrypted }
        guard entry.uncompressedSize <= limit else { throw .tooLarge }
        var result: Result<Void, Problem> = .success(())
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            do throws(Problem) {
                try ZIPArchiveReader.extract(entry, from: buffer, limit: limit, into: sink)
            } catch {
                result = .failure(error)
            }
        }
        try result.get()
    }

    private static func extract(_ entry: Entry, from buffer: UnsafeRawBufferPointer, limit: Int,
                                into sink: (UnsafeBufferPointer<UInt8>) -> Bool) throws(Problem) {
        let compressed = UnsafeRawBufferPointer(rebasing: buffer[entry.dataStart..<(entry.dataStart + entry.compressedSize)])
        var size = 0
        var crc: UInt32 = 0
        func checked(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
            size += piece.count
            crc = CRC32Checksum.update(crc, with: UnsafeRawBufferPointer(piece))
            return sink(piece)
        }
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw .badData }
            guard checked(compressed.assumingMemoryBound(to: UInt8.self)) else { throw .stopped }
        case 8:
            do throws(ZIPInflate.Failure) {
                try ZIPInflate.decompress(compressed, limit: limit, into: checked)
            } catch .outputLimitExceeded {
                throw .tooLarge
            } catch .stopped {
                throw .stopped
            } catch {
                throw .badData
            }
        default:
            throw .unsupportedCompression
        }
        guard size == entry.uncompressedSize else { throw .badData }
        guard crc == entry.crc32 else { throw .checksumMismatch }
    }
}
