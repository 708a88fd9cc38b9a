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

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD` and `YYYY-M-D`, as people type them).
    init?(_ text: String) {
        let parts = text.trimmedSpaces.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 3, parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
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
        return y.padded(to: 4) + "-" + m.padded(to: 2) + "-" + d.padded(to: 2)
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
