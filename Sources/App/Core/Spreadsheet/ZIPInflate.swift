import Foundation

/// A DEFLATE (RFC 1951) decoder used to read XLSX parts.
///
/// Why not ZIPFoundation's extraction: on Linux its zlib loop
/// (`Data.decode(bufferSize:skipCRC32:provider:consumer:)`) spins forever when a
/// damaged stream never reaches its end (the provider keeps returning empty
/// chunks at end of file), and its in-memory archive traps on out-of-range
/// offsets. Uploaded files are untrusted, so reading uses this decoder, which
/// only ever looks at the entry's own compressed bytes, always terminates, and
/// enforces an output limit (zip-bomb protection) while decoding.
enum ZIPInflate {
    enum Failure: Error, Equatable {
        case truncated
        case invalidData(String)
        case outputLimitExceeded
        /// The sink asked to stop (it could not take more output).
        case stopped
    }

    /// DEFLATE refers back at most this far, so this much output is kept after each hand-over.
    private static let window = 32 * 1024

    /// Decompresses a raw DEFLATE stream (no zlib/gzip header), handing the output to `sink` in
    /// pieces of about `piece` bytes as it is produced, so a part far larger than memory should hold
    /// (a 300,000-row sheet) can go straight to a file. `sink` returns false to stop, which throws
    /// `.stopped`; more than `limit` bytes of output throws `.outputLimitExceeded`.
    static func decompress(_ input: UnsafeRawBufferPointer, limit: Int, piece: Int = 1 << 20,
                           into sink: (UnsafeBufferPointer<UInt8>) -> Bool) throws(Failure) {
        try withoutActuallyEscaping(sink) { sink throws(Failure) in
            var state = State(input: input, limit: limit, piece: max(piece, 1), sink: sink)
            try state.run()
        }
    }

    // MARK: - Huffman tables

    /// Single-level lookup table indexed by the next `bits` input bits (LSB first).
    /// Each entry is `symbol << 4 | codeLength`; a code length of 0 marks an unused code.
    struct Table {
        var entries: [UInt16]
        var bits: Int

        init(lengths: ArraySlice<UInt8>) throws(Failure) {
            var counts = [Int](repeating: 0, count: 16)
            for length in lengths { counts[Int(length)] += 1 }
            counts[0] = 0
            var left = 1
            for length in 1...15 {
                left <<= 1
                left -= counts[length]
                if left < 0 { throw .invalidData("over-subscribed code") }
            }
            let maxBits = (1...15).last(where: { counts[$0] > 0 }) ?? 1
            var nextCode = [Int](repeating: 0, count: 16)
            var code = 0
            for length in 1...15 {
                code = (code + counts[length - 1]) << 1
                nextCode[length] = code
            }
            bits = maxBits
            entries = [UInt16](repeating: 0, count: 1 << maxBits)
            for (offset, lengthByte) in lengths.enumerated() where lengthByte > 0 {
                let length = Int(lengthByte)
                let canonical = nextCode[length]
                nextCode[length] += 1
                var reversed = 0
                for bit in 0..<length where canonical & (1 << bit) != 0 {
                    reversed |= 1 << (length - 1 - bit)
                }
                let entry = UInt16(offset << 4 | length)
                var index = reversed
                while index < entries.count {
                    entries[index] = entry
                    index += 1 << length
                }
            }
        }
    }

    // The fixed codes of RFC 1951 §3.2.6 are valid by construction, so `try!` cannot fail.
    private static let fixedLiteralTable: Table = {
        var lengths = [UInt8](repeating: 8, count: 288)
        for index in 144..<256 { lengths[index] = 9 }
        for index in 256..<280 { lengths[index] = 7 }
        return try! Table(lengths: lengths[...])
    }()

    private static let fixedDistanceTable: Table = try! Table(lengths: [UInt8](repeating: 5, count: 30)[...])

    private static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    private static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    // MARK: - Decoder state

    private struct State {
        let input: UnsafeRawBufferPointer
        let limit: Int
        /// Output is handed over once this much more than the window has gathered.
        let flushAt: Int
        let sink: (UnsafeBufferPointer<UInt8>) -> Bool
        var position = 0
        var bitBuffer: UInt64 = 0
        var bitCount = 0
        /// Output not yet handed over, including the window back-references read from.
        var output: [UInt8] = []
        /// Bytes already handed to the sink; with `output.count`, what counts against `limit`.
        var handedOver = 0

        init(input: UnsafeRawBufferPointer, limit: Int, piece: Int, sink: @escaping (UnsafeBufferPointer<UInt8>) -> Bool) {
            self.input = input
            self.limit = limit
            self.sink = sink
            flushAt = ZIPInflate.window + piece
            output.reserveCapacity(min(flushAt, limit) + 258)
        }

        var produced: Int { handedOver + output.count }

        /// Gives the sink all output but the window (everything at the end).
        mutating func handOver(keeping keep: Int = ZIPInflate.window) throws(Failure) {
            let count = output.count - keep
            guard count > 0 else { return }
            let sink = self.sink
            let accepted = output.withUnsafeBufferPointer { sink(UnsafeBufferPointer(rebasing: $0[..<count])) }
            guard accepted else { throw .stopped }
            output.removeFirst(count)
            handedOver += count
        }

        /// Loads whole bytes into the bit buffer while there is room and input.
        @inline(__always)
        mutating func refill() {
            while bitCount <= 56, position < input.count {
                bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
                position += 1
                bitCount += 8
            }
        }

