/// A QR code symbol (ISO/IEC 18004:2015) carrying bytes in byte mode, such as a link for a phone
/// camera. Byte mode alone keeps the encoder small; the links we encode gain little from the
/// alphanumeric or kanji modes.
///
///     let code = try QRCode(text: "https://example.com/e/3fJq9x")
///     let svg = code.svg()
struct QRCode: Sendable {
    enum Correction: Sendable, CaseIterable {
        /// Recovers about 7 %, 15 %, 25 % and 30 % of the codewords respectively.
        case low, medium, quartile, high

        /// Format information encodes the levels out of their natural order (Table 12).
        var formatBits: Int {
            switch self {
            case .low: 1
            case .medium: 0
            case .quartile: 3
            case .high: 2
            }
        }
    }

    /// No version (or not the pinned one) holds the payload at this correction level.
    struct TooLong: Error, Sendable, Equatable {
        let byteCount: Int
        let correction: Correction
    }

    /// 1...40; the symbol is `17 + 4 × version` modules wide.
    let version: Int
    let size: Int
    /// The data mask pattern (0...7) that scored the lowest penalty.
    let mask: Int
    let correction: Correction
    /// Row-major, `true` = dark.
    private let modules: [Bool]

    init(text: String, correction: Correction = .medium) throws {
        try self.init(bytes: Array(text.utf8), correction: correction)
    }

    /// Picks the smallest version that holds `bytes`.
    init(bytes: [UInt8], correction: Correction = .medium) throws {
        try self.init(bytes: bytes, correction: correction, version: nil, mask: nil)
    }

    /// Pins the version and/or the mask, which lets tests compare symbols with other encoders
    /// version by version. A pinned version too small for the payload throws `TooLong`.
    init(bytes: [UInt8], correction: Correction, version pinnedVersion: Int?, mask pinnedMask: Int?) throws {
        precondition(pinnedVersion.map { (1...40).contains($0) } ?? true, "QR versions are 1...40")
        precondition(pinnedMask.map { (0...7).contains($0) } ?? true, "QR masks are 0...7")
        let versions = pinnedVersion.map { $0...$0 } ?? 1...40
        let fitting = versions.first { Self.fits(bytes.count, version: $0, correction: correction) }
        guard let version = fitting else {
            throw TooLong(byteCount: bytes.count, correction: correction)
        }
        let codewords = Self.finalCodewords(bytes, version: version, correction: correction)

        var canvas = Canvas(version: version)
        canvas.placeCodewords(codewords)
        // The standard's encoding procedure (7.1, 7.8) masks and evaluates the symbol before it
        // generates the format and version information, so those areas, and the dark module
        // drawn with them, are still light while scoring. Encoders that draw them first (e.g.
        // ZXing) may pick a different, equally valid mask; this order agrees with segno.
        // Ties go to the lower mask number.
        var chosen = canvas.masked(pinnedMask ?? 0)
        if pinnedMask == nil {
            for mask in 1...7 {
                let candidate = canvas.masked(mask)
                if candidate.penalty < chosen.penalty { chosen = candidate }
            }
        }
        var symbol = chosen.canvas
        symbol.drawFormatInformation(correction: correction, mask: chosen.mask)
        symbol.drawVersionInformation()

        self.version = version
        self.size = symbol.size
        self.mask = chosen.mask
        self.correction = correction
        self.modules = symbol.dark
    }

    /// `true` for a dark module; coordinates outside the symbol are the light quiet zone.
    subscript(x: Int, y: Int) -> Bool {
        guard (0..<size).contains(x), (0..<size).contains(y) else { return false }
        return modules[y * size + x]
    }
}

// MARK: - Data codewords

extension QRCode {
    /// The character count indicator widens to 16 bits from version 10 (Table 3).
    static func countBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    static func dataCodewordCount(version: Int, correction: Correction) -> Int {
        let layout = BlockLayout(version: version, correction: correction)
        return totalCodewords(version: version) - layout.blockCount * layout.ecCodewordsPerBlock
    }

