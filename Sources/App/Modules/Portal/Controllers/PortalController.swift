import Fluent
import Vapor

/// The public portal: no account needed. Pages show only what `PortalVisibility` allows;
/// anything else answers 404, the same as a task that does not exist.
struct PortalController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.portal.pathComponents, PortalPolicy.read, use: home)
        app.endpoint(.GET, SiteURL.portalPlan(.key).pathComponents, PortalPolicy.read, use: plan)
        app.endpoint(.GET, SiteURL.portalTask(.key).pathComponents, PortalPolicy.read, use: task)
        app.endpoint(.POST, SiteURL.portalTaskSuggestions(.key).pathComponents, PortalPolicy.suggest, use: suggest)
    }

    static let tasksPerPage = 50

    @Sendable func home(_ req: Request) async throws -> Response {
        let query = req.queryInput
        let search = query["q"].map { String($0.prefix(100)) }
        let page = Pagination(page: query.int("page"), defaultPerPage: Self.tasksPerPage)
        var results: [PortalTaskRow] = []
        var total = 0
        if let search {
            let clock = try await req.taskClock()
            (results, total) = try await PortalTaskService(db: req.db).list(filter: PortalTaskFilter(query: search), page: page,
                                                                            today: clock.today, cutoff: clock.cutoff)
        }
        let plans = try await PortalPlanService(db: req.db).list()
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, PortalHomePage(plans: plans, query: search, results: results, resultTotal: total, page: page).render(ctx))
    }

    @Sendable func plan(_ req: Request) async throws -> Response {
        let plans = PortalPlanService(db: req.db)
        guard let plan = try await plans.find(try req.idParameter()) else { throw AppError.notFound }
        let query = req.queryInput
        var filter = PortalTaskFilter.from(query)
        filter.planID = plan.id
        let page = Pagination(page: query.int("page"), defaultPerPage: Self.tasksPerPage)
        let clock = try await req.taskClock()
        let (rows, total) = try await PortalTaskService(db: req.db).list(filter: filter, page: page, today: clock.today, cutoff: clock.cutoff)
        let lights = try await plans.lightCounts(planID: plan.id, today: clock.today, cutoff: clock.cutoff)
        let domains = try await plans.domains(of: plan.id)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, PortalPlanPage(plan: plan, rows: rows, total: total, page: page, filter: filter, lights: lights,
                                                       domains: domains).render(ctx))
    }

    @Sendable func task(_ req: Request) async throws -> Response {
        try await taskPage(req, id: try req.idParameter(), draft: .empty, errors: .none)
    }

    /// A refused form comes back on the task page with what the visitor typed and why.
    @Sendable func suggest(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        let form = req.form
        let back = SiteURL.portalTask(.value(id)).path
        if form[SuggestionFormView.honeypotField] != nil {
            req.logger.info("portal suggestion refused: honeypot filled")
            return try await notice(req, status: .badRequest, titleKey: "portal.notice.refusedTitle", messageKey: "portal.notice.refused", back: back)
        }
        let input = SuggestionInput(name: form["name"], contact: form["contact"], body: form["body"] ?? "")
        do {
            _ = try await SuggestionService(db: req.db).submit(input, taskID: id, address: req.clientAddress)
            return req.redirect(to: back, flash: "portal.suggest.received")
        } catch AppError.validation(let problems) {
            return try await taskPage(req, id: id, draft: input, errors: FormErrors(problems: problems), status: .unprocessableEntity)
        } catch AppError.tooManyRequests {
            return try await notice(req, status: .tooManyRequests, titleKey: "portal.notice.tooManyTitle", messageKey: "portal.suggestion.tooMany",
                                    back: back)
        }
    }

    private func taskPage(_ req: Request, id: Int, draft: SuggestionInput, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let clock = try await req.taskClock()
        let tasks = PortalTaskService(db: req.db)
        guard let task = try await tasks.detail(id, today: clock.today, cutoff: clock.cutoff) else { throw AppError.notFound }
        let milestones = try await tasks.milestones(of: id)
        let children = try await tasks.children(of: id, today: clock.today, cutoff: clock.cutoff)
        let history = try await PublishedProgressReader(db: req.db).history(of: id)
        let page = Pagination(page: req.queryInput.int("page"), defaultPerPage: 20)
        let (suggestions, total) = try await SuggestionService(db: req.db).approved(taskID: id, page: page)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: status, PortalTaskPage(
            task: task, milestones: milestones, history: history, children: children, suggestions: suggestions, suggestionTotal: total,
            suggestionPage: page, draft: draft, errors: errors).render(ctx))
    }

    private func notice(_ req: Request, status: HTTPResponseStatus, titleKey: String, messageKey: String, back: String) async throws -> Response {
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: status, PortalNoticePage(titleKey: titleKey, messageKey: messageKey, back: back).render(ctx))
    }
}
