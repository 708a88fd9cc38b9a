import Fluent
import Vapor

struct UnitsController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.units.pathComponents, OrganizationPolicy.viewUnits, use: index)
        app.endpoint(.GET, SiteURL.unitNew.pathComponents, OrganizationPolicy.manageUnits, use: new)
        app.endpoint(.POST, SiteURL.units.pathComponents, OrganizationPolicy.manageUnits, use: create)
        app.endpoint(.GET, SiteURL.unitsExport.pathComponents, OrganizationPolicy.exportUnits, use: export)
        app.endpoint(.GET, SiteURL.unitsTemplate.pathComponents, OrganizationPolicy.manageUnits, use: template)
        app.endpoint(.GET, SiteURL.unitsImport.pathComponents, OrganizationPolicy.manageUnits, use: showImport)
        app.endpoint(.POST, SiteURL.unitsImport.pathComponents, OrganizationPolicy.manageUnits,
                     maxBodySize: ByteCount(value: app.config.maxUploadBytes), use: checkImport)
        app.endpoint(.POST, SiteURL.unitsImportConfirm.pathComponents, OrganizationPolicy.manageUnits, use: confirmImport)
        app.endpoint(.GET, SiteURL.unit(.key).pathComponents, OrganizationPolicy.viewUnits, use: show)
        app.endpoint(.GET, SiteURL.unitEdit(.key).pathComponents, OrganizationPolicy.manageUnits, use: edit)
        app.endpoint(.POST, SiteURL.unit(.key).pathComponents, OrganizationPolicy.manageUnits, use: update)
        app.endpoint(.POST, SiteURL.unitToggle(.key).pathComponents, OrganizationPolicy.manageUnits, use: toggle)
    }

    private func filter(from query: FormInput) -> UnitFilter {
        UnitFilter(query: query["q"], kind: query["kind"].flatMap(UnitKind.init(rawValue:)), parentID: query.int("parent"),
                   includeInactive: query["status"] == "all")
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let query = req.queryInput
        let page = Pagination(page: query.int("page"))
        let filter = filter(from: query)
        let (rows, total) = try await UnitService(db: req.db).list(for: principal, filter: filter, page: page)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, UnitListPage(rows: rows, total: total, page: page, query: query).render(ctx))
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let service = UnitService(db: req.db)
        guard let unit = try await service.find(try req.idParameter(), for: principal) else { throw AppError.notFound }
        let children = try await service.children(of: unit.id)
        // The people of a unit are shown only to those who may see users at all.
        let users: [UserRow]? = OrganizationPolicy.viewUsers.allows(principal)
            ? try await UserService(db: req.db, hasher: req.passwordHasher)
                .list(for: principal, filter: UserFilter(unitID: unit.id), page: Pagination(page: 1, perPage: 200)).rows
            : nil
        let groups = try await WorkGroupService(db: req.db).list(memberOf: unit.id)
        // The unit's supervision record (cards, sheets, letters, interviews), for those who see tasks.
        let supervision: [SupervisionRow]? = TaskPolicy.viewTasks.allows(principal)
            ? try await SupervisionService(db: req.db).list(for: principal, filter: SupervisionFilter(unitID: unit.id, manualOnly: true),
                                                          page: Pagination(page: 1, perPage: 20)).rows
            : nil
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, UnitDetailPage(unit: unit, children: children, users: users, groups: groups, supervision: supervision).render(ctx))
    }

    @Sendable func new(_ req: Request) async throws -> Response {
        let query = req.queryInput
        let input = UnitInput(name: "", code: "", kind: query["kind"] ?? UnitKind.department.rawValue, parentID: query.int("parent"))
        return try await form(req, input: input, unitID: nil, errors: .none)
    }

    @Sendable func edit(_ req: Request) async throws -> Response {
        guard let unit = try await Unit.find(try req.idParameter(), on: req.db) else { throw AppError.notFound }
        let input = UnitInput(name: unit.name, shortName: unit.shortName, code: unit.code, kind: unit.kind.rawValue, parentID: unit.$parent.id,
                              sortOrder: unit.sortOrder, contactPerson: unit.contactPerson, contactPhone: unit.contactPhone)
        return try await form(req, input: input, unitID: unit.id, errors: .none)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let input = Self.input(from: req.form)
        do {
            let unit = try await UnitService(db: req.db).create(input, by: req.auditActor)
            return req.redirect(to: SiteURL.unit(.value(unit.id!)).path, flash: "unit.saved")
        } catch AppError.validation(let problems) {
            return try await form(req, input: input, unitID: nil, errors: FormErrors(problems: problems))
        }
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        let input = Self.input(from: req.form)
        do {
            _ = try await UnitService(db: req.db).update(id, input, by: req.auditActor)
            return req.redirect(to: SiteURL.unit(.value(id)).path, flash: "unit.saved")
        } catch AppError.validation(let problems) {
            return try await form(req, input: input, unitID: id, errors: FormErrors(problems: problems))
        }
    }

    @Sendable func toggle(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        guard let unit = try await Unit.find(id, on: req.db) else { throw AppError.notFound }
        guard let reason = req.form["reason"] else { return req.redirect(to: SiteURL.unit(.value(id)).path, flash: "common.reasonRequired", kind: .error) }
        do {
            try await UnitService(db: req.db).setActive(id, !unit.active, reason: String(reason.prefix(200)), by: req.auditActor)
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.unit(.value(id)).path, flash: key, kind: .error)
        }
        return req.redirect(to: SiteURL.unit(.value(id)).path, flash: unit.active ? "unit.deactivated" : "unit.activated")
    }

    static func input(from form: FormInput) -> UnitInput {
        UnitInput(name: form["name"] ?? "", shortName: form["shortName"], code: form["code"] ?? "", kind: form["kind"] ?? "",
                  parentID: form.int("parentID"), sortOrder: form.int("sortOrder"), contactPerson: form["contactPerson"],
                  contactPhone: form["contactPhone"])
    }

    private func form(_ req: Request, input: UnitInput, unitID: Int?, errors: FormErrors) async throws -> Response {
        let principal = try req.requirePrincipal()
        let parents = try await UnitService(db: req.db).choices(for: principal, kinds: [.city, .district, .county, .countyCity])
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity,
                              UnitFormPage(input: input, unitID: unitID, parents: parents, errors: errors).render(ctx))
    }

    // MARK: Import and export

    @Sendable func export(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let query = req.queryInput
        let (rows, _) = try await UnitService(db: req.db).list(for: principal, filter: filter(from: query), page: .everything)
        let lang = req.lang
        var table: [[Cell]] = [UnitImport.columns.map { .text(lang == .zh ? $0.zh : $0.en) } + [.text(lang.t("common.status"))]]
        for row in rows {
            table.append([
                .text(row.code), .text(row.name), .text(row.shortName), .text(lang.t("unitKind.\(row.kind)")),
                .text(row.parentCode ?? ""), .number(String(row.sortOrder)),
                .text(row.contactPerson ?? ""), .text(row.contactPhone ?? ""),
                .text(lang.t(row.active ? "common.active" : "common.inactive")),
            ])
        }
        return try Download.spreadsheet(table, name: lang.t("unit.exportName"), format: query["format"], sheet: lang.t("unit.listTitle"))
    }

    @Sendable func template(_ req: Request) async throws -> Response {
        try Download.spreadsheet(UnitImport.templateRows(req.lang), name: req.lang.t("unit.templateName"), format: req.queryInput["format"],
                                 sheet: req.lang.t("unit.listTitle"))
    }

    @Sendable func showImport(_ req: Request) async throws -> Response {
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, UnitImportPage(report: nil, draftID: nil, filename: nil, errorKey: nil).render(ctx))
    }

    struct Upload: Content {
        var file: File?
    }

    @Sendable func checkImport(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let ctx = try await PageContext.load(req)
        func fail(_ key: String, _ args: [String] = []) -> Response {
            Layout.respond(req, ctx, status: .unprocessableEntity,
                           UnitImportPage(report: nil, draftID: nil, filename: nil, errorKey: Catalog.text(key, ctx.lang, args)).render(ctx))
        }
        guard let upload = try? req.content.decode(Upload.self), let file = upload.file, file.data.readableBytes > 0 else {
            return fail("import.noFile")
        }
        let cells: [[Cell]]
        do {
            cells = try SpreadsheetFile.read(Data(buffer: file.data), maxRows: UnitImport.maxRows)
        } catch {
            return fail("import.unreadable", [error.message])
        }
        let report = try await UnitImport(db: req.db).check(cells)
        let draftID = report.valid.isEmpty ? nil
            : try await ImportDraftStore(db: req.db).save(report.valid, kind: "units", filename: file.filename, userID: principal.userID)
        return Layout.respond(req, ctx, UnitImportPage(report: report, draftID: draftID, filename: file.filename, errorKey: nil).render(ctx))
    }

    @Sendable func confirmImport(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let store = ImportDraftStore(db: req.db)
        guard let draftID = req.form["draft"],
              let (draft, rows) = try await store.load([UnitImport.Row].self, id: draftID, kind: "units", userID: principal.userID) else {
            return req.redirect(to: SiteURL.unitsImport.path, flash: "import.draftExpired", kind: .error)
        }
        do {
            _ = try await UnitImport(db: req.db).apply(rows, filename: draft.filename, by: req.auditActor)
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.unitsImport.path, flash: key, kind: .error)
        }
        try await store.delete(id: draftID, on: req.db)
        return req.redirect(to: SiteURL.units.path, flash: "import.done")
    }
}

