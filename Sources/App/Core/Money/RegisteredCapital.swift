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
        var rest = CreditCode.normalise(text).filter { $0 != "," && $0 != "，" }
        if rest.isEmpty { return nil }
        var currency: String?
        var saysYuan = false
        // An ISO code or currency words before or after the number.
        for _ in 0..<2 {
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
              rest.filter({ $0 == "." }).count <= 1, rest.dropFirst().allSatisfy({ $0 != "-" }),
              let number = Decimal(string: rest, locale: Locale(identifier: "en_US_POSIX")) else { return .failure(.format) }
        if number < 0 { return .failure(.negative) }
        var minor = number * multiplier * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &minor, 0, .plain)
        guard rounded <= Decimal(Int64.max / 10) else { return .failure(.tooLarge) }
        return .success(RegisteredCapital(minorUnits: NSDecimalNumber(decimal: rounded).int64Value, currency: currency ?? "CNY"))
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