    static func fits(_ byteCount: Int, version: Int, correction: Correction) -> Bool {
        guard byteCount < 1 << countBits(version: version) else { return false }
        let bits = 4 + countBits(version: version) + 8 * byteCount
        return bits <= 8 * dataCodewordCount(version: version, correction: correction)
    }

    /// Mode indicator, count, payload, terminator and padding (7.4), split into blocks with
    /// their error correction and interleaved (7.6).
    static func finalCodewords(_ bytes: [UInt8], version: Int, correction: Correction) -> [UInt8] {
        let capacity = dataCodewordCount(version: version, correction: correction)
        var buffer = BitBuffer()
        buffer.append(0b0100, bits: 4)
        buffer.append(bytes.count, bits: countBits(version: version))
        for byte in bytes { buffer.append(Int(byte), bits: 8) }
        buffer.append(0, bits: min(4, 8 * capacity - buffer.count))
        buffer.append(0, bits: (8 - buffer.count % 8) % 8)
        var data = buffer.bytes
        // The pad codewords 11101100 and 00010001 alternate to fill the capacity.
        var padIndex = 0
        while data.count < capacity {
            data.append(padIndex % 2 == 0 ? 0xEC : 0x11)
            padIndex += 1
        }

        let layout = BlockLayout(version: version, correction: correction)
        let blockCount = layout.blockCount
        let longBlocks = totalCodewords(version: version) % blockCount
        let shortDataLength = totalCodewords(version: version) / blockCount - layout.ecCodewordsPerBlock
        var blocks: [ArraySlice<UInt8>] = []
        var start = 0
        for index in 0..<blockCount {
            // Long blocks (one more data codeword) come last (Table 9, group 2).
            let length = shortDataLength + (index >= blockCount - longBlocks ? 1 : 0)
            blocks.append(data[start..<start + length])
            start += length
        }
        let generator = ReedSolomon.generator(degree: layout.ecCodewordsPerBlock)
        let ecBlocks = blocks.map { ReedSolomon.remainder(of: Array($0), generator: generator) }

        var result: [UInt8] = []
        result.reserveCapacity(totalCodewords(version: version))
        for i in 0...shortDataLength {
            for block in blocks where i < block.count { result.append(block[block.startIndex + i]) }
        }
        for i in 0..<layout.ecCodewordsPerBlock {
            for block in ecBlocks { result.append(block[i]) }
        }
        return result
    }
}

extension QRCode {
    /// Bits appended most significant first, packed into bytes.
    struct BitBuffer: Sendable {
        private(set) var bytes: [UInt8] = []
        private(set) var count = 0

        mutating func append(_ value: Int, bits: Int) {
            for shift in stride(from: bits - 1, through: 0, by: -1) {
                if count % 8 == 0 { bytes.append(0) }
                if (value >> shift) & 1 == 1 { bytes[bytes.count - 1] |= 0x80 >> UInt8(count % 8) }
                count += 1
            }
        }
    }
}

// MARK: - Matrix

extension QRCode {
    /// The symbol while it is being built: module colours plus which modules belong to function
    /// patterns (and so are skipped by data placement and masking).
    struct Canvas: Sendable {
        let version: Int
        let size: Int
        private(set) var dark: [Bool]
        private var function: [Bool]

        /// Draws every function pattern and reserves the format and version areas.
        init(version: Int) {
            self.version = version
            size = 17 + 4 * version
            dark = Array(repeating: false, count: size * size)
            function = Array(repeating: false, count: size * size)

            for (x, y) in [(0, 0), (size - 7, 0), (0, size - 7)] { drawFinder(x: x, y: y) }
            for i in 8..<size - 8 {
                set(x: i, y: 6, dark: i % 2 == 0)
                set(x: 6, y: i, dark: i % 2 == 0)
            }
            // Every pairing of the centres except the three corners a finder already occupies;
            // those on row or column 6 do overwrite part of a timing pattern.
            let centres = QRCode.alignmentCentres[version - 1].map(Int.init)
            if let first = centres.first, let last = centres.last {
                for cy in centres {
                    for cx in centres where !(cx == first && cy == first) && !(cx == first && cy == last)
                        && !(cx == last && cy == first) {
                        drawAlignment(x: cx, y: cy)
                    }
                }
            }
            // Format areas, the dark module included; (8, 6) and (6, 8) stay timing modules.
            for i in 0...8 where i != 6 {
                set(x: 8, y: i, dark: false)
                set(x: i, y: 8, dark: false)
            }
            for i in 0..<8 {
                set(x: size - 1 - i, y: 8, dark: false)
                set(x: 8, y: size - 1 - i, dark: false)
            }
            if version >= 7 {
                for i in 0..<18 {
                    set(x: size - 11 + i % 3, y: i / 3, dark: false)
                    set(x: i / 3, y: size - 11 + i % 3, dark: false)
                }
            }
        }

