import Fluent
import SQLKit
import Vapor

/// The registry's pages: the searchable list and its export, statistics, one enterprise's file
/// (一企一档) with its contacts, and the office's create and edit forms.
struct EnterprisesController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.enterprises.pathComponents, EnterprisePolicy.view, use: index)
        app.endpoint(.GET, SiteURL.enterprisesExport.pathComponents, EnterprisePolicy.manage, use: export)
        app.endpoint(.GET, SiteURL.enterpriseStats.pathComponents, EnterprisePolicy.statistics, use: statistics)
        app.endpoint(.GET, SiteURL.enterpriseNew.pathComponents, EnterprisePolicy.manage, use: new)
        app.endpoint(.POST, SiteURL.enterprises.pathComponents, EnterprisePolicy.manage, use: create)
        app.endpoint(.GET, SiteURL.enterprise(.key).pathComponents, EnterprisePolicy.view, use: show)
        app.endpoint(.GET, SiteURL.enterpriseEdit(.key).pathComponents, EnterprisePolicy.manage, use: edit)
        app.endpoint(.POST, SiteURL.enterprise(.key).pathComponents, EnterprisePolicy.manage, use: update)
        app.endpoint(.POST, SiteURL.enterpriseContacts(.key).pathComponents, EnterprisePolicy.view, use: addContact)
        app.endpoint(.POST, SiteURL.enterpriseContactDelete(.key, .key).pathComponents, EnterprisePolicy.view, use: deleteContact)
        app.endpoint(.POST, SiteURL.enterpriseContactsReveal(.key).pathComponents, EnterprisePolicy.view, use: reveal)
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let query = req.queryInput
        let page = Pagination(page: query.int("page"))
        var errors = FormErrors.none
        var result: (rows: [EnterpriseRow], total: Int) = ([], 0)
        do {
            let filter = try await EnterpriseFilter.from(query, on: req.db)
            result = try await EnterpriseSearch(db: req.db).list(filter, page: page)
        } catch AppError.validation(let problems) {
            errors = FormErrors(problems: problems)
        }
        let regions = try await EnterpriseViews.regionChoices(on: req.db)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity,
                              EnterpriseListPage(rows: result.rows, total: result.total, page: page, query: query, regions: regions, errors: errors).render(ctx))
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        try await req.enterpriseFile().respond(req)
    }

    /// Shows the contacts' numbers whole, once, to someone who serves the firm; the view is audited.
    @Sendable func reveal(_ req: Request) async throws -> Response {
        let file = try await req.enterpriseFile(requiring: \.mayRevealContacts)
        try await EnterpriseContacts(db: req.db).reveal(file.id, by: req.auditActor)
        return try await file.respond(req, revealed: true)
    }

    @Sendable func addContact(_ req: Request) async throws -> Response {
        let file = try await req.enterpriseFile(requiring: \.mayEditContacts)
        let form = req.form
        let input = EnterpriseContacts.Input(name: form["name"] ?? "", role: form["role"] ?? "", phone: form["phone"] ?? "", idNumber: form["idNumber"] ?? "")
        do {
            try await EnterpriseContacts(db: req.db).add(input, to: file.id, by: req.auditActor)
            return req.redirect(to: SiteURL.enterprise(.value(file.id)).path + "#contacts", flash: "contact.added")
        } catch AppError.validation(let problems) {
            return try await file.respond(req, contactInput: input, contactErrors: FormErrors(problems: problems))
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.enterprise(.value(file.id)).path, flash: key, kind: .error)
        }
    }

    @Sendable func deleteContact(_ req: Request) async throws -> Response {
        let file = try await req.enterpriseFile(requiring: \.mayEditContacts)
        try await EnterpriseContacts(db: req.db).remove(try req.itemIDParameter(), of: file.id, by: req.auditActor)
        return req.redirect(to: SiteURL.enterprise(.value(file.id)).path + "#contacts", flash: "contact.removed")
    }

    // MARK: Create and edit

    @Sendable func new(_ req: Request) async throws -> Response {
        try await form(req, input: EnterpriseInput(), enterpriseID: nil, errors: .none)
    }

    @Sendable func edit(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        guard let enterprise = try await Enterprise.find(id, on: req.db) else { throw AppError.notFound }
        let (names, tags) = try await EnterpriseRegistry(db: req.db).namesAndTags(of: [id])
        return try await form(req, input: EnterpriseInput(enterprise, formerNames: names[id] ?? [], tags: tags[id] ?? []), enterpriseID: id, errors: .none)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        try await save(req, enterpriseID: nil)
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        guard try await Enterprise.find(id, on: req.db) != nil else { throw AppError.notFound }
        return try await save(req, enterpriseID: id)
    }

    private func save(_ req: Request, enterpriseID: Int?) async throws -> Response {
        let input = EnterpriseInput(form: req.form)
        let registry = EnterpriseRegistry(db: req.db)
        do {
            let values = try input.check(regions: try await registry.regions(), today: CivilDate.today()).get()
            if let clash = try await registry.creditCodeClash(values.creditCode, savingAs: enterpriseID) { throw AppError.validation([clash.problem]) }
            let outcome = try await registry.save(values, source: "manual", by: req.auditActor)
            let id: Int
            switch outcome { case .created(let n), .updated(let n), .unchanged(let n): id = n }
            return req.redirect(to: SiteURL.enterprise(.value(id)).path, flash: outcome == .unchanged(id) ? "enterprise.unchanged" : "enterprise.saved")
        } catch AppError.validation(let problems) {
            return try await form(req, input: input, enterpriseID: enterpriseID, errors: FormErrors(problems: problems))
        }
    }

    private func form(_ req: Request, input: EnterpriseInput, enterpriseID: Int?, errors: FormErrors) async throws -> Response {
        let towns = try await EnterpriseRegistry(db: req.db).towns().sorted { $0.code < $1.code }
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity,
                              EnterpriseFormPage(input: input, enterpriseID: enterpriseID, towns: towns, errors: errors).render(ctx))
    }

    // MARK: Export and statistics

    /// The filtered list in the import template's columns, so an exported file imports again.
    @Sendable func export(_ req: Request) async throws -> Response {
        let query = req.queryInput
        let filter = try await EnterpriseFilter.from(query, on: req.db)
        let export = EnterpriseExport(db: req.db)
        guard query["format"] == "csv" else {
            let table = try await export.rows(filter, lang: req.lang)
            return try Download.spreadsheet(table, name: req.lang.t("enterprise.exportName"), format: nil, sheet: req.lang.t("enterprise.listTitle"))
        }
        // A page of firms at a time straight to the client: the whole city is 48 MB of CSV.
        let header = EnterpriseExport.header(req.lang)
        return Download.streamedCSV(name: req.lang.t("enterprise.exportName")) { writer in
            try await writer.write(.buffer(ByteBuffer(data: CSVWriter.write(rows: [header]))))
            var after = 0
            while let page = try await export.page(filter, after: after) {
                try await writer.write(.buffer(ByteBuffer(data: CSVWriter.write(rows: page.rows, byteOrderMark: false))))
                after = page.lastID
            }
            try await writer.write(.end)
        }
    }

    @Sendable func statistics(_ req: Request) async throws -> Response {
        let query = req.queryInput
        // The list's own reading of the query: a region that names nothing is refused the same way.
        let regionPath = try await EnterpriseFilter.from(query, on: req.db).regionPath
        let today = CivilDate.today()
        let lang = req.lang
        let report = try await req.application.figuresCache.value("enterprise-stats:\(regionPath ?? "*"):\(lang.rawValue):\(today)") {
            try await EnterpriseStatistics(db: req.db).report(today: today, regionPath: regionPath, lang: lang)
        }
        let regions = try await EnterpriseViews.regionChoices(on: req.db)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, EnterpriseStatsPage(report: report, regions: regions, selectedRegion: query.int("region")).render(ctx))
    }
}

