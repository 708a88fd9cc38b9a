/// The Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
/// alphabet (no I, O, S, V, Z): registration authority (1), entity type (1), administrative division
/// of registration (6), organisation code (9), check character (1).
struct CreditCode: Sendable, Hashable, CustomStringConvertible {
    /// Why a text is not a credit code; each is a catalog key `creditCode.<rawValue>`.
    enum Problem: String, Error, Sendable {
        case empty, length, character, division, check
    }

    static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    private static let values: [Character: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })
    /// `values` by ASCII byte (-1 outside the alphabet), for the common case of a code typed in ASCII.
    private static let asciiValues: [Int] = (0..<128).map { byte in values[Character(Unicode.Scalar(UInt8(byte)))] ?? -1 }
    /// Position weights 3^(i−1) mod 31 for i = 1…17.
    private static let weights: [Int] = (0..<17).reduce(into: [Int]()) { weights, index in
        weights.append(index == 0 ? 1 : weights[index - 1] * 3 % 31)
    }

    let value: String

    var description: String { value }

    /// Accepts what people paste: surrounding and inner spaces, lower case and full-width forms
    /// (a code copied from a Word document) are normalised; anything else must be exact.
    static func parse(_ text: String) -> Result<CreditCode, Problem> {
        let normalised = normalise(text)
        if normalised.isEmpty { return .failure(.empty) }
        if let checked = parseASCII(normalised) { return checked }
        let characters = Array(normalised)
        guard characters.count == 18 else { return .failure(.length) }
        guard characters.allSatisfy({ values[$0] != nil }) else { return .failure(.character) }
        guard characters[2..<8].allSatisfy(\.isASCIIDigit) else { return .failure(.division) }
        guard checkCharacter(for: characters.prefix(17)) == characters[17] else { return .failure(.check) }
        return .success(CreditCode(value: normalised))
    }

    /// `parse` on the bytes of an all-ASCII text of 18 characters, in the same order of checks;
    /// nil for any other text, which the general path then reads. Hashing `Character`s was a
    /// tenth of checking an import row.
    private static func parseASCII(_ normalised: String) -> Result<CreditCode, Problem>? {
        let bytes = normalised.utf8
        guard bytes.count == 18, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let numbers = bytes.map { asciiValues[Int($0)] }
        guard !numbers.contains(-1) else { return .failure(.character) }
        guard bytes.dropFirst(2).prefix(6).allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return .failure(.division) }
        let sum = zip(numbers.prefix(17), weights).reduce(0) { $0 + $1.0 * $1.1 }
        guard (31 - sum % 31) % 31 == numbers[17] else { return .failure(.check) }
        return .success(CreditCode(value: normalised))
    }

    init?(_ text: String) {
        guard case .success(let code) = Self.parse(text) else { return nil }
        self = code
    }

    private init(value: String) { self.value = value }

    /// The 18th character for the first 17: (31 − Σ value × weight mod 31) mod 31.
    static func checkCharacter(for first17: some Collection<Character>) -> Character? {
        guard first17.count == 17 else { return nil }
        var sum = 0
        for (character, weight) in zip(first17, weights) {
            guard let value = values[character] else { return nil }
            sum += value * weight
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    static func normalise(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09, 0x3000, 0xA0: continue   // spaces, ideographic space, no-break space
            case 0xFF01...0xFF5E: result.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)   // full-width ASCII
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result.uppercased()
    }

    private var characters: [Character] { Array(value) }

    /// Position 1: who registered the entity (9 = market regulation, 5 = civil affairs, …).
    var authority: Character { characters[0] }
    /// Position 2: the kind of entity under that authority (91… = enterprise, 92… = individual business).
    var entityType: Character { characters[1] }
    /// Positions 3–8: the administrative division where it was registered (GB/T 2260).
    var divisionCode: String { String(characters[2..<8]) }
    /// Positions 9–17: the organisation code (GB 11714).
    var organisationCode: String { String(characters[8..<17]) }

    /// Catalog keys naming positions 1 and 2 in words; nil where the standard assigns no meaning.
    var authorityKey: String? {
        Self.entityTypes[authority] == nil ? nil : "creditCode.authority.\(authority)"
    }

    var entityTypeKey: String? {
        Self.entityTypes[authority]?.contains(entityType) == true ? "creditCode.type.\(authority)\(entityType)" : nil
    }

    /// The entity types GB 32100-2015 defines under each registration authority.
    static let entityTypes: [Character: Set<Character>] = [
        "1": ["1", "2", "3", "9"], "2": ["1", "9"], "3": ["1", "2", "3", "4", "5", "9"], "4": ["1", "9"],
        "5": ["1", "2", "3", "9"], "6": ["1", "2", "9"], "7": ["1", "2", "9"], "8": ["1", "9"],
        "9": ["1", "2", "3"], "A": ["1", "9"], "N": ["1", "2", "3", "9"], "Y": ["1"],
    ]
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