        func isFunction(x: Int, y: Int) -> Bool { function[y * size + x] }

        private mutating func set(x: Int, y: Int, dark isDark: Bool) {
            dark[y * size + x] = isDark
            function[y * size + x] = true
        }

        /// A 7×7 finder at (x, y) plus its light separator, clipped to the symbol.
        private mutating func drawFinder(x: Int, y: Int) {
            for dy in -1...7 {
                for dx in -1...7 {
                    let (px, py) = (x + dx, y + dy)
                    guard (0..<size).contains(px), (0..<size).contains(py) else { continue }
                    let ring = max(abs(dx - 3), abs(dy - 3))
                    set(x: px, y: py, dark: ring != 2 && ring != 4)
                }
            }
        }

        private mutating func drawAlignment(x: Int, y: Int) {
            for dy in -2...2 {
                for dx in -2...2 { set(x: x + dx, y: y + dy, dark: max(abs(dx), abs(dy)) != 1) }
            }
        }

        /// Two-module-wide columns zig-zag up and down from the bottom right corner, stepping
        /// over the vertical timing pattern (7.7). Bits beyond the codewords are the zero
        /// remainder bits.
        mutating func placeCodewords(_ codewords: [UInt8]) {
            var bitIndex = 0
            var right = size - 1
            var upward = true
            while right > 0 {
                if right == 6 { right = 5 }
                for step in 0..<size {
                    let y = upward ? size - 1 - step : step
                    for x in [right, right - 1] where !isFunction(x: x, y: y) {
                        let byte = bitIndex / 8
                        if byte < codewords.count {
                            dark[y * size + x] = (codewords[byte] >> (7 - UInt8(bitIndex % 8))) & 1 == 1
                        }
                        bitIndex += 1
                    }
                }
                upward.toggle()
                right -= 2
            }
        }

        /// Data mask conditions of Table 10, with i the row and j the column.
        static func maskCondition(_ mask: Int, i: Int, j: Int) -> Bool {
            switch mask {
            case 0: (i + j) % 2 == 0
            case 1: i % 2 == 0
            case 2: j % 3 == 0
            case 3: (i + j) % 3 == 0
            case 4: (i / 2 + j / 3) % 2 == 0
            case 5: (i * j) % 2 + (i * j) % 3 == 0
            case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
            default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
            }
        }

        func masked(_ mask: Int) -> (mask: Int, penalty: Int, canvas: Canvas) {
            var copy = self
            copy.applyMask(mask)
            return (mask, copy.penalty(), copy)
        }

        mutating func applyMask(_ mask: Int) {
            for y in 0..<size {
                for x in 0..<size where !function[y * size + x] && Self.maskCondition(mask, i: y, j: x) {
                    dark[y * size + x].toggle()
                }
            }
        }

        /// 5 data bits (level, mask) + 10 BCH bits from generator 0x537, XOR 0x5412 so the
        /// result is never all light (7.9.1).
        static func formatInformation(correction: Correction, mask: Int) -> Int {
            let data = correction.formatBits << 3 | mask
            return (data << 10 | bchRemainder(data << 10, generator: 0x537)) ^ 0x5412
        }

        /// 6 version bits + 12 BCH bits from generator 0x1F25 (7.10).
        static func versionInformation(version: Int) -> Int {
            version << 12 | bchRemainder(version << 12, generator: 0x1F25)
        }