        @inline(__always)
        mutating func bits(_ count: Int) throws(Failure) -> Int {
            if count == 0 { return 0 }
            if bitCount < count {
                refill()
                if bitCount < count { throw .truncated }
            }
            let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
            bitBuffer >>= UInt64(count)
            bitCount -= count
            return value
        }

        @inline(__always)
        mutating func decode(_ table: Table) throws(Failure) -> Int {
            if bitCount < table.bits { refill() }
            // Near the end of the input, missing bits read as zero; the code length check below
            // rejects a code that would need them.
            let entry = table.entries[Int(bitBuffer & ((1 << UInt64(table.bits)) - 1))]
            let length = Int(entry & 15)
            if length == 0 { throw .invalidData("invalid code") }
            if length > bitCount { throw .truncated }
            bitBuffer >>= UInt64(length)
            bitCount -= length
            return Int(entry >> 4)
        }

        mutating func run() throws(Failure) {
            var isFinal = false
            while !isFinal {
                isFinal = try bits(1) == 1
                switch try bits(2) {
                case 0: try storedBlock()
                case 1: try codedBlock(literals: ZIPInflate.fixedLiteralTable, distances: ZIPInflate.fixedDistanceTable)
                case 2:
                    let (literals, distances) = try dynamicTables()
                    try codedBlock(literals: literals, distances: distances)
                default: throw .invalidData("invalid block type")
                }
            }
            try handOver(keeping: 0)
        }

        mutating func storedBlock() throws(Failure) {
            // Skip to the byte boundary, then give back whole bytes held in the bit buffer.
            _ = try bits(bitCount % 8)
            position -= bitCount / 8
            bitBuffer = 0
            bitCount = 0
            guard position + 4 <= input.count else { throw .truncated }
            let length = Int(input[position]) | Int(input[position + 1]) << 8
            let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
            position += 4
            guard length == (~complement & 0xFFFF) else { throw .invalidData("stored block length mismatch") }
            guard position + length <= input.count else { throw .truncated }
            guard produced + length <= limit else { throw .outputLimitExceeded }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[position..<(position + length)]))
            position += length
            if output.count >= flushAt { try handOver() }
        }

        mutating func dynamicTables() throws(Failure) -> (Table, Table) {
            let literalCount = try bits(5) + 257
            let distanceCount = try bits(5) + 1
            let codeLengthCount = try bits(4) + 4
            guard literalCount <= 286, distanceCount <= 30 else { throw .invalidData("too many symbols") }
            var codeLengthLengths = [UInt8](repeating: 0, count: 19)
            for index in 0..<codeLengthCount {
                codeLengthLengths[ZIPInflate.codeLengthOrder[index]] = UInt8(try bits(3))
            }
            let codeLengthTable = try Table(lengths: codeLengthLengths[...])
            let total = literalCount + distanceCount
            var lengths = [UInt8]()
            lengths.reserveCapacity(total)
            while lengths.count < total {
                let symbol = try decode(codeLengthTable)
                switch symbol {
                case 0...15:
                    lengths.append(UInt8(symbol))
                case 16:
                    guard let previous = lengths.last else { throw .invalidData("repeat without previous length") }
                    let repeatCount = 3 + (try bits(2))
                    lengths.append(contentsOf: repeatElement(previous, count: repeatCount))
                case 17:
                    lengths.append(contentsOf: repeatElement(0, count: 3 + (try bits(3))))
                default:
                    lengths.append(contentsOf: repeatElement(0, count: 11 + (try bits(7))))
                }
            }
            guard lengths.count == total else { throw .invalidData("too many code lengths") }
            guard lengths[256] != 0 else { throw .invalidData("missing end-of-block code") }
            let literals = try Table(lengths: lengths[0..<literalCount])
            let distances = try Table(lengths: lengths[literalCount..<total])
            return (literals, distances)
        }

        mutating func codedBlock(literals: Table, distances: Table) throws(Failure) {
            while true {
                let symbol = try decode(literals)
                if symbol < 256 {
                    guard produced < limit else { throw .outputLimitExceeded }
                    output.append(UInt8(symbol))
                    if output.count >= flushAt { try handOver() }
                    continue
                }
                if symbol == 256 { return }
                let lengthIndex = symbol - 257
                guard lengthIndex < ZIPInflate.lengthBase.count else { throw .invalidData("invalid length symbol") }
                let length = ZIPInflate.lengthBase[lengthIndex] + (try bits(ZIPInflate.lengthExtra[lengthIndex]))
                let distanceSymbol = try decode(distances)
                guard distanceSymbol < ZIPInflate.distanceBase.count else { throw .invalidData("invalid distance symbol") }
                let distance = ZIPInflate.distanceBase[distanceSymbol] + (try bits(ZIPInflate.distanceExtra[distanceSymbol]))
                guard distance <= output.count else { throw .invalidData("distance too far back") }
                guard produced + length <= limit else { throw .outputLimitExceeded }
                // Byte by byte: the source may overlap the bytes being written, and appending
                // a slice of `output` to itself would copy the whole buffer.
                var from = output.count - distance
                for _ in 0..<length {
                    output.append(output[from])
                    from += 1
                }
                if output.count >= flushAt { try handOver() }
            }
        }
    }
}

/// CRC-32 (IEEE 802.3, as used by ZIP).
enum CRC32Checksum {
    private static let table: [UInt32] = (0..<256).map { index -> UInt32 in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }

    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        update(0, with: bytes)
    }

    /// The checksum of the bytes `crc` was the checksum of, followed by `bytes` (start from 0),
    /// so content handed over in pieces is checked as it passes.
    static func update(_ crc: UInt32, with bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = ~crc
        table.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        return ~crc
    }
}
