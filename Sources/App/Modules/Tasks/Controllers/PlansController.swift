import Fluent
import Vapor

struct PlansController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.plans.pathComponents, TaskPolicy.viewTasks, use: index)
        app.endpoint(.GET, SiteURL.planNew.pathComponents, TaskPolicy.managePlans, use: new)
        app.endpoint(.POST, SiteURL.plans.pathComponents, TaskPolicy.managePlans, use: create)
        app.endpoint(.GET, SiteURL.plan(.key).pathComponents, TaskPolicy.viewTasks, use: show)
        app.endpoint(.GET, SiteURL.planEdit(.key).pathComponents, TaskPolicy.managePlans, use: edit)
        app.endpoint(.POST, SiteURL.plan(.key).pathComponents, TaskPolicy.managePlans, use: update)
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let plans = try await PlanService(db: req.db).list()
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, PlanListPage(plans: plans).render(ctx))
    }

    /// The plan's task tree with roll-ups, lights and the office's filters.
    @Sendable func show(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let service = PlanService(db: req.db)
        let planID = try req.idParameter()
        guard let plan = try await req.application.figuresCache.value("plan:\(planID)", compute: { try await service.find(planID) }) else {
            throw AppError.notFound
        }
        let query = req.queryInput
        var filter = TaskFilter.from(query)
        filter.planID = plan.id
        let page = Pagination(page: query.int("page"))
        let clock = try await req.taskClock()
        let tasks = TaskService(db: req.db)
        let (rows, total) = try await tasks.list(for: principal, filter: filter, page: page, today: clock.today, cutoff: clock.cutoff)
        let lights = try await req.application.figuresCache.value("lights:\(plan.id):\(principal.scopePath ?? "*"):\(clock.today):\(clock.cutoff)") {
            try await TaskStatistics(db: req.db).lightCounts(planID: plan.id, for: principal, today: clock.today, cutoff: clock.cutoff)
        }
        let choices = try await TaskChoices.load(planID: plan.id, on: req.db)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, PlanDetailPage(plan: plan, rows: rows, total: total, page: page, query: query, lights: lights,
                                                       choices: choices).render(ctx))
    }

    @Sendable func new(_ req: Request) async throws -> Response {
        let input = PlanInput(title: "", year: CivilDate.today().year, summary: "", domains: TaskDefaults.domains, signDays: 3)
        return try await form(req, input: input, planID: nil, errors: .none)
    }

    @Sendable func edit(_ req: Request) async throws -> Response {
        let service = PlanService(db: req.db)
        guard let plan = try await service.find(try req.idParameter()) else { throw AppError.notFound }
        let input = PlanInput(title: plan.title, year: plan.year, summary: plan.summary,
                              domains: try await service.domains(of: plan.id).map(\.name), signDays: plan.signDays, published: plan.published)
        return try await form(req, input: input, planID: plan.id, errors: .none)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let input = Self.input(from: req.form)
        do {
            let id = try await PlanService(db: req.db).create(input, by: req.auditActor)
            return req.redirect(to: SiteURL.plan(.value(id)).path, flash: "plan.saved")
        } catch AppError.validation(let problems) {
            return try await form(req, input: input, planID: nil, errors: FormErrors(problems: problems))
        }
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        let input = Self.input(from: req.form)
        do {
            try await PlanService(db: req.db).update(id, input, by: req.auditActor)
            return req.redirect(to: SiteURL.plan(.value(id)).path, flash: "plan.saved")
        } catch AppError.validation(let problems) {
            return try await form(req, input: input, planID: id, errors: FormErrors(problems: problems))
        }
    }

    static func input(from form: FormInput) -> PlanInput {
        PlanInput(title: form["title"] ?? "", year: form.int("year"), summary: form["summary"],
                  domains: (form["domains"] ?? "").split(whereSeparator: \.isNewline).map(String.init),
                  signDays: form.int("signDays"), published: form.bool("published"))
    }

    private func form(_ req: Request, input: PlanInput, planID: Int?, errors: FormErrors) async throws -> Response {
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity,
                              PlanFormPage(input: input, planID: planID, errors: errors).render(ctx))
    }
}

extension TaskFilter {
    /// The filter bar's fields, from the query string.
    static func from(_ query: FormInput) -> TaskFilter {
        TaskFilter(domainID: query.int("domain"), unitID: query.int("unit"), source: query["source"].flatMap(TaskSource.init(rawValue:)),
                   status: query["status"].flatMap(TaskStatus.init(rawValue:)), light: query["light"].flatMap(TaskLight.init(rawValue:)),
                   keyOnly: query.bool("key"), leaderID: query.int("leader"), workGroupID: query.int("group"), query: query["q"],
                   includeTest: query.bool("test"))
    }

    static let queryFields = ["q", "domain", "unit", "source", "status", "light", "key", "leader", "group", "test"]
}
