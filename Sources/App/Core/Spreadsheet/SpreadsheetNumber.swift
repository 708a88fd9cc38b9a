import Foundation

/// Decimal-text handling for numeric cells. Works purely on digit strings,
/// never through `Double`, so money amounts keep their exact value.
enum SpreadsheetNumber {
    /// Excel keeps at most 15 significant decimal digits; longer fractional
    /// values in a file ("0.30000000000000004") are binary floating point noise.
    static let significantDigits = 15

    /// Normalises a numeric literal ("12.50", "-3", "1E-3", "+7", "1.2345E+5")
    /// to canonical plain decimal text ("12.5", "-3", "0.001", "7", "123450").
    ///
    /// Rules:
    /// - leading zeros and trailing fractional zeros are removed, "-0" becomes "0";
    /// - a value that has a fractional part and more than 15 significant digits is
    ///   rounded (half up) to 15 significant digits, which is what Excel displays;
    ///   integers are kept digit-for-digit (long account numbers written by tools);
    /// - exponent notation is expanded unless that would need more than 30 zeros,
    ///   in which case a canonical "d.dddE+x" form is returned.
    /// Returns nil when `raw` is not a decimal number literal.
    static func canonical(_ raw: String) -> String? {
        var bytes = Array(raw.utf8)
        while let first = bytes.first, first == 32 || first == 9 || first == 10 || first == 13 { bytes.removeFirst() }
        while let last = bytes.last, last == 32 || last == 9 || last == 10 || last == 13 { bytes.removeLast() }
        guard !bytes.isEmpty else { return nil }

        var index = 0
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var digits: [UInt8] = []
        var integerCount = 0
        var sawDigit = false
        while index < bytes.count, isDigit(bytes[index]) {
            digits.append(bytes[index]); integerCount += 1; sawDigit = true; index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, isDigit(bytes[index]) {
                digits.append(bytes[index]); sawDigit = true; index += 1
            }
        }
        guard sawDigit else { return nil }
        var exponent = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var expNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                expNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var expDigits = 0
            while index < bytes.count, isDigit(bytes[index]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[index] - 48) }
                expDigits += 1
                index += 1
            }
            guard expDigits > 0 else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard index == bytes.count else { return nil }

        // value = 0.<digits> * 10^point  (point = position of the decimal point from the left)
        var point = integerCount + exponent
        var start = 0
        while start < digits.count, digits[start] == UInt8(ascii: "0") { start += 1; point -= 1 }
        digits.removeFirst(start)
        while let last = digits.last, last == UInt8(ascii: "0") { digits.removeLast() }
        if digits.isEmpty { return "0" }

        if digits.count > significantDigits, digits.count > point {
            let roundUp = digits[significantDigits] >= UInt8(ascii: "5")
            digits.removeLast(digits.count - significantDigits)
            if roundUp {
                var position = digits.count - 1
                while position >= 0 {
                    if digits[position] == UInt8(ascii: "9") {
                        digits[position] = UInt8(ascii: "0")
                        position -= 1
                    } else {
                        digits[position] += 1
                        break
                    }
                }
                if position < 0 {
                    digits.insert(UInt8(ascii: "1"), at: 0)
                    point += 1
                }
            }
            while let last = digits.last, last == UInt8(ascii: "0") { digits.removeLast() }
        }

        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        if point <= 0 {
            if -point > 30 { return scientific(digits, point: point, negative: negative) }
            out += Array("0.".utf8) + Array(repeating: UInt8(ascii: "0"), count: -point) + digits
        } else if point >= digits.count {
            if point - digits.count > 30 { return scientific(digits, point: point, negative: negative) }
            out += digits + Array(repeating: UInt8(ascii: "0"), count: point - digits.count)
        } else {
            out += digits[..<point]
            out.append(UInt8(ascii: "."))
            out += digits[point...]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True when `raw` is a decimal number literal (as accepted by `canonical`).
    static func isNumber(_ raw: String) -> Bool { canonical(raw) != nil }

    private static func scientific(_ digits: [UInt8], point: Int, negative: Bool) -> String {
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        out.append(digits[0])
        if digits.count > 1 {
            out.append(UInt8(ascii: "."))
            out += digits[1...]
        }
        let exponent = point - 1
        out += Array("E\(exponent < 0 ? "-" : "+")\(abs(exponent))".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
