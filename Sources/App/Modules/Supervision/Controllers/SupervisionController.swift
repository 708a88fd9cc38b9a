import Fluent
import Vapor

/// Supervision records: the list, one record (a notice letter prints from here), issuing on an
/// order, replies, red-card reports and lifting.
struct SupervisionController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.supervisionList.pathComponents, TaskPolicy.viewTasks, use: index)
        app.endpoint(.GET, SiteURL.supervision(.key).pathComponents, TaskPolicy.viewTasks, use: show)
        app.endpoint(.GET, SiteURL.orderSupervision(.key).pathComponents, TaskPolicy.review, use: new)
        app.endpoint(.POST, SiteURL.orderSupervision(.key).pathComponents, TaskPolicy.review, use: issue)
        app.endpoint(.POST, SiteURL.supervisionAction(.key).pathComponents, TaskPolicy.actOnOrders, use: act)
        app.endpoint(.POST, SiteURL.supervisionReport(.key).pathComponents, TaskPolicy.unitWork, use: saveReport)
        app.endpoint(.POST, SiteURL.supervisionReportAction(.key).pathComponents, TaskPolicy.actOnOrders, use: reportAction)
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let query = req.queryInput
        let filter = SupervisionFilter(unitID: query.int("unit"), kind: query["kind"].flatMap(SupervisionKind.init(rawValue:)),
                                       status: query["status"].flatMap(SupervisionStatus.init(rawValue:)), manualOnly: query["kind"] == nil)
        let page = Pagination(page: query.int("page"))
        let (rows, total) = try await SupervisionService(db: req.db).list(for: principal, filter: filter, page: page)
        let units = try await UnitService(db: req.db).choices(for: principal)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, SupervisionListPage(rows: rows, total: total, page: page, query: query, units: units).render(ctx))
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        try await page(req, id: try req.idParameter(), errors: .none, draft: nil)
    }

    private func page(_ req: Request, id: Int, errors: FormErrors, draft: String?) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let record = try await SupervisionService(db: req.db).find(id, for: principal) else { throw AppError.notFound }
        let unit = try await UnitService(db: req.db).find(record.unitID, for: principal)
        let leader = try await TaskService(db: req.db).row(record.taskID, for: principal, checkScope: false, today: .today(), cutoff: .today())?.leaderName
        let ctx = try await PageContext.load(req)
        let page = SupervisionDetailPage(record: record, unitFullName: unit?.name ?? record.unitName, leaderName: leader,
                                         actors: TaskPolicy.actors(principal, orderUnitID: record.unitID), errors: errors, draft: draft,
                                         printable: req.queryInput["print"] == "1")
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity, page.render(ctx))
    }

    @Sendable func new(_ req: Request) async throws -> Response {
        let kind = req.queryInput["kind"].flatMap(SupervisionKind.init(rawValue:)) ?? .urge
        let input = SupervisionInput(kind: kind.rawValue, content: "", addressee: "unit")
        return try await formPage(req, orderID: try req.idParameter(), input: input, errors: .none)
    }

    private func formPage(_ req: Request, orderID: Int, input: SupervisionInput, errors: FormErrors) async throws -> Response {
        let principal = try req.requirePrincipal()
        let clock = try await req.taskClock()
        guard let order = try await OrderService(db: req.db).row(orderID, for: principal, today: clock.today, cutoff: clock.cutoff) else {
            throw AppError.notFound
        }
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity,
                              SupervisionFormPage(order: order, input: input, errors: errors, today: clock.today).render(ctx))
    }

    @Sendable func issue(_ req: Request) async throws -> Response {
        let orderID = try req.idParameter()
        let form = req.form
        let input = SupervisionInput(kind: form["kind"] ?? "", content: form["content"] ?? "", replyDue: form["replyDue"],
                                     liftCondition: form["liftCondition"], addressee: form["addressee"], meetingDate: form["meetingDate"],
                                     attendees: form["attendees"], followUp: form["followUp"])
        do {
            let id = try await SupervisionService(db: req.db).issue(input, orderID: orderID, principal: try req.requirePrincipal(), actor: req.auditActor)
            return req.redirect(to: SiteURL.supervision(.value(id)).path, flash: "supervision.issued")
        } catch AppError.validation(let problems) {
            return try await formPage(req, orderID: orderID, input: input, errors: FormErrors(problems: problems))
        }
    }

    @Sendable func act(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        guard let action = req.form["action"].flatMap(SupervisionAction.init(rawValue:)) else { throw AppError.badRequest(key: "order.unknownAction") }
        do {
            try await SupervisionService(db: req.db).perform(action, recordID: id, text: req.form["reason"] ?? req.form["text"] ?? "",
                                                             principal: try req.requirePrincipal(), actor: req.auditActor)
            return req.redirect(to: SiteURL.supervision(.value(id)).path, flash: "supervisionAction.done.\(action.rawValue)")
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.supervision(.value(id)).path, flash: key, kind: .error)
        } catch AppError.validation {
            return req.redirect(to: SiteURL.supervision(.value(id)).path, flash: "common.reasonRequired", kind: .error)
        }
    }

    @Sendable func saveReport(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        let principal = try req.requirePrincipal()
        let text = req.form["writtenReport"] ?? ""
        do {
            let service = SupervisionService(db: req.db)
            try await service.saveWrittenReport(text, recordID: id, principal: principal, actor: req.auditActor)
            if req.form["submit"] != nil {
                try await service.reportAction(.submit(by: principal), recordID: id, comment: "", principal: principal,
                                               actor: req.auditActor)
                return req.redirect(to: SiteURL.supervision(.value(id)).path, flash: "report.submitted")
            }
            return req.redirect(to: SiteURL.supervision(.value(id)).path, flash: "report.saved")
        } catch AppError.validation(let problems) {
            return try await page(req, id: id, errors: FormErrors(problems: problems), draft: text)
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.supervision(.value(id)).path, flash: key, kind: .error)
        }
    }

    @Sendable func reportAction(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        guard let action = req.form["action"].flatMap(ReportAction.init(rawValue:)) else { throw AppError.badRequest(key: "order.unknownAction") }
        do {
            try await SupervisionService(db: req.db).reportAction(action, recordID: id, comment: req.form["reason"] ?? "",
                                                                  principal: try req.requirePrincipal(), actor: req.auditActor)
            return req.redirect(to: SiteURL.supervision(.value(id)).path, flash: "reportAction.done.\(action.rawValue)")
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.supervision(.value(id)).path, flash: key, kind: .error)
        } catch AppError.validation {
            return req.redirect(to: SiteURL.supervision(.value(id)).path, flash: "common.reasonRequired", kind: .error)
        }
    }
}
