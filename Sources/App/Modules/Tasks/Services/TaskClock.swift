import Foundation
import Vapor

/// Today, the working-day calendar and the "due soon" cutoff: what every light is computed from.
struct TaskClock: Sendable {
    let calendar: WorkCalendar
    let today: CivilDate
    let cutoff: CivilDate
    let now: Date

    init(calendar: WorkCalendar, now: Date = Date(), dueSoonDays: Int) {
        self.calendar = calendar
        self.now = now
        today = CivilDate(now)
        cutoff = calendar.dueSoonCutoff(today: today, days: dueSoonDays)
    }
}

extension Request {
    func taskClock(now: Date = Date()) async throws -> TaskClock {
        TaskClock(calendar: try await workCalendar(), now: now, dueSoonDays: config.dueSoonWorkingDays)
    }
}
