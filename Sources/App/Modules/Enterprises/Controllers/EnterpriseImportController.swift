import Fluent
import Vapor

/// The registry's import pages: upload a file, follow its check and writing as a background job,
/// read every problem (on the page and as a download), then decide: import the valid rows, or
/// fix the file. A failed import resumes after its last whole batch.
struct EnterpriseImportController {
    struct Upload: Content {
        var file: File?
        var importValid: String?
    }

    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.enterpriseImports.pathComponents, EnterprisePolicy.manage, use: index)
        app.endpoint(.POST, SiteURL.enterpriseImports.pathComponents, EnterprisePolicy.manage,
                     maxBodySize: ByteCount(value: EnterpriseImportRunner.maxFileBytes + 64 * 1024), use: upload)
        app.endpoint(.GET, SiteURL.enterpriseImportTemplate.pathComponents, EnterprisePolicy.manage, use: template)
        app.endpoint(.GET, SiteURL.enterpriseImport(.key).pathComponents, EnterprisePolicy.manage, use: show)
        app.endpoint(.GET, SiteURL.enterpriseImportProblems(.key).pathComponents, EnterprisePolicy.manage, use: problems)
        app.endpoint(.POST, SiteURL.enterpriseImportValid(.key).pathComponents, EnterprisePolicy.manage, use: importValid)
        app.endpoint(.POST, SiteURL.enterpriseImportResume(.key).pathComponents, EnterprisePolicy.manage, use: resume)
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        try await page(req, error: nil)
    }

    /// The upload form with the recent imports, and a file's problem when it could not be read.
    private func page(_ req: Request, error: String?) async throws -> Response {
        let imports = try await EnterpriseImportRecord.query(on: req.db).sort(\.$id, .descending).limit(30).all()
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: error == nil ? .ok : .unprocessableEntity, EnterpriseImportsPage(imports: imports, error: error).render(ctx))
    }

    @Sendable func upload(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let upload = try? req.content.decode(Upload.self), let file = upload.file, file.data.readableBytes > 0 else {
            return try await refuse(req, "import.noFile")
        }
        let data = Data(buffer: file.data)
        // Unreadable files are refused here, before anything is stored or queued; a bad row or a
        // broken sheet is the job's to find and report.
        do { try SpreadsheetRows.checkReadable(data, filename: file.filename) } catch {
            return try await refuse(req, "import.unreadable", [error.message])
        }
        let record = try await EnterpriseImportRunner(db: req.db, store: req.application.enterpriseImportStore)
            .start(data, filename: file.filename, importValid: upload.importValid == "on", userID: principal.userID, by: req.auditActor, enqueue: true)
        return req.redirect(to: SiteURL.enterpriseImport(.value(try record.requireID())).path, flash: "enterpriseImport.queued")
    }

    private func refuse(_ req: Request, _ key: String, _ args: [String] = []) async throws -> Response {
        try await page(req, error: Catalog.text(key, req.lang, args))
    }

    @Sendable func template(_ req: Request) async throws -> Response {
        let lang = try req.requirePrincipal().lang
        return try Download.spreadsheet([EnterpriseSheet.columns.map { .text(lang == .zh ? $0.zh : $0.en) }],
                                        name: Catalog.text("enterpriseImport.templateName", lang), format: req.query["format"], sheet: "企业名录")
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let record = try await Self.record(req)
        let page = Pagination(page: req.queryInput.int("page"), defaultPerPage: 100)
        let found = try await EnterpriseImportRunner(db: req.db, store: req.application.enterpriseImportStore)
            .problems(of: try record.requireID(), limit: page.perPage, offset: page.offset)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, EnterpriseImportPage(record: record, problems: found.rows, problemCount: found.total, page: page).render(ctx))
    }

    /// Every stored problem as a CSV, for the person fixing the file.
    @Sendable func problems(_ req: Request) async throws -> Response {
        let record = try await Self.record(req)
        let lang = try req.requirePrincipal().lang
        let found = try await EnterpriseImportRunner(db: req.db, store: req.application.enterpriseImportStore)
            .problems(of: try record.requireID(), limit: EnterpriseImportRunner.maxStoredProblems, offset: 0)
        let header: [Cell] = ["import.row", "import.column", "import.reason"].map { .text(Catalog.text($0, lang)) }
        let rows = found.rows.map { problem -> [Cell] in [.number(String(problem.row)), .text(problem.column), .text(Catalog.text(problem.key, lang, problem.args))] }
        return try Download.spreadsheet([header] + rows, name: Catalog.text("enterpriseImport.problemsName", lang, [String(record.id ?? 0)]), format: "csv",
                                        sheet: "problems")
    }

    @Sendable func importValid(_ req: Request) async throws -> Response {
        try await decide(req, importValid: true)
    }

    @Sendable func resume(_ req: Request) async throws -> Response {
        try await decide(req, importValid: false)
    }

    private func decide(_ req: Request, importValid: Bool) async throws -> Response {
        let record = try await Self.record(req)
        let id = try record.requireID()
        do {
            try await EnterpriseImportRunner(db: req.db, store: req.application.enterpriseImportStore).resume(id, importValid: importValid, by: req.auditActor)
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.enterpriseImport(.value(id)).path, flash: key, kind: .error)
        }
        return req.redirect(to: SiteURL.enterpriseImport(.value(id)).path, flash: "enterpriseImport.queued")
    }

    private static func record(_ req: Request) async throws -> EnterpriseImportRecord {
        guard let id = req.parameters.get("id", as: Int.self), let record = try await EnterpriseImportRecord.find(id, on: req.db) else {
            throw AppError.notFound
        }
        return record
    }
}
