import Crypto
import Foundation

enum Tokens {
    /// A random token of `bytes` bytes from the system CSPRNG, URL-safe base64 without padding.
    static func random(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        // Eight bytes per call of the generator (one `getrandom` each), not one.
        var data = Data(capacity: bytes)
        while data.count < bytes {
            var word: UInt64 = generator.next()
            for _ in 0..<min(8, bytes - data.count) {
                data.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        // The URL-safe alphabet by hand: `replacingOccurrences` goes through NSString on Linux,
        // and an import makes a token for every one of 300,000 firms.
        let urlSafe = data.base64EncodedString().utf8.compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            case UInt8(ascii: "="): nil
            default: byte
            }
        }
        return String(decoding: urlSafe, as: UTF8.self)
    }

    static func sha256Hex(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// Lower-case hex without a `String(format:)` per byte: this runs on every authenticated request.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compares without an early exit so timing does not reveal how much of a secret matched.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