extension EnterpriseInput {
    init(form: FormInput) {
        self.init(creditCode: form["creditCode"] ?? "", name: form["name"] ?? "",
                  formerNames: (form["formerNames"] ?? "").split(whereSeparator: \.isNewline).map(String.init),
                  legalRepresentative: form["legalRepresentative"] ?? "", regionUnitID: form.int("region"), address: form["address"] ?? "",
                  industryCode: form["industry"] ?? "", size: form["size"] ?? "", aboveScale: form.all("flags").contains("aboveScale"),
                  upgradeCandidate: form.all("flags").contains("upgradeCandidate"), registeredOn: form["registeredOn"] ?? "", capital: form["capital"] ?? "",
                  employees: form.int("employees"), tags: form.all("tags"), status: form["status"] ?? "active", closedOn: form["closedOn"] ?? "")
    }

    /// The form as the stored enterprise fills it.
    init(_ e: Enterprise, formerNames: [String], tags: [EnterpriseTag]) {
        self.init(creditCode: e.creditCode, name: e.name, formerNames: formerNames, legalRepresentative: e.legalRepresentative,
                  regionUnitID: e.$region.id, address: e.address, industryCode: e.industryCode ?? "", size: e.size?.rawValue ?? "",
                  aboveScale: e.aboveScale, upgradeCandidate: e.upgradeCandidate, registeredOn: e.registeredOn ?? "",
                  capital: e.capital?.formatted(.zh) ?? "",
                  employees: e.employees, tags: tags.map(\.rawValue), status: e.status.rawValue, closedOn: e.closedOn ?? "")
    }
}
