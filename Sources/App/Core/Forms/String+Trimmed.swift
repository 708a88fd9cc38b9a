/// Trimming without Foundation: on Linux `trimmingCharacters(in:)` bridges through `NSString`
/// (UTF-16 copies, a substring per call), which was a quarter of a 300,000-row import's time.
extension StringProtocol {
    /// Without leading and trailing whitespace and line breaks (`.whitespacesAndNewlines`).
    var trimmed: String { trimming(keepingLineBreaks: false) }

    /// Without leading and trailing spaces and tabs, keeping line breaks (`.whitespaces`).
    var trimmedSpaces: String { trimming(keepingLineBreaks: true) }

    private func trimming(keepingLineBreaks: Bool) -> String {
        // Unicode's White_Space set, spelled out: asking each scalar for its properties was the
        // most expensive step of checking a Chinese import row.
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: true
            case 0x0A...0x0D, 0x85, 0x2028, 0x2029: !keepingLineBreaks
            default: false
            }
        }
        let scalars = unicodeScalars
        var lower = scalars.startIndex, upper = scalars.endIndex
        while lower < upper, isSpace(scalars[lower]) { lower = scalars.index(after: lower) }
        while lower < upper {
            let before = scalars.index(before: upper)
            guard isSpace(scalars[before]) else { break }
            upper = before
        }
        // Most cells need no trimming; a String is then returned as it is, not copied.
        if lower == scalars.startIndex, upper == scalars.endIndex, let whole = self as? String { return whole }
        return String(self[lower..<upper])
    }
}

extension BinaryInteger {
    /// The number in decimal, zero-padded on the left to `width` digits (`String(format: "%08d")`
    /// without its C varargs and locale machinery).
    func padded(to width: Int) -> String {
        let digits = String(self)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