        /// Polynomial division over GF(2), bits as coefficients.
        private static func bchRemainder(_ value: Int, generator: Int) -> Int {
            func degree(_ polynomial: Int) -> Int { Int.bitWidth - polynomial.leadingZeroBitCount - 1 }
            var remainder = value
            while remainder != 0, degree(remainder) >= degree(generator) {
                remainder ^= generator << (degree(remainder) - degree(generator))
            }
            return remainder
        }

        /// Two copies (7.9.1): bit 14, the most significant, sits at the outer ends (left of row 8,
        /// bottom of column 8), bit 0 at the top of column 8 and the right end of row 8.
        mutating func drawFormatInformation(correction: Correction, mask: Int) {
            let bits = Self.formatInformation(correction: correction, mask: mask)
            func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
            // Around the top left finder, stepping over the timing patterns on row and column 6.
            for (i, y) in [0, 1, 2, 3, 4, 5, 7, 8].enumerated() { set(x: 8, y: y, dark: bit(i)) }
            for (i, x) in [7, 5, 4, 3, 2, 1, 0].enumerated() { set(x: x, y: 8, dark: bit(8 + i)) }
            for i in 0..<8 { set(x: size - 1 - i, y: 8, dark: bit(i)) }
            for i in 8..<15 { set(x: 8, y: size - 15 + i, dark: bit(i)) }
            set(x: 8, y: size - 8, dark: true)
        }

        /// Two transposed 6×3 blocks beside the top right and bottom left finders.
        mutating func drawVersionInformation() {
            guard version >= 7 else { return }
            let bits = Self.versionInformation(version: version)
            for i in 0..<18 {
                let isDark = (bits >> i) & 1 == 1
                set(x: size - 11 + i % 3, y: i / 3, dark: isDark)
                set(x: i / 3, y: size - 11 + i % 3, dark: isDark)
            }
        }

        // MARK: Penalty (7.8.3, Table 11)

        func penalty() -> Int {
            var score = 0
            var row = [Bool](repeating: false, count: size)
            var column = row
            for i in 0..<size {
                for j in 0..<size {
                    row[j] = dark[i * size + j]
                    column[j] = dark[j * size + i]
                }
                score += Self.linePenalty(row) + Self.linePenalty(column)
            }
            // N2: 3 points per 2×2 block of one colour; a larger block counts as all the 2×2
            // blocks it contains, which is what (m − 1)(n − 1) in Table 11 amounts to.
            for y in 0..<size - 1 {
                for x in 0..<size - 1 {
                    let top = y * size + x
                    let colour = dark[top]
                    if dark[top + 1] == colour, dark[top + size] == colour, dark[top + size + 1] == colour {
                        score += 3
                    }
                }
            }
            // N4: 10 points per whole 5 % the dark share strays from 50 %. With the share
            // dark/total, |share·100 − 50| / 5 = |20·dark − 10·total| / total, kept integral.
            var darkCount = 0
            for module in dark where module { darkCount += 1 }
            let total = size * size
            score += 10 * (abs(20 * darkCount - 10 * total) / total)
            return score
        }

        /// N1 and N3 along one row or column.
        static func linePenalty(_ line: [Bool]) -> Int {
            let count = line.count
            var score = 0
            // N1: 3 points for a run of 5 same-coloured modules, plus 1 per further module.
            var runLength = 1
            for index in 1...count {
                if index < count, line[index] == line[index - 1] {
                    runLength += 1
                } else {
                    if runLength >= 5 { score += runLength - 2 }
                    runLength = 1
                }
            }
            // N3: 40 points per dark-light-dark-dark-dark-light-dark (1:1:3:1:1) run with 4 light
            // modules before or after it. The quiet zone beyond the edge counts as light. Runs
            // may overlap (one can end in a finder's own edge), and each one counts; a run with
            // light on both sides counts once.
            func isLight(_ index: Int) -> Bool { index < 0 || index >= count || !line[index] }
            guard count >= 7 else { return score }
            for start in 0...(count - 7) where line[start] && !line[start + 1] && line[start + 2]
                && line[start + 3] && line[start + 4] && !line[start + 5] && line[start + 6] {
                if (start - 4..<start).allSatisfy(isLight) || (start + 7..<start + 11).allSatisfy(isLight) {
                    score += 40
                }
            }
            return score
        }
    }
}
