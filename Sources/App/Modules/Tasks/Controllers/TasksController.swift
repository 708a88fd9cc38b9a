import Fluent
import Vapor

struct TasksController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.planTaskNew(.key).pathComponents, TaskPolicy.managePlans, use: new)
        app.endpoint(.POST, SiteURL.planTaskNew(.key).pathComponents, TaskPolicy.managePlans, use: create)
        app.endpoint(.GET, SiteURL.task(.key).pathComponents, TaskPolicy.viewTasks, use: show)
        app.endpoint(.GET, SiteURL.taskEdit(.key).pathComponents, TaskPolicy.managePlans, use: edit)
        app.endpoint(.POST, SiteURL.task(.key).pathComponents, TaskPolicy.managePlans, use: update)
        app.endpoint(.POST, SiteURL.taskDispatch(.key).pathComponents, TaskPolicy.managePlans, use: dispatch)
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let clock = try await req.taskClock()
        let id = try req.idParameter()
        guard let detail = try await TaskService(db: req.db).detail(id, for: principal, today: clock.today, cutoff: clock.cutoff) else {
            throw AppError.notFound
        }
        let orders = try await OrderService(db: req.db).list(for: principal, filter: OrderFilter(taskID: id, includeTest: true),
                                                             page: Pagination(page: 1, perPage: 200), today: clock.today, cutoff: clock.cutoff).rows
        let supervision = try await SupervisionService(db: req.db).list(for: principal, filter: SupervisionFilter(taskID: id, manualOnly: true),
                                                                        page: Pagination(page: 1, perPage: 100)).rows
        let instructions = try await CockpitService(db: req.db).instructions(taskID: id)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, TaskDetailPage(detail: detail, orders: orders, supervision: supervision, instructions: instructions).render(ctx))
    }

    @Sendable func new(_ req: Request) async throws -> Response {
        let planID = try req.idParameter()
        guard try await Plan.find(planID, on: req.db) != nil else { throw AppError.notFound }
        var input = TaskInput(code: "", title: "")
        if let parentID = req.queryInput.int("parent"), let parent = try await ReformTask.find(parentID, on: req.db), parent.$plan.id == planID {
            // A sub-task starts from its parent's settings; the office changes what differs.
            input = try await TaskService.snapshot(of: parent, on: req.db)
            input.parentID = parentID
            input.code = parent.code + "-"
            input.title = ""
            input.measures = ""
            input.milestones = []
            input.weight = 1
        }
        var decisionID: Int?
        if let id = req.queryInput.int("decision"), let decision = try await MeetingDecision.find(id, on: req.db), decision.taskID == nil {
            // A follow-up task starts from the meeting's decision.
            decisionID = id
            input.title = String(decision.text.prefix(200))
            input.measures = decision.text
            input.source = TaskSource.city.rawValue
        }
        return try await form(req, planID: planID, taskID: nil, input: input, dispatched: false, errors: .none, decisionID: decisionID)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let planID = try req.idParameter()
        let input = Self.input(from: req.form)
        let decisionID = req.form.int("decision")
        do {
            let id = try await TaskService(db: req.db).create(input, planID: planID, decisionID: decisionID, by: req.auditActor)
            return req.redirect(to: SiteURL.task(.value(id)).path, flash: "task.saved")
        } catch AppError.validation(let problems) {
            return try await form(req, planID: planID, taskID: nil, input: input, dispatched: false, errors: FormErrors(problems: problems),
                                  decisionID: decisionID)
        }
    }

    @Sendable func edit(_ req: Request) async throws -> Response {
        guard let task = try await ReformTask.find(try req.idParameter(), on: req.db) else { throw AppError.notFound }
        let input = try await TaskService.snapshot(of: task, on: req.db)
        return try await form(req, planID: task.$plan.id, taskID: task.id, input: input, dispatched: task.status != .draft, errors: .none)
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        guard let task = try await ReformTask.find(id, on: req.db) else { throw AppError.notFound }
        let input = Self.input(from: req.form)
        do {
            try await TaskService(db: req.db).update(id, input, reason: req.form["reason"] ?? "", by: req.auditActor,
                                                     calendar: try await req.workCalendar())
            return req.redirect(to: SiteURL.task(.value(id)).path, flash: "task.saved")
        } catch AppError.validation(let problems) {
            return try await form(req, planID: task.$plan.id, taskID: id, input: input, dispatched: task.status != .draft,
                                  errors: FormErrors(problems: problems))
        }
    }

    @Sendable func dispatch(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        do {
            let count = try await DispatchService(db: req.db).dispatch(taskID: id, by: req.auditActor, calendar: try await req.workCalendar())
            return req.redirect(to: SiteURL.task(.value(id)).path, flash: count > 0 ? "task.dispatched" : "task.dispatchedNoOrders")
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.task(.value(id)).path, flash: key, kind: .error)
        }
    }

    static func input(from form: FormInput) -> TaskInput {
        let milestones = zip(form.positional("milestoneDue"), form.positional("milestoneTitle")).map { TaskInput.Milestone(due: $0, title: $1) }
            .filter { !$0.due.isEmpty || !$0.title.isEmpty }
        return TaskInput(
            code: form["code"] ?? "", title: form["title"] ?? "", measures: form["measures"] ?? "", source: form["source"] ?? "",
            domainID: form.int("domainID"), parentID: form.int("parentID"), leadUnitID: form.int("leadUnitID"),
            responsibleUnitIDs: form.all("responsibleUnitIDs").compactMap { Int($0) }, leaderID: form.int("leaderID"),
            workGroupID: form.int("workGroupID"), indicatorID: form.int("indicatorID"), outputs: form.all("outputs"),
            deadline: form["deadline"] ?? "", milestones: milestones, isKey: form.bool("isKey"), isPublic: form.bool("isPublic"),
            isTest: form.bool("isTest"), weight: form.int("weight"), rollup: form["rollup"] ?? RollupMethod.weight.rawValue)
    }

    private func form(_ req: Request, planID: Int, taskID: Int?, input: TaskInput, dispatched: Bool, errors: FormErrors,
                      decisionID: Int? = nil) async throws -> Response {
        let choices = try await TaskChoices.load(planID: planID, on: req.db)
        let parentTitle = try await input.parentID.asyncMap { try await ReformTask.find($0, on: req.db)?.title } ?? nil
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity,
                              TaskFormPage(planID: planID, taskID: taskID, input: input, parentTitle: parentTitle, dispatched: dispatched,
                                           choices: choices, errors: errors, decisionID: decisionID).render(ctx))
    }
}
