import Foundation

/// Chinese working days: Monday to Friday, except statutory holidays, plus the weekend days the
/// State Council turns into working days (调休). Every time limit in the product is counted here.
struct WorkCalendar: Sendable {
    enum Kind: String, Sendable, Codable, CaseIterable, CatalogChoice {
        /// A day off that would otherwise be a working day (or part of a holiday period).
        case holiday
        /// A weekend day worked in exchange for a longer holiday.
        case workday

        var labelKey: String { "calendar.kind.\(rawValue)" }
    }

    struct Entry: Sendable, Equatable {
        let date: CivilDate
        let kind: Kind
        let name: String
        /// True when an administrator entered it; false when it came with the shipped schedule.
        let isLocal: Bool
    }

    /// Exceptions to the plain week, by day number.
    private let exceptions: [Int: Entry]
    /// Years that have a holiday schedule; outside them only weekends are days off.
    let coveredYears: Set<Int>

    init(entries: [Entry]) {
        var table: [Int: Entry] = [:]
        // Local entries come last so they win over the shipped schedule for the same day.
        for entry in entries.sorted(by: { !$0.isLocal && $1.isLocal }) { table[entry.date.dayNumber] = entry }
        exceptions = table
        coveredYears = Set(table.values.filter { $0.kind == .holiday }.map(\.date.year))
    }

    func entry(on date: CivilDate) -> Entry? { exceptions[date.dayNumber] }

    func entries(in year: Int) -> [Entry] {
        exceptions.values.filter { $0.date.year == year }.sorted { $0.date < $1.date }
    }

    func isWorkingDay(_ date: CivilDate) -> Bool {
        switch exceptions[date.dayNumber]?.kind {
        case .holiday: false
        case .workday: true
        case nil: !date.isWeekend
        }
    }

    /// The day `count` working days after `date` (the start day itself is not counted): a task
    /// dispatched on Friday with 1 working day to sign is due the next working Monday.
    /// `count` 0 gives `date` itself; a negative count goes back in time.
    func adding(workingDays count: Int, to date: CivilDate) -> CivilDate {
        var day = date
        var left = abs(count)
        let step = count < 0 ? -1 : 1
        while left > 0 {
            day = day.adding(days: step)
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }

    /// Working days after `start` up to and including `end`; negative when `end` is before `start`.
    /// "Due within N working days" is `workingDays(from: today, to: due) <= N`.
    func workingDays(from start: CivilDate, to end: CivilDate) -> Int {
        if end == start { return 0 }
        if end < start { return -workingDays(from: end, to: start) }
        // Whole weeks have five weekdays; exceptions are then corrected one by one.
        let span = end.dayNumber - start.dayNumber
        var count = (span / 7) * 5
        var day = start.adding(days: (span / 7) * 7)
        while day < end {
            day = day.adding(days: 1)
            if !day.isWeekend { count += 1 }
        }
        for (number, entry) in exceptions where number > start.dayNumber && number <= end.dayNumber {
            switch entry.kind {
            case .holiday where !entry.date.isWeekend: count -= 1
            case .workday where entry.date.isWeekend: count += 1
            default: break
            }
        }
        return count
    }

    /// The last day of the window that counts as "due soon" when the warning is `days` working
    /// days: a due date on or before it, and not before today, is yellow.
    func dueSoonCutoff(today: CivilDate, days: Int) -> CivilDate { adding(workingDays: days, to: today) }
}