/// Sends a table as an XLSX (default) or CSV download.
enum Download {
    static func spreadsheet(_ rows: [[Cell]], name: String, format: String?, sheet: String) throws -> Response {
        let isCSV = format == "csv"
        let data = isCSV ? CSVWriter.write(rows: rows) : try XLSXWriter.write(sheetName: sheet, rows: rows)
        return attachment(Response(status: .ok, body: .init(data: data)), name: name, isCSV: isCSV)
    }

    /// A CSV written as it is produced (`body` gets the stream's writer), for exports too large to hold.
    static func streamedCSV(name: String, body: @escaping @Sendable (any AsyncBodyStreamWriter) async throws -> Void) -> Response {
        attachment(Response(status: .ok, body: .init(asyncStream: body)), name: name, isCSV: true)
    }

    /// The type and download name of a spreadsheet response.
    private static func attachment(_ response: Response, name: String, isCSV: Bool) -> Response {
        response.headers.contentType = isCSV ? HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            : HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        let filename = name + (isCSV ? ".csv" : ".xlsx")
        // RFC 6266/5987: an ASCII fallback plus the UTF-8 name, so Chinese file names survive.
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"export\(isCSV ? ".csv" : ".xlsx")\"; filename*=UTF-8''\(URLQuery.encode(filename))")
        return response
    }
}
