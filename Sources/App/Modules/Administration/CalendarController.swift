import Fluent
import Vapor

/// The working-day calendar: see a year, enter next year's schedule, try the arithmetic.
struct CalendarController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.calendar.pathComponents, TaskPolicy.viewCalendar, use: show)
        app.endpoint(.POST, SiteURL.calendar.pathComponents, TaskPolicy.manageCalendar, use: set)
        app.endpoint(.POST, SiteURL.calendarDelete(.key).pathComponents, TaskPolicy.manageCalendar, use: delete)
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        try await page(req, input: nil, errors: .none)
    }

    private func page(_ req: Request, input: CalendarService.Input?, errors: FormErrors) async throws -> Response {
        let query = req.queryInput
        let today = CivilDate.today()
        let year = query.int("year").map { max(2000, min(2100, $0)) } ?? today.year
        let calendar = try await req.workCalendar()
        let local = try await CalendarService(db: req.db).localEntries(year: year)
        // The arithmetic tool: a start day and a number of working days, or two days to count between.
        var sum: (CivilDate, Int, CivilDate)?
        if let start = query["start"].flatMap(CivilDate.init), let days = query.int("days"), abs(days) <= 1000 {
            sum = (start, days, calendar.adding(workingDays: days, to: start))
        }
        var between: (CivilDate, CivilDate, Int)?
        if let start = query["countFrom"].flatMap(CivilDate.init), let end = query["countTo"].flatMap(CivilDate.init), abs(end.dayNumber - start.dayNumber) <= 3660 {
            between = (start, end, calendar.workingDays(from: start, to: end))
        }
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity,
                              CalendarPage(year: year, today: today, calendar: calendar, local: local, input: input, errors: errors,
                                           sum: sum, between: between, query: query).render(ctx))
    }

    @Sendable func set(_ req: Request) async throws -> Response {
        let form = req.form
        let input = CalendarService.Input(from: form["from"] ?? "", to: form["to"], kind: form["kind"] ?? "", name: form["name"] ?? "")
        do {
            let count = try await CalendarService(db: req.db).set(input, by: req.auditActor)
            req.application.workCalendar.invalidate()
            let year = CivilDate(input.from)?.year ?? CivilDate.today().year
            return req.redirect(to: SiteURL.calendar.with([("year", String(year))]), flash: count == 1 ? "calendar.savedOne" : "calendar.savedMany")
        } catch AppError.validation(let problems) {
            return try await page(req, input: input, errors: FormErrors(problems: problems))
        }
    }

    @Sendable func delete(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        let year = try await CalendarDay.find(id, on: req.db).flatMap { CivilDate($0.day)?.year }
        try await CalendarService(db: req.db).delete(id, by: req.auditActor)
        req.application.workCalendar.invalidate()
        return req.redirect(to: SiteURL.calendar.with([("year", year.map(String.init) ?? "")]), flash: "calendar.deleted")
    }
}
