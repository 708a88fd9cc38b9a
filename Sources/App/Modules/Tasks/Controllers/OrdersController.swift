import Fluent
import Vapor

/// Work orders and their progress reports: the unit's inbox, the order page with its moves,
/// and the report drafts.
struct OrdersController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.orders.pathComponents, TaskPolicy.viewTasks, use: index)
        app.endpoint(.GET, SiteURL.order(.key).pathComponents, TaskPolicy.viewTasks, use: show)
        app.endpoint(.POST, SiteURL.orderAction(.key).pathComponents, TaskPolicy.actOnOrders, use: act)
        app.endpoint(.POST, SiteURL.orderReports(.key).pathComponents, TaskPolicy.unitWork,
                     maxBodySize: ByteCount(value: app.config.maxUploadBytes * EvidenceUpload.maxFiles + 64 * 1024), use: createReport)
        app.endpoint(.POST, SiteURL.report(.key).pathComponents, TaskPolicy.unitWork,
                     maxBodySize: ByteCount(value: app.config.maxUploadBytes * EvidenceUpload.maxFiles + 64 * 1024), use: updateReport)
        app.endpoint(.POST, SiteURL.reportAction(.key).pathComponents, TaskPolicy.actOnOrders, use: actOnReport)
        app.endpoint(.GET, SiteURL.evidence(.key).pathComponents, TaskPolicy.viewTasks, use: download)
        app.endpoint(.POST, SiteURL.evidenceDelete(.key).pathComponents, TaskPolicy.unitWork, use: deleteEvidence)
    }

    /// Evidence is served only through here, after the same scope check as the order page.
    @Sendable func download(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let file = try await EvidenceService(db: req.db, store: req.uploadStore).file(try req.idParameter(), for: principal) else {
            throw AppError.notFound
        }
        let data: Data
        do {
            data = try await req.uploadStore.read(key: file.storageKey)
        } catch let failure as UploadStore.Failure {
            throw failure.appError
        }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: file.mime)
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"evidence\"; filename*=UTF-8''\(URLQuery.encode(file.filename))")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    @Sendable func deleteEvidence(_ req: Request) async throws -> Response {
        do {
            let orderID = try await EvidenceService(db: req.db, store: req.uploadStore).remove(try req.idParameter(), principal: try req.requirePrincipal(),
                                                                                               actor: req.auditActor)
            return req.redirect(to: SiteURL.order(.value(orderID)).path, flash: "evidence.deleted")
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.orders.path, flash: key, kind: .error)
        }
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let query = req.queryInput
        let clock = try await req.taskClock()
        let isUnit = principal.scopePath != nil
        // Units land on what asks for their action first; the office on everything.
        let box = query["box"].flatMap(OrderBox.init(rawValue:)) ?? (isUnit && query["box"] == nil ? .toSign : nil)
        let filter = OrderFilter(unitID: query.int("unit"), status: query["status"].flatMap(OrderStatus.init(rawValue:)),
                                 light: query["light"].flatMap(TaskLight.init(rawValue:)), box: box)
        let page = Pagination(page: query.int("page"))
        let service = OrderService(db: req.db)
        let (rows, total) = try await service.list(for: principal, filter: filter, page: page, today: clock.today, cutoff: clock.cutoff)
        let counts = try await service.boxCounts(for: principal)
        let units = isUnit ? [] : try await UnitService(db: req.db).choices(for: principal)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, OrderListPage(rows: rows, total: total, page: page, query: query, box: box, counts: counts,
                                                      units: units).render(ctx))
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        try await page(req, orderID: try req.idParameter(), draft: nil, editing: nil, errors: .none)
    }

    /// The order page; on a failed report save it shows the draft back with its problems.
    private func page(_ req: Request, orderID: Int, draft: ReportInput?, editing: Int?, errors: FormErrors) async throws -> Response {
        let principal = try req.requirePrincipal()
        let clock = try await req.taskClock()
        guard let order = try await OrderService(db: req.db).row(orderID, for: principal, today: clock.today, cutoff: clock.cutoff),
              let task = try await TaskService(db: req.db).detail(order.taskID, for: principal, checkScope: false, today: clock.today, cutoff: clock.cutoff) else {
            throw AppError.notFound
        }
        let reports = try await ReportService(db: req.db).reports(ofOrder: orderID)
        let files = try await EvidenceService(db: req.db, store: req.uploadStore).files(ofReports: reports.map(\.id))
        let supervision = try await SupervisionService(db: req.db).list(for: principal, filter: SupervisionFilter(orderID: orderID),
                                                                        page: Pagination(page: 1, perPage: 100)).rows
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity,
                              OrderDetailPage(order: order, task: task, reports: reports, files: files,
                                              actors: TaskPolicy.actors(principal, orderUnitID: order.unitID),
                                              draft: draft, editing: editing, errors: errors, today: clock.today, supervision: supervision).render(ctx))
    }

    @Sendable func act(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        guard let action = req.form["action"].flatMap(OrderAction.init(rawValue:)) else { throw AppError.badRequest(key: "order.unknownAction") }
        let back = req.form["back"] == "review" ? SiteURL.review.path : SiteURL.order(.value(id)).path
        do {
            try await OrderService(db: req.db).perform(action, orderID: id, reason: req.form["reason"] ?? "", principal: try req.requirePrincipal(),
                                                       actor: req.auditActor, calendar: try await req.workCalendar())
            return req.redirect(to: back, flash: "orderAction.done.\(action.rawValue)")
        } catch AppError.conflict(let key) {
            return req.redirect(to: back, flash: key, kind: .error)
        } catch AppError.validation {
            return req.redirect(to: back, flash: "common.reasonRequired", kind: .error)
        }
    }

    @Sendable func createReport(_ req: Request) async throws -> Response {
        try await saveReport(req, orderID: try req.idParameter(), reportID: nil)
    }

    @Sendable func updateReport(_ req: Request) async throws -> Response {
        guard let report = try await ProgressReport.find(try req.idParameter(), on: req.db) else { throw AppError.notFound }
        return try await saveReport(req, orderID: report.$order.id, reportID: report.id)
    }

    /// Saves a draft with its evidence files, and submits it when the user pressed "submit".
    private func saveReport(_ req: Request, orderID: Int, reportID: Int?) async throws -> Response {
        let principal = try req.requirePrincipal()
        let upload = try EvidenceUpload.decode(req)
        let input = upload.input
        do {
            let id = try await ReportService(db: req.db).saveDraft(input, orderID: orderID, reportID: reportID, principal: principal,
                                                                   actor: req.auditActor, files: upload.files, store: req.uploadStore)
            if upload.submit {
                let action = ReportAction.submit(by: principal)
                try await ReportService(db: req.db).perform(action, reportID: id, comment: "", principal: principal, actor: req.auditActor)
                return req.redirect(to: SiteURL.order(.value(orderID)).path, flash: "report.submitted")
            }
            return req.redirect(to: SiteURL.order(.value(orderID)).path, flash: "report.saved")
        } catch AppError.validation(let problems) {
            return try await page(req, orderID: orderID, draft: input, editing: reportID, errors: FormErrors(problems: problems))
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.order(.value(orderID)).path, flash: key, kind: .error)
        }
    }

    @Sendable func actOnReport(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        guard let report = try await ProgressReport.find(id, on: req.db) else { throw AppError.notFound }
        guard let action = req.form["action"].flatMap(ReportAction.init(rawValue:)) else { throw AppError.badRequest(key: "order.unknownAction") }
        let back = req.form["back"] == "review" ? SiteURL.review.path : SiteURL.order(.value(report.$order.id)).path
        do {
            try await ReportService(db: req.db).perform(action, reportID: id, comment: req.form["reason"] ?? "", principal: try req.requirePrincipal(),
                                                        actor: req.auditActor)
            return req.redirect(to: back, flash: "reportAction.done.\(action.rawValue)")
        } catch AppError.conflict(let key) {
            return req.redirect(to: back, flash: key, kind: .error)
        } catch AppError.validation {
            return req.redirect(to: back, flash: "common.reasonRequired", kind: .error)
        }
    }
}
