import Foundation

/// A calendar day with no time or zone: what a deadline, a milestone or a holiday is.
/// Stored as days since 1970-01-01 so that adding days and comparing are integer operations;
/// written as `YYYY-MM-DD`, which also sorts correctly as text in the database.
struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    let dayNumber: Int

    init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// `nil` for a date that does not exist (2026-02-30).
    init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year), (1900...2999).contains(year) else { return nil }
        dayNumber = Int(SpreadsheetDate.daysFromCivil(year: Int64(year), month: Int64(month), day: Int64(day)))
    }

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD`, `YYYY.MM.DD` and `YYYY-M-D`, as people type them),
    /// digit by digit: an import reads two dates on each of hundreds of thousands of rows.
    init?(_ text: String) {
        var fields = (0, 0, 0), digits = (0, 0, 0), field = 0
        for byte in text.trimmedSpaces.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte - UInt8(ascii: "0"))
                // Stopping at the widest field keeps a long run of digits from overflowing.
                switch field {
                case 0 where digits.0 < 4: (fields.0, digits.0) = (fields.0 * 10 + digit, digits.0 + 1)
                case 1 where digits.1 < 2: (fields.1, digits.1) = (fields.1 * 10 + digit, digits.1 + 1)
                case 2 where digits.2 < 2: (fields.2, digits.2) = (fields.2 * 10 + digit, digits.2 + 1)
                default: return nil
                }
            case UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "."):
                guard field < 2 else { return nil }
                field += 1
            default: return nil
            }
        }
        guard field == 2, digits.0 == 4, digits.1 > 0, digits.2 > 0 else { return nil }
        self.init(year: fields.0, month: fields.1, day: fields.2)
    }

    /// The day it is in China at `instant`.
    init(_ instant: Date, in zone: TimeZone = DisplayTime.zone) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
        dayNumber = Int((Double(seconds) / 86_400).rounded(.down))
    }

    static func today(now: Date = Date()) -> CivilDate { CivilDate(now) }

    /// The instant this day begins in China: compares a day with stored timestamps.
    var startInChina: Date {
        let midnightUTC = Date(timeIntervalSince1970: Double(dayNumber) * 86_400)
        return midnightUTC.addingTimeInterval(-Double(DisplayTime.zone.secondsFromGMT(for: midnightUTC)))
    }

    /// A spreadsheet cell as a day: a real date cell (stored zone-less, read as UTC) or typed text.
    init?(cell: Cell) {
        switch cell {
        case .date(let date): self.init(date, in: TimeZone(identifier: "UTC")!)
        default: self.init(cell.text)
        }
    }

    var parts: (year: Int, month: Int, day: Int) {
        let (y, m, d) = SpreadsheetDate.civilFromDays(Int64(dayNumber))
        return (Int(y), Int(m), Int(d))
    }

    var year: Int { parts.year }

    /// 1 = Monday … 7 = Sunday (ISO 8601). 1970-01-01 was a Thursday.
    var isoWeekday: Int { ((dayNumber % 7 + 7) % 7 + 3) % 7 + 1 }

    var isWeekend: Bool { isoWeekday >= 6 }

    func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    var description: String {
        let (y, m, d) = parts
        guard (0...9999).contains(y) else { return y.padded(to: 4) + "-" + m.padded(to: 2) + "-" + d.padded(to: 2) }
        // Written as ten ASCII digits in place: an import formats a date for every firm it writes,
        // and joining five small strings was most of the cost.
        return String(unsafeUninitializedCapacity: 10) { buffer in
            func put(_ value: Int, from start: Int, digits: Int) {
                var rest = value
                for index in stride(from: start + digits - 1, through: start, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(y, from: 0, digits: 4)
            put(m, from: 5, digits: 2)
            put(d, from: 8, digits: 2)
            buffer[4] = UInt8(ascii: "-")
            buffer[7] = UInt8(ascii: "-")
            return 10
        }
    }

    /// `YYYY-MM`, the key of a reporting month.
    var monthKey: String { String(description.prefix(7)) }

    static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = date
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
