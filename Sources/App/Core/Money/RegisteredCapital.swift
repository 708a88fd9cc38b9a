import Foundation

/// Registered capital (注册资本) as registries write it — `500万元`, `1.2亿元`, `300万美元`,
/// `USD 1,000,000`, or a bare number whose unit the column header gives — kept exactly, in minor
/// units (分 / cents) of its currency. Never a `Double`: registries add these up.
struct RegisteredCapital: Sendable, Hashable, Codable {
    /// Hundredths of the currency unit.
    let minorUnits: Int64
    /// ISO 4217.
    let currency: String

    enum Problem: String, Error, Sendable {
        case format, negative, tooLarge, currency
    }

    /// The unit of a bare number: most ledgers head the column 注册资本（万元）.
    enum Unit: Sendable { case yuan, tenThousand }

    static let currencies: [(code: String, words: [String])] = [
        ("CNY", ["人民币", "元"]), ("USD", ["美元"]), ("HKD", ["港元", "港币"]), ("EUR", ["欧元"]), ("JPY", ["日元"]),
        ("GBP", ["英镑"]), ("TWD", ["新台币"]), ("MOP", ["澳门元"]), ("SGD", ["新加坡元"]), ("KRW", ["韩元"]),
    ]

    /// Codes and words that name a currency, longest first so 新台币 is tried before 元.
    private static let markers: [(code: String, marker: String)] =
        (currencies.map { ($0.code, $0.code) } + currencies.flatMap { entry in entry.words.map { (entry.code, $0) } }).sorted { $0.1.count > $1.1.count }

    /// nil for an empty cell (capital is optional); otherwise the amount or why it is not one.
    static func parse(_ text: String, bareUnit: Unit = .tenThousand) -> Result<RegisteredCapital, Problem>? {
        // Most cells are a bare number, already plain: nothing to fold, strip or look for.
        if isPlainNumber(text) { return amount(text, scale: bareUnit == .tenThousand ? 1_000_000 : 100, currency: "CNY") }
        var rest = CreditCode.normalise(text).filter { $0 != "," && $0 != "，" }
        if rest.isEmpty { return nil }
        var currency: String?
        var saysYuan = false
        let bare = isPlainNumber(rest)
        // An ISO code or currency words before or after the number.
        for _ in 0..<(bare ? 0 : 2) {
            guard let (code, marker) = Self.markers.first(where: { rest.hasPrefix($0.1) || rest.hasSuffix($0.1) }) else { break }
            if let currency, currency != code { return .failure(.currency) }   // 美元 with CNY
            currency = code
            saysYuan = saysYuan || marker.hasSuffix("元") || marker.hasSuffix("币")
            rest = rest.hasPrefix(marker) ? String(rest.dropFirst(marker.count)) : String(rest.dropLast(marker.count))
        }
        var multiplier: Decimal = bareUnit == .tenThousand ? 10_000 : 1
        if rest.hasSuffix("亿") {
            multiplier = 100_000_000
            rest.removeLast()
        } else if rest.hasSuffix("万") {
            multiplier = 10_000
            rest.removeLast()
        } else if saysYuan {
            multiplier = 1   // `500元` says yuan even in a column headed 万元
        }
        guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
              rest.filter({ $0 == "." }).count <= 1, rest.dropFirst().allSatisfy({ $0 != "-" }) else { return .failure(.format) }
        if rest.hasPrefix("-") { return rest.count > 1 && rest != "-." ? .failure(.negative) : .failure(.format) }
        let scale: Int64 = multiplier == 100_000_000 ? 10_000_000_000 : multiplier == 10_000 ? 1_000_000 : 100
        return amount(rest, scale: scale, currency: currency ?? "CNY")
    }

    /// ASCII digits with at most one point: a number with nothing around it.
    private static func isPlainNumber(_ text: String) -> Bool {
        var points = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") { points += 1 } else if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { return false }
        }
        return !text.isEmpty && points <= 1
    }

    /// `digits` (a plain number) in units of `scale` minor units.
    private static func amount(_ digits: String, scale: Int64, currency: String) -> Result<RegisteredCapital, Problem> {
        guard let minor = exactMinorUnits(digits, scale: scale) else { return .failure(.tooLarge) }
        guard minor >= 0 else { return .failure(.format) }
        return .success(RegisteredCapital(minorUnits: minor, currency: currency))
    }

    /// Digits with at most one point, times `scale` (minor units per unit of the text), rounded
    /// half up, in integers: exact like `Decimal` without its string parsing, which was a tenth
    /// of an import's checking. -1 for no digits, nil when it does not fit.
    private static func exactMinorUnits(_ text: String, scale: Int64) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0], fraction = parts.count > 1 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty) else { return -1 }
        var value: Int64 = 0
        for digit in whole.utf8 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int64(digit - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = plus
        }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        // The fraction's digits beyond the scale only decide the rounding of the last one kept.
        var remainingScale = scale, extra: Int64 = 0, roundUp = false
        for (index, digit) in fraction.utf8.enumerated() {
            let d = Int64(digit - UInt8(ascii: "0"))
            if remainingScale > 1 {
                remainingScale /= 10
                extra += d * remainingScale
            } else if index >= 0 {
                roundUp = d >= 5
                break
            }
        }
        let (total, o3) = scaled.addingReportingOverflow(extra + (roundUp ? 1 : 0))
        guard !o3, total <= Int64.max / 10 else { return nil }
        return total
    }

    /// `50000000 CNY`: how the change history stores an amount, exact and unambiguous.
    var historyText: String { "\(minorUnits) \(currency)" }

    /// `500万元人民币` / `CNY 5,000,000.00`.
    func formatted(_ lang: Lang) -> String {
        let amount = Decimal(minorUnits) / 100
        if lang == .zh {
            let name = Self.currencies.first { $0.code == currency }?.words.first ?? currency
            let tenThousands = amount / 10_000
            return "\(tenThousands)万\(currency == "CNY" ? "元" : name)"
        }
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = 2
        formatter.maximumFractionDigits = 2
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        return "\(currency) " + (formatter.string(from: NSDecimalNumber(decimal: amount)) ?? "\(amount)")
    }
}

extension RegisteredCapital {
    /// Reads `historyText` back.
    init?(historyText text: String) {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let minor = Int64(parts[0]) else { return nil }
        self.init(minorUnits: minor, currency: String(parts[1]))
    }
}
