import Fluent
import Vapor

extension PlanRow: Content {}
extension TaskRow: Content {}
extension TaskDetail: Content {}
extension OrderRow: Content {}
extension ReportRow: Content {}
extension CycleRow: Content {}

/// `/api/v1` for the task dispatch platform: plans, tasks, work orders, reports, statistics and
/// published months. The same services, policies and state machines as the web pages.
struct TasksAPIController {
    struct ActionInput: Content {
        let action: String
        var reason: String?
    }

    struct ReportCreate: Content {
        let month: String
        let body: String
        let percent: Int?
        var milestoneID: Int?
        var milestoneMet: Bool?
        /// Submit at once (to the unit head, or to the office when a head reports).
        var submit: Bool?
    }

    struct Dispatched: Content { let orders: Int }

    struct Statistics: Content {
        let rule: String
        let units: [UnitFigures]
        let domains: [DomainFigures]
    }

    struct Month: Content {
        let cycle: CycleRow
        let snapshot: MonthSnapshot?
    }

    static let pageParameters = OrganizationAPIController.pageParameters

    func register(_ app: Application) {
        app.apiEndpoint(.GET, "/api/v1/plans", TaskPolicy.viewTasks, summary: "Action plans", tag: "Plans", response: .array("Plan"), use: plans)
        app.apiEndpoint(.GET, "/api/v1/plans/:id", TaskPolicy.viewTasks, summary: "One plan with its counts", tag: "Plans", response: .object("Plan"),
                        use: plan)
        app.apiEndpoint(.GET, "/api/v1/plans/:id/tasks", TaskPolicy.viewTasks, summary: "A plan's tasks in tree order, filtered, in the caller's scope",
                        tag: "Tasks", response: .page("Task"), query: Self.pageParameters + [
                            APIParameter(name: "q", type: "string", description: "Title or code contains"),
                            APIParameter(name: "domain", type: "integer", description: "Domain id"),
                            APIParameter(name: "unit", type: "integer", description: "Lead or responsible unit id"),
                            APIParameter(name: "source", type: "string", description: "province, city or refine"),
                            APIParameter(name: "status", type: "string", description: "draft, dispatched, completed or closed"),
                            APIParameter(name: "light", type: "string", description: "draft, green, yellow, red or done"),
                            APIParameter(name: "key", type: "string", description: "1: key tasks only"),
                            APIParameter(name: "leader", type: "integer", description: "Responsible city leader's user id"),
                            APIParameter(name: "group", type: "integer", description: "Task force id"),
                            APIParameter(name: "test", type: "string", description: "1: include test rows"),
                        ], use: tasks)
        app.apiEndpoint(.POST, "/api/v1/plans/:id/tasks", TaskPolicy.managePlans, summary: "Create a task (a draft)", tag: "Tasks", request: "TaskInput",
                        response: .object("TaskDetail"), status: 201, use: createTask)
        app.apiEndpoint(.GET, "/api/v1/tasks/:id", TaskPolicy.viewTasks, summary: "One task with its units, milestones and sub-tasks", tag: "Tasks",
                        response: .object("TaskDetail"), use: task)
        app.apiEndpoint(.POST, "/api/v1/tasks/:id/dispatch", TaskPolicy.managePlans, summary: "Dispatch a draft task as work orders", tag: "Tasks",
                        response: .object("Dispatched"), use: dispatch)
        app.apiEndpoint(.GET, "/api/v1/orders", TaskPolicy.viewTasks, summary: "Work orders in the caller's scope", tag: "Orders", response: .page("Order"),
                        query: Self.pageParameters + [
                            APIParameter(name: "box", type: "string", description: "to_sign, to_report, returned or done"),
                            APIParameter(name: "task", type: "integer", description: "Task id"),
                            APIParameter(name: "unit", type: "integer", description: "Unit id"),
                            APIParameter(name: "status", type: "string", description: "Order status"),
                            APIParameter(name: "light", type: "string", description: "green, yellow, red or done"),
                        ], use: orders)
        app.apiEndpoint(.GET, "/api/v1/orders/:id", TaskPolicy.viewTasks, summary: "One work order", tag: "Orders", response: .object("Order"), use: order)
        app.apiEndpoint(.POST, "/api/v1/orders/:id/actions", TaskPolicy.actOnOrders, summary: "Move a work order through its state machine", tag: "Orders",
                        request: "OrderAction", response: .object("Order"), use: actOnOrder)
        app.apiEndpoint(.GET, "/api/v1/orders/:id/reports", TaskPolicy.viewTasks, summary: "An order's progress reports", tag: "Reports",
                        response: .array("Report"), use: reports)
        app.apiEndpoint(.POST, "/api/v1/orders/:id/reports", TaskPolicy.unitWork, summary: "Draft (and optionally submit) a progress report", tag: "Reports",
                        request: "ReportInput", response: .object("Report"), status: 201, use: createReport)
        app.apiEndpoint(.POST, "/api/v1/reports/:id/actions", TaskPolicy.actOnOrders, summary: "Move a report: submit, approve, accept or return",
                        tag: "Reports", request: "ReportAction", response: .object("Report"), use: actOnReport)
        app.apiEndpoint(.GET, "/api/v1/plans/:id/statistics", TaskPolicy.viewTasks, summary: "Unit ranking (rule included) and domains", tag: "Statistics",
                        response: .object("Statistics"), use: statistics)
        app.apiEndpoint(.GET, "/api/v1/plans/:id/months", TaskPolicy.viewTasks, summary: "A plan's dispatch months", tag: "Statistics",
                        response: .array("Cycle"), use: months)
        app.apiEndpoint(.GET, "/api/v1/months/:id", TaskPolicy.viewTasks, summary: "A dispatch month and, once published, its frozen snapshot",
                        tag: "Statistics", response: .object("Month"), use: month)
    }

