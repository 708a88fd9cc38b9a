import Fluent
import Vapor

/// The task ledger in and out of Excel: template, import with a check before writing, export.
struct TaskLedgerController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.tasksTemplate.pathComponents, TaskPolicy.managePlans, use: template)
        app.endpoint(.GET, SiteURL.planExport(.key).pathComponents, TaskPolicy.exportTasks, use: export)
        app.endpoint(.GET, SiteURL.planImport(.key).pathComponents, TaskPolicy.managePlans, use: showImport)
        app.endpoint(.POST, SiteURL.planImport(.key).pathComponents, TaskPolicy.managePlans,
                     maxBodySize: ByteCount(value: app.config.maxUploadBytes), use: checkImport)
        app.endpoint(.POST, SiteURL.planImportConfirm(.key).pathComponents, TaskPolicy.managePlans, use: confirmImport)
    }

    @Sendable func template(_ req: Request) async throws -> Response {
        try Download.spreadsheet(TaskImport.templateRows(req.lang), name: req.lang.t("task.templateName"), format: req.queryInput["format"],
                                 sheet: req.lang.t("task.ledger"))
    }

    @Sendable func export(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let plan = try await PlanService(db: req.db).find(try req.idParameter()) else { throw AppError.notFound }
        var filter = TaskFilter.from(req.queryInput)
        filter.planID = plan.id
        let clock = try await req.taskClock()
        let rows = try await TaskService(db: req.db).exportRows(for: principal, filter: filter, today: clock.today, cutoff: clock.cutoff)
        return try Download.spreadsheet(TaskImport.exportRows(rows, lang: req.lang), name: plan.title, format: req.queryInput["format"],
                                        sheet: req.lang.t("task.ledger"))
    }

    @Sendable func showImport(_ req: Request) async throws -> Response {
        guard let plan = try await PlanService(db: req.db).find(try req.idParameter()) else { throw AppError.notFound }
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, page(ctx, plan: plan, result: nil, draftID: nil, filename: nil, error: nil).render(ctx))
    }

    private func page(_ ctx: PageContext, plan: PlanRow, result: ImportPage.Result?, draftID: String?, filename: String?, error: String?) -> ImportPage {
        ImportPage(title: ctx.t("task.importTitle"), subtitle: ctx.t("task.importSubtitle", plan.title), template: .tasksTemplate,
                   upload: SiteURL.planImport(.value(plan.id)).path, confirm: SiteURL.planImportConfirm(.value(plan.id)).path,
                   cancel: SiteURL.plan(.value(plan.id)).path, result: result, draftID: draftID, filename: filename, error: error)
    }

    struct Upload: Content {
        var file: File?
    }

    @Sendable func checkImport(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let plan = try await PlanService(db: req.db).find(try req.idParameter()) else { throw AppError.notFound }
        let ctx = try await PageContext.load(req)
        func fail(_ key: String, _ args: [String] = []) -> Response {
            Layout.respond(req, ctx, status: .unprocessableEntity,
                           page(ctx, plan: plan, result: nil, draftID: nil, filename: nil, error: Catalog.text(key, ctx.lang, args)).render(ctx))
        }
        guard let upload = try? req.content.decode(Upload.self), let file = upload.file, file.data.readableBytes > 0 else { return fail("import.noFile") }
        let cells: [[Cell]]
        do {
            cells = try SpreadsheetFile.read(Data(buffer: file.data), maxRows: TaskImport.maxRows + 1)
        } catch {
            return fail("import.unreadable", [error.message])
        }
        let report = try await TaskImport(db: req.db).check(cells, planID: plan.id)
        let draftID = report.valid.isEmpty ? nil
            : try await ImportDraftStore(db: req.db).save(report.valid, kind: "tasks:\(plan.id)", filename: file.filename, userID: principal.userID)
        let result = ImportPage.Result(totalRows: report.totalRows, validCount: report.valid.count, problems: report.problems)
        return Layout.respond(req, ctx, page(ctx, plan: plan, result: result, draftID: draftID, filename: file.filename, error: nil).render(ctx))
    }

    @Sendable func confirmImport(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let planID = try req.idParameter()
        let store = ImportDraftStore(db: req.db)
        guard let draftID = req.form["draft"],
              let (draft, rows) = try await store.load([TaskImport.Row].self, id: draftID, kind: "tasks:\(planID)", userID: principal.userID) else {
            return req.redirect(to: SiteURL.planImport(.value(planID)).path, flash: "import.draftExpired", kind: .error)
        }
        do {
            _ = try await TaskImport(db: req.db).apply(rows, planID: planID, filename: draft.filename, by: req.auditActor)
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.planImport(.value(planID)).path, flash: key, kind: .error)
        }
        try await store.delete(id: draftID, on: req.db)
        return req.redirect(to: SiteURL.plan(.value(planID)).path, flash: "import.done")
    }
}
