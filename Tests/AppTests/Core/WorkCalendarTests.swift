@testable import App
import Foundation
import Testing

@Suite("Working-day calendar")
struct WorkCalendarTests {
    static let shipped = WorkCalendar(entries: WorkCalendarStore.shipped)

    func day(_ text: String) -> CivilDate { CivilDate(text)! }

    @Test func civilDatesRoundTripAndKnowTheirWeekday() {
        #expect(day("1970-01-01").dayNumber == 0)
        #expect(day("1970-01-01").isoWeekday == 4)
        #expect(day("2026-11-21").isoWeekday == 6)
        #expect(day("2024-02-29").description == "2024-02-29")
        #expect(CivilDate("2026-02-29") == nil)
        #expect(["2026-11-22", "1900-01-01", "2000-02-29", "2999-12-31"].allSatisfy { CivilDate($0)?.description == $0 })
        let early = day("1900-03-04").adding(days: -365 * 1000)   // outside what a file may give, written all the same
        #expect(early.description == early.parts.year.padded(to: 4) + "-" + early.parts.month.padded(to: 2) + "-" + early.parts.day.padded(to: 2))
        #expect(CivilDate("2026-13-01") == nil)
        #expect(CivilDate("not a date") == nil)
        #expect(CivilDate("2026/5/1")?.description == "2026-05-01")
        #expect(CivilDate("2026.05.01")?.description == "2026-05-01")
        #expect(CivilDate(" 2026-5-01 ")?.description == "2026-05-01")
        for text in ["2026--05-01", "2026-05-01-", "-2026-05-01", "20260-5-1", "226-5-1", "2026-005-01", "2026-05-", "2026-05",
                     "+2026-05-01", "2026-+5-01", "２０２６-05-01", "2026-05-01 12:00", "", "--",
                     String(repeating: "9", count: 40) + "-1-1", "2026-1-" + String(repeating: "1", count: 40)] {
            #expect(CivilDate(text) == nil, "\(text)")
        }
        for number in stride(from: -800, to: 40_000, by: 37) {
            let date = CivilDate(dayNumber: number)
            #expect(CivilDate(date.description) == date)
        }
        // 23:30 UTC on 30 April is already 1 May in Beijing.
        #expect(CivilDate(Date(timeIntervalSince1970: 1_777_591_800)).description == "2026-05-01")
    }

    @Test func theShippedScheduleCoversTwentyTwentyToTwentySix() {
        #expect(Self.shipped.coveredYears == Set(2020...2026))
        // National Day 2026: 1–7 October off, Saturday 10 October worked.
        #expect(!Self.shipped.isWorkingDay(day("2026-10-01")))
        #expect(!Self.shipped.isWorkingDay(day("2026-10-07")))
        #expect(Self.shipped.isWorkingDay(day("2026-10-08")))
        #expect(Self.shipped.isWorkingDay(day("2026-10-10")))
        #expect(day("2026-10-10").isWeekend)
        // An ordinary weekend and an ordinary Monday.
        #expect(!Self.shipped.isWorkingDay(day("2026-11-21")))
        #expect(Self.shipped.isWorkingDay(day("2026-11-23")))
    }

    @Test func addingWorkingDaysSkipsHolidaysAndCountsMakeUpDays() {
        // Friday + 1 = Monday.
        #expect(Self.shipped.adding(workingDays: 1, to: day("2026-11-20")) == day("2026-11-23"))
        // From Wednesday 30 September: Thursday 1 – Wednesday 7 October are off; Thursday 8 is the first working day.
        #expect(Self.shipped.adding(workingDays: 1, to: day("2026-09-30")) == day("2026-10-08"))
        // 8 (Thu), 9 (Fri), 10 (Sat, make-up): the third working day is the Saturday.
        #expect(Self.shipped.adding(workingDays: 3, to: day("2026-09-30")) == day("2026-10-10"))
        #expect(Self.shipped.adding(workingDays: 0, to: day("2026-10-03")) == day("2026-10-03"))
        #expect(Self.shipped.adding(workingDays: -1, to: day("2026-10-08")) == day("2026-09-30"))
    }

    @Test func countingWorkingDaysAgreesWithStepping() {
        #expect(Self.shipped.workingDays(from: day("2026-09-30"), to: day("2026-10-10")) == 3)
        #expect(Self.shipped.workingDays(from: day("2026-10-10"), to: day("2026-09-30")) == -3)
        #expect(Self.shipped.workingDays(from: day("2026-11-20"), to: day("2026-11-20")) == 0)
        // The counting shortcut (whole weeks, then exceptions) must agree with walking day by day.
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<300 {
            let start = CivilDate(dayNumber: Int.random(in: 18_262...20_818, using: &generator))
            let span = Int.random(in: 0...400, using: &generator)
            let end = start.adding(days: span)
            var walked = 0
            var cursor = start
            while cursor < end {
                cursor = cursor.adding(days: 1)
                if Self.shipped.isWorkingDay(cursor) { walked += 1 }
            }
            #expect(Self.shipped.workingDays(from: start, to: end) == walked, "\(start) → \(end)")
            if walked > 0 { #expect(Self.shipped.adding(workingDays: walked, to: start) <= end) }
        }
    }

    @Test func localEntriesOverrideTheShippedSchedule() {
        let local = WorkCalendar(entries: WorkCalendarStore.shipped + [
            .init(date: day("2026-10-07"), kind: .workday, name: "测试", isLocal: true),
            .init(date: day("2027-01-01"), kind: .holiday, name: "元旦", isLocal: true),
        ])
        #expect(local.isWorkingDay(day("2026-10-07")))
        #expect(!local.isWorkingDay(day("2027-01-01")))
        #expect(local.coveredYears.contains(2027))
        #expect(local.entry(on: day("2026-10-07"))?.isLocal == true)
    }

    @Test func theGeneratedFileParsesCompletely() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Sources/App/Resources/work-calendar.tsv"), encoding: .utf8)
        let lines = text.split(separator: "\n").count - 1
        #expect(WorkCalendarStore.shipped.count == lines)
        #expect(lines > 200)
    }
}