    @Sendable func plans(_ req: Request) async throws -> [PlanRow] { try await PlanService(db: req.db).list() }

    @Sendable func plan(_ req: Request) async throws -> PlanRow {
        guard let plan = try await PlanService(db: req.db).find(try req.idParameter()) else { throw AppError.notFound }
        return plan
    }

    /// The plan in the path, checked to exist; without the counts `plan` computes for its own answer.
    private func planID(_ req: Request) async throws -> Int {
        let id = try req.idParameter()
        guard try await Plan.find(id, on: req.db) != nil else { throw AppError.notFound }
        return id
    }

    @Sendable func tasks(_ req: Request) async throws -> APIPage<TaskRow> {
        let principal = try req.requirePrincipal()
        let planID = try await planID(req)
        let query = req.queryInput
        var filter = TaskFilter.from(query)
        filter.source = try query.choice("source", as: TaskSource.self)
        filter.status = try query.choice("status", as: TaskStatus.self)
        filter.light = try query.choice("light", as: TaskLight.self)
        filter.planID = planID
        let page = Pagination(page: query.int("page"), perPage: query.int("perPage"))
        let clock = try await req.taskClock()
        let (rows, total) = try await TaskService(db: req.db).list(for: principal, filter: filter, page: page, today: clock.today, cutoff: clock.cutoff)
        return APIPage(items: rows, page: page.page, perPage: page.perPage, total: total)
    }

    @Sendable func task(_ req: Request) async throws -> TaskDetail {
        let clock = try await req.taskClock()
        guard let detail = try await TaskService(db: req.db).detail(try req.idParameter(), for: try req.requirePrincipal(), today: clock.today,
                                                                    cutoff: clock.cutoff) else { throw AppError.notFound }
        return detail
    }

    @Sendable func createTask(_ req: Request) async throws -> Response {
        let input = try req.content.decode(TaskInput.self)
        let id = try await TaskService(db: req.db).create(input, planID: try req.idParameter(), by: req.auditActor)
        let clock = try await req.taskClock()
        return try await APIResponse.created(TaskService(db: req.db).detail(id, for: try req.requirePrincipal(), today: clock.today, cutoff: clock.cutoff))
    }

    @Sendable func dispatch(_ req: Request) async throws -> Dispatched {
        Dispatched(orders: try await DispatchService(db: req.db).dispatch(taskID: try req.idParameter(), by: req.auditActor,
                                                                          calendar: try await req.workCalendar()))
    }

