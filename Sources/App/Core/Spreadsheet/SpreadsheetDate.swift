import Foundation

/// Calendar arithmetic for naive date-times and Excel serial numbers.
///
/// Everything is done with integer day counts in the proleptic Gregorian
/// calendar, so no `Calendar`/`DateFormatter` (and no time zone) is involved.
enum SpreadsheetDate {
    static let secondsPerDay: Int64 = 86_400

    /// Days since 1970-01-01 for a proleptic Gregorian civil date.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Civil date for a number of days since 1970-01-01.
    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Builds a naive date-time (components interpreted as UTC).
    static func make(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Date {
        let days = daysFromCivil(year: Int64(year), month: Int64(month), day: Int64(day))
        let seconds = days * secondsPerDay + Int64(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// "yyyy-MM-dd", or "yyyy-MM-dd HH:mm:ss" when the time of day is not 00:00:00.
    static func format(_ date: Date) -> String {
        let total = Int64(date.timeIntervalSince1970.rounded(.down))
        var days = total / secondsPerDay
        var secs = total % secondsPerDay
        if secs < 0 { secs += secondsPerDay; days -= 1 }
        let (y, m, d) = civilFromDays(days)
        var out = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
        if secs != 0 {
            out += " " + pad(secs / 3600, 2) + ":" + pad(secs / 60 % 60, 2) + ":" + pad(secs % 60, 2)
        }
        return out
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
        return value < 0 ? "-" + padded : padded
    }

    // MARK: Excel serial numbers

    /// 1899-12-30, the day before serial 1 once Lotus' fictitious 1900-02-29 (serial 60) is accounted for.
    private static let epoch1900 = daysFromCivil(year: 1899, month: 12, day: 30)
    /// 1904-01-01 is serial 0 in the 1904 date system.
    private static let epoch1904 = daysFromCivil(year: 1904, month: 1, day: 1)
    /// Largest serial Excel accepts (9999-12-31).
    static let maxSerial = 2_958_465.99999

    /// Converts an Excel serial (days, fraction = time of day) to a naive date-time,
    /// rounded to the nearest second. Returns nil for values Excel cannot show as dates.
    static func date(fromSerial serial: Double, date1904: Bool) -> Date? {
        guard serial.isFinite, serial >= 0, serial <= maxSerial else { return nil }
        var totalSeconds = Int64((serial * Double(secondsPerDay)).rounded())
        if date1904 {
            totalSeconds += epoch1904 * secondsPerDay
        } else {
            // Excel (like Lotus 1-2-3) treats 1900 as a leap year: serial 60 is the
            // non-existent 1900-02-29, so serials before 61 are one day "late".
            totalSeconds += epoch1900 * secondsPerDay
            if serial < 61 { totalSeconds += secondsPerDay }
        }
        return Date(timeIntervalSince1970: TimeInterval(totalSeconds))
    }

    /// Converts a naive date-time to an Excel 1900-system serial (whole seconds).
    /// Returns nil for dates before 1900-01-01 or after 9999-12-31, which Excel cannot store as dates.
    static func serial1900(from date: Date) -> (days: Int64, seconds: Int64)? {
        let total = Int64(date.timeIntervalSince1970.rounded())
        var days = total / secondsPerDay
        var secs = total % secondsPerDay
        if secs < 0 { secs += secondsPerDay; days -= 1 }
        var serialDays = days - epoch1900
        if serialDays < 61 { serialDays -= 1 }
        guard serialDays >= 1, serialDays <= 2_958_465 else { return nil }
        return (serialDays, secs)
    }

    /// The serial as XML number text ("45356" or "45356.5445023148").
    static func serialText(days: Int64, seconds: Int64) -> String {
        if seconds == 0 { return String(days) }
        // Shortest representation that round-trips; reading rounds back to whole seconds.
        let value = Double(days) + Double(seconds) / Double(secondsPerDay)
        return "\(value)"
    }

    /// Parses ISO 8601 text as used by `t="d"` cells: "2024-03-05", "2024-03-05T13:04:05",
    /// optionally with fractional seconds and a trailing "Z" (any offset is ignored: values are naive).
    static func parseISO(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<from + count] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), bytes.count >= 10, bytes[4] == 45, bytes[7] == 45,
              let month = number(5, 2), let day = number(8, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0
        if bytes.count > 10 {
            guard bytes[10] == 84 || bytes[10] == 32, // 'T' or ' '
                  let h = number(11, 2), bytes.count >= 16, bytes[13] == 58, let mi = number(14, 2) else { return nil }
            hour = h
            minute = mi
            if bytes.count >= 19, bytes[16] == 58, let s = number(17, 2) { second = s }
            guard hour < 24, minute < 60, second < 61 else { return nil }
        }
        return make(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}
