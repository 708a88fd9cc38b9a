/// The citizen identity number (居民身份证号码, GB 11643-1999): 17 digits — division, birth date,
/// sequence — and a check character computed over them (ISO 7064 MOD 11-2; 10 is written X).
struct ResidentID: Sendable, Equatable {
    let value: String

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters = Array("10X98765432")

    /// Accepts a lower-case x and surrounding spaces; refuses anything whose check character or birth date is wrong.
    init?(_ text: String) {
        let cleaned = text.trimmedSpaces.uppercased()
        let characters = Array(cleaned)
        guard characters.count == 18, characters.prefix(17).allSatisfy(\.isASCIIDigit),
              characters[17].isASCIIDigit || characters[17] == "X" else { return nil }
        let digits = characters.prefix(17).compactMap(\.wholeNumberValue)
        let sum = zip(digits, Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        guard Self.checkCharacters[sum % 11] == characters[17] else { return nil }
        let number = { (range: Range<Int>) in range.reduce(0) { $0 * 10 + digits[$1] } }
        guard CivilDate(year: number(6..<10), month: number(10..<12), day: number(12..<14)) != nil else { return nil }
        value = cleaned
    }
}