    @Sendable func orders(_ req: Request) async throws -> APIPage<OrderRow> {
        let query = req.queryInput
        let filter = OrderFilter(taskID: query.int("task"), unitID: query.int("unit"), status: try query.choice("status", as: OrderStatus.self),
                                 light: try query.choice("light", as: TaskLight.self), box: try query.choice("box", as: OrderBox.self))
        let page = Pagination(page: query.int("page"), perPage: query.int("perPage"))
        let clock = try await req.taskClock()
        let (rows, total) = try await OrderService(db: req.db).list(for: try req.requirePrincipal(), filter: filter, page: page, today: clock.today,
                                                                    cutoff: clock.cutoff)
        return APIPage(items: rows, page: page.page, perPage: page.perPage, total: total)
    }

    @Sendable func order(_ req: Request) async throws -> OrderRow {
        try await orderRow(req, try req.idParameter())
    }

    private func orderRow(_ req: Request, _ id: Int) async throws -> OrderRow {
        let clock = try await req.taskClock()
        guard let row = try await OrderService(db: req.db).row(id, for: try req.requirePrincipal(), today: clock.today, cutoff: clock.cutoff) else {
            throw AppError.notFound
        }
        return row
    }

    @Sendable func actOnOrder(_ req: Request) async throws -> OrderRow {
        let id = try req.idParameter()
        let input = try req.content.decode(ActionInput.self)
        let action = try OrderAction.named(input.action, field: "action")
        try await OrderService(db: req.db).perform(action, orderID: id, reason: input.reason ?? "", principal: try req.requirePrincipal(),
                                                   actor: req.auditActor, calendar: try await req.workCalendar())
        return try await orderRow(req, id)
    }

    @Sendable func reports(_ req: Request) async throws -> [ReportRow] {
        let order = try await orderRow(req, try req.idParameter())
        return try await ReportService(db: req.db).reports(ofOrder: order.id)
    }

    @Sendable func createReport(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let body = try req.content.decode(ReportCreate.self)
        let service = ReportService(db: req.db)
        let id = try await service.saveDraft(ReportInput(month: body.month, body: body.body, percent: body.percent, milestoneID: body.milestoneID,
                                                         milestoneMet: body.milestoneMet ?? false),
                                             orderID: try req.idParameter(), reportID: nil, principal: principal, actor: req.auditActor)
        if body.submit == true {
            try await service.perform(.submit(by: principal), reportID: id, comment: "", principal: principal, actor: req.auditActor)
        }
        return try await APIResponse.created(service.find(id))
    }

    @Sendable func actOnReport(_ req: Request) async throws -> ReportRow {
        let id = try req.idParameter()
        let input = try req.content.decode(ActionInput.self)
        let action = try ReportAction.named(input.action, field: "action")
        let service = ReportService(db: req.db)
        try await service.perform(action, reportID: id, comment: input.reason ?? "", principal: try req.requirePrincipal(), actor: req.auditActor)
        guard let row = try await service.find(id) else { throw AppError.notFound }
        return row
    }

    @Sendable func statistics(_ req: Request) async throws -> Statistics {
        let planID = try await planID(req)
        let clock = try await req.taskClock()
        let statistics = UnitStatistics(db: req.db)
        return Statistics(rule: req.lang.t("stats.rule", String(ScoringRule.minimumOrders)),
                          units: try await statistics.units(planID: planID, today: clock.today),
                          domains: try await statistics.domains(planID: planID, today: clock.today, cutoff: clock.cutoff))
    }

    @Sendable func months(_ req: Request) async throws -> [CycleRow] {
        try await DispatchCycleService(db: req.db).cycles(planID: try await planID(req))
    }

    @Sendable func month(_ req: Request) async throws -> Month {
        let service = DispatchCycleService(db: req.db)
        guard let cycle = try await service.find(try req.idParameter()) else { throw AppError.notFound }
        return Month(cycle: cycle, snapshot: try await service.snapshot(of: cycle.id))
    }
}
