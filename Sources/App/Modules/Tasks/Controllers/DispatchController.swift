import Fluent
import Vapor

/// Monthly dispatch: the month board, opening and closing a month, urging, publishing with its
/// bulletin (page and XLSX), dispatch meetings, and the statistics with the unit ranking.
struct DispatchController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.planDispatch(.key).pathComponents, TaskPolicy.viewTasks, use: board)
        app.endpoint(.POST, SiteURL.planDispatch(.key).pathComponents, TaskPolicy.managePlans, use: open)
        app.endpoint(.GET, SiteURL.cycle(.key).pathComponents, TaskPolicy.viewTasks, use: show)
        app.endpoint(.POST, SiteURL.cycleAction(.key).pathComponents, TaskPolicy.managePlans, use: act)
        app.endpoint(.POST, SiteURL.cycleUrge(.key).pathComponents, TaskPolicy.managePlans, use: urge)
        app.endpoint(.GET, SiteURL.cycleBulletin(.key).pathComponents, TaskPolicy.viewTasks, use: bulletin)
        app.endpoint(.POST, SiteURL.planMeetings(.key).pathComponents, TaskPolicy.managePlans, use: createMeeting)
        app.endpoint(.GET, SiteURL.meeting(.key).pathComponents, TaskPolicy.viewTasks, use: meeting)
        app.endpoint(.GET, SiteURL.planStats(.key).pathComponents, TaskPolicy.viewTasks, use: stats)
    }

    @Sendable func board(_ req: Request) async throws -> Response {
        try await boardPage(req, planID: try req.idParameter(), cycleErrors: .none, meetingErrors: .none, cycleInput: nil, meetingInput: nil)
    }

    private func boardPage(_ req: Request, planID: Int, cycleErrors: FormErrors, meetingErrors: FormErrors, cycleInput: (String, String, String)?,
                           meetingInput: MeetingInput?) async throws -> Response {
        guard let plan = try await PlanService(db: req.db).find(planID) else { throw AppError.notFound }
        let service = DispatchCycleService(db: req.db)
        let cycles = try await service.cycles(planID: planID)
        let meetings = try await MeetingService(db: req.db).list(planID: planID)
        let today = CivilDate.today()
        let ctx = try await PageContext.load(req)
        let status: HTTPResponseStatus = cycleErrors.isEmpty && meetingErrors.isEmpty ? .ok : .unprocessableEntity
        return Layout.respond(req, ctx, status: status,
                              PlanDispatchPage(plan: plan, cycles: cycles, meetings: meetings, today: today, cycleErrors: cycleErrors,
                                               meetingErrors: meetingErrors, cycleInput: cycleInput, meetingInput: meetingInput).render(ctx))
    }

    @Sendable func open(_ req: Request) async throws -> Response {
        let planID = try req.idParameter()
        let form = req.form
        let input = (form["month"] ?? "", form["deadline"] ?? "", form["note"] ?? "")
        do {
            let id = try await DispatchCycleService(db: req.db).open(planID: planID, month: input.0, deadline: input.1, note: input.2, by: req.auditActor)
            return req.redirect(to: SiteURL.cycle(.value(id)).path, flash: "cycle.opened")
        } catch AppError.validation(let problems) {
            return try await boardPage(req, planID: planID, cycleErrors: FormErrors(problems: problems), meetingErrors: .none, cycleInput: input,
                                       meetingInput: nil)
        }
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let service = DispatchCycleService(db: req.db)
        guard let cycle = try await service.find(try req.idParameter()), let plan = try await PlanService(db: req.db).find(cycle.planID) else {
            throw AppError.notFound
        }
        let ctx = try await PageContext.load(req)
        if let snapshot = try await service.snapshot(of: cycle.id) {
            return Layout.respond(req, ctx, BulletinPage(cycle: cycle, snapshot: snapshot).render(ctx))
        }
        let progress = try await service.progress(of: cycle, scope: principal.scopePath)
        return Layout.respond(req, ctx, CycleBoardPage(plan: plan, cycle: cycle, progress: progress, today: .today()).render(ctx))
    }

    @Sendable func act(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        guard let action = req.form["action"].flatMap(CycleAction.init(rawValue:)) else { throw AppError.badRequest(key: "order.unknownAction") }
        do {
            try await DispatchCycleService(db: req.db).perform(action, cycleID: id, note: req.form["note"] ?? "", deadline: req.form["deadline"],
                                                               by: req.auditActor, clock: try await req.taskClock())
            return req.redirect(to: SiteURL.cycle(.value(id)).path, flash: "cycleAction.done.\(action.rawValue)")
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.cycle(.value(id)).path, flash: key, kind: .error)
        } catch AppError.validation(let problems) {
            return req.redirect(to: SiteURL.cycle(.value(id)).path, flash: problems.first?.key ?? "error.validation", kind: .error)
        }
    }

    @Sendable func urge(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        do {
            let count = try await DispatchCycleService(db: req.db).urgeMissing(cycleID: id, by: req.auditActor)
            return req.redirect(to: SiteURL.cycle(.value(id)).path, flash: count > 0 ? "cycle.urged" : "cycle.nothingToUrge")
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.cycle(.value(id)).path, flash: key, kind: .error)
        }
    }

    @Sendable func bulletin(_ req: Request) async throws -> Response {
        let service = DispatchCycleService(db: req.db)
        let id = try req.idParameter()
        guard let cycle = try await service.find(id), let snapshot = try await service.snapshot(of: id) else { throw AppError.notFound }
        let sheets = BulletinSheets.rows(snapshot, lang: req.lang)
        let data = try XLSXWriter.write(sheets: sheets)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        let name = req.lang.t("bulletin.fileName", snapshot.planTitle, cycle.month) + ".xlsx"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"bulletin.xlsx\"; filename*=UTF-8''\(URLQuery.encode(name))")
        return response
    }

    @Sendable func createMeeting(_ req: Request) async throws -> Response {
        let planID = try req.idParameter()
        let form = req.form
        let input = MeetingInput(heldOn: form["heldOn"] ?? "", title: form["title"] ?? "", attendees: form["attendees"] ?? "", minutes: form["minutes"] ?? "",
                                 decisions: (form["decisions"] ?? "").split(whereSeparator: \.isNewline).map(String.init))
        do {
            let id = try await MeetingService(db: req.db).create(input, planID: planID, by: try req.requirePrincipal(), actor: req.auditActor)
            return req.redirect(to: SiteURL.meeting(.value(id)).path, flash: "meeting.saved")
        } catch AppError.validation(let problems) {
            return try await boardPage(req, planID: planID, cycleErrors: .none, meetingErrors: FormErrors(problems: problems), cycleInput: nil,
                                       meetingInput: input)
        }
    }

    @Sendable func meeting(_ req: Request) async throws -> Response {
        guard let meeting = try await MeetingService(db: req.db).find(try req.idParameter()) else { throw AppError.notFound }
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, MeetingPage(meeting: meeting).render(ctx))
    }

    @Sendable func stats(_ req: Request) async throws -> Response {
        guard let plan = try await PlanService(db: req.db).find(try req.idParameter()) else { throw AppError.notFound }
        let clock = try await req.taskClock()
        let statistics = UnitStatistics(db: req.db)
        let units = try await statistics.units(planID: plan.id, today: clock.today)
        let domains = try await statistics.domains(planID: plan.id, today: clock.today, cutoff: clock.cutoff)
        let months = try await DispatchCycleService(db: req.db).cycles(planID: plan.id).filter { $0.status == CycleStatus.published.rawValue }
        var trend: [(String, MonthSnapshot.Totals)] = []
        for cycle in months.reversed() { if let snapshot = try await DispatchCycleService(db: req.db).snapshot(of: cycle.id) { trend.append((cycle.month, snapshot.totals)) } }
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, PlanStatsPage(plan: plan, units: units, domains: domains, trend: trend).render(ctx))
    }
}
