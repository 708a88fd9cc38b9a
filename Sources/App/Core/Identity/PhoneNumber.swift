/// A mainland phone number as a contact gives it: a mobile (11 digits starting 1[3-9]) or a
/// landline with its area code (010-12345678, 0571 8888 6666, with an optional extension).
struct PhoneNumber: Sendable, Equatable {
    let value: String

    init?(_ text: String) {
        var cleaned = text.filter { !$0.isWhitespace }
        for prefix in ["+86", "0086", "86-"] where cleaned.hasPrefix(prefix) && cleaned.count > 11 {
            cleaned.removeFirst(prefix.count)
        }
        cleaned = cleaned.replacingOccurrences(of: "－", with: "-")
        let characters = Array(cleaned)
        if characters.count == 11, characters[0] == "1", let second = characters[1].wholeNumberValue, second >= 3,
           characters.allSatisfy(\.isASCIIDigit) {
            value = cleaned
            return
        }
        let parts = cleaned.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let digitsOnly = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
        guard digitsOnly, cleaned.hasPrefix("0") else { return nil }
        switch parts.count {
        case 1 where (10...12).contains(cleaned.count): value = cleaned
        case 2 where (3...4).contains(parts[0].count) && (7...8).contains(parts[1].count): value = cleaned
        case 3 where (3...4).contains(parts[0].count) && (7...8).contains(parts[1].count) && parts[2].count <= 6: value = cleaned
        default: return nil
        }
    }

    /// A mobile number: what an enterprise user signs in with and receives messages on.
    var isMobile: Bool { value.count == 11 && value.hasPrefix("1") }
}
