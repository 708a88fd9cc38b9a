// Constants from ISO/IEC 18004:2015. They are plain `let` tables so the encoder stays free of
// shared mutable state under Swift 6 strict concurrency.

extension QRCode {
    /// Error correction codewords per block and number of blocks (Table 9), by version − 1.
    /// The split into short and long blocks is derived from these two numbers and the symbol's
    /// total codeword count, which is all the remaining columns of Table 9 encode.
    struct BlockLayout: Sendable {
        let ecCodewordsPerBlock: Int
        let blockCount: Int

        init(version: Int, correction: Correction) {
            let (codewords, blocks) = switch correction {
            case .low: (Self.lowEC, Self.lowBlocks)
            case .medium: (Self.mediumEC, Self.mediumBlocks)
            case .quartile: (Self.quartileEC, Self.quartileBlocks)
            case .high: (Self.highEC, Self.highBlocks)
            }
            ecCodewordsPerBlock = Int(codewords[version - 1])
            blockCount = Int(blocks[version - 1])
        }

        private static let lowEC: [UInt8] = [
            7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
            28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ]
        private static let mediumEC: [UInt8] = [
            10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
            26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        ]
        private static let quartileEC: [UInt8] = [
            13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
            28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ]
        private static let highEC: [UInt8] = [
            17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
            30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
        ]
        private static let lowBlocks: [UInt8] = [
            1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
            8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
        ]
        private static let mediumBlocks: [UInt8] = [
            1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
            17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
        ]
        private static let quartileBlocks: [UInt8] = [
            1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
            23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
        ]
        private static let highBlocks: [UInt8] = [
            1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
            25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
        ]
    }

    /// Row/column coordinates of alignment pattern centres (Annex E), by version − 1. Version 32
    /// breaks the otherwise regular spacing, so a table is safer than a formula.
    static let alignmentCentres: [[UInt8]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82],
        [6, 30, 58, 86], [6, 34, 62, 90],
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106],
        [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130],
        [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142],
        [6, 34, 62, 90, 118, 146],
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
    ]

    /// Codewords a version holds in total (data + error correction), i.e. the modules left after
    /// every function pattern and the format/version areas, in whole bytes. The remainder bits
    /// (0–7) stay in the matrix as zero bits.
    static func totalCodewords(version: Int) -> Int {
        let size = 17 + 4 * version
        var modules = size * size
        modules -= 3 * 64                 // finder patterns with their separators
        modules -= 2 * (size - 16)        // timing patterns between the finders
        modules -= 2 * 15 + 1             // both copies of the format information, dark module
        if version >= 2 {
            let n = version / 7 + 2       // alignment centres per axis
            // n² − 3 patterns (three would sit on finders); those on row/column 6 share 5
            // modules each with a timing pattern.
            modules -= (n * n - 3) * 25 - 2 * (n - 2) * 5
        }
        if version >= 7 { modules -= 2 * 18 }
        return modules / 8
    }
}

extension QRCode {
    /// Arithmetic in GF(2⁸) modulo x⁸ + x⁴ + x³ + x² + 1 (0x11D), the field QR Reed–Solomon
    /// codes live in.
    enum GaloisField {
        /// αⁱ for i in 0..<512, doubled so a product's log sum never needs reducing mod 255.
        static let exp: [UInt8] = {
            var table = [UInt8](repeating: 0, count: 512)
            var value = 1
            for i in 0..<255 {
                table[i] = UInt8(value)
                value <<= 1
                if value & 0x100 != 0 { value ^= 0x11D }
            }
            for i in 255..<512 { table[i] = table[i - 255] }
            return table
        }()

        static let log: [Int] = {
            var table = [Int](repeating: 0, count: 256)
            for i in 0..<255 { table[Int(exp[i])] = i }
            return table
        }()

        static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
            if a == 0 || b == 0 { return 0 }
            return exp[log[Int(a)] + log[Int(b)]]
        }
    }

    enum ReedSolomon {
        /// Coefficients of ∏ (x − αⁱ) for i in 0..<degree, highest power first (leading 1 included).
        static func generator(degree: Int) -> [UInt8] {
            var poly: [UInt8] = [1]
            for i in 0..<degree {
                let root = GaloisField.exp[i]
                var next = poly + [0]
                for j in 1..<next.count { next[j] ^= GaloisField.multiply(poly[j - 1], root) }
                poly = next
            }
            return poly
        }

        /// The error correction codewords: data(x) · x^degree mod generator(x).
        static func remainder(of data: [UInt8], generator: [UInt8]) -> [UInt8] {
            let degree = generator.count - 1
            var remainder = [UInt8](repeating: 0, count: degree)
            for byte in data {
                let factor = byte ^ remainder[0]
                remainder.removeFirst()
                remainder.append(0)
                for j in 0..<degree { remainder[j] ^= GaloisField.multiply(generator[j + 1], factor) }
            }
            return remainder
        }
    }
}
