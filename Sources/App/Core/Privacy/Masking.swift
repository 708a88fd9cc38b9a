/// How phone and identity numbers are shown to people who do not need them whole: enough to
/// tell two apart and to recognise one's own, not enough to call or impersonate. Revealing a
/// whole number is a separate, audited act (`EnterpriseContacts.reveal`).
enum Masking {
    /// 138****5678; a landline keeps its area code and last four digits.
    static func phone(_ number: String) -> String {
        let characters = Array(number)
        guard characters.count > 7 else { return String(repeating: "*", count: characters.count) }
        let keepStart = number.hasPrefix("0") ? (number.firstIndex(of: "-").map { number.distance(from: number.startIndex, to: $0) } ?? 4) : 3
        return String(characters.prefix(keepStart)) + String(repeating: "*", count: characters.count - keepStart - 4) + String(characters.suffix(4))
    }

    /// 330102********123X: the birth date and sequence hidden.
    static func idNumber(_ number: String) -> String {
        let characters = Array(number)
        guard characters.count > 10 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(6)) + String(repeating: "*", count: characters.count - 10) + String(characters.suffix(4))
    }
}
