import Fluent
import SQLKit
import Vapor

/// Pairing people with firms (包联): one at a time from the firm's page, in bulk by rules with a
/// preview, hand-overs when someone leaves, the kinds' settings and the coverage board.
struct PairingController {
    func register(_ app: Application) {
        app.endpoint(.POST, SiteURL.enterprisePairings(.key).pathComponents, EnterprisePolicy.pair, use: assign)
        app.endpoint(.POST, SiteURL.pairingEnd(.key).pathComponents, EnterprisePolicy.pair, use: end)
        app.endpoint(.GET, SiteURL.pairing.pathComponents, EnterprisePolicy.coverage, use: board)
        app.endpoint(.GET, SiteURL.pairingOverdue.pathComponents, EnterprisePolicy.coverage, use: overdue)
        app.endpoint(.GET, SiteURL.pairingPreview.pathComponents, EnterprisePolicy.pair, use: preview)
        app.endpoint(.POST, SiteURL.pairingApply.pathComponents, EnterprisePolicy.pair, use: apply)
        app.endpoint(.POST, SiteURL.pairingSettings.pathComponents, EnterprisePolicy.pair, use: settings)
        app.endpoint(.POST, SiteURL.pairingHandOver.pathComponents, EnterprisePolicy.pair, use: handOver)
    }

    /// A problem with the form is shown on the firm's page beside the form, with the name that was typed.
    @Sendable func assign(_ req: Request) async throws -> Response {
        let file = try await req.enterpriseFile()
        let form = req.form
        do {
            guard let kind = try form.choice("kind", as: PairingKind.self) else { throw AppError.invalid("kind", "validation.required") }
            let service = PairingService(db: req.db)
            let person = try await service.person(form["person"] ?? "", for: kind)
            try await service.assign(enterpriseID: file.id, kind: kind, userID: person, reason: form["reason"] ?? "", by: req.auditActor)
            return req.redirect(to: SiteURL.enterprise(.value(file.id)).path + "#pairings", flash: "pairing.assigned")
        } catch AppError.validation(let problems) {
            return try await file.respond(req, pairingErrors: FormErrors(problems: problems), pairingInput: form)
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.enterprise(.value(file.id)).path + "#pairings", flash: key, kind: .error)
        }
    }

    @Sendable func end(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        guard let enterpriseID = try await Pairing.find(id, on: req.db)?.$enterprise.id else { throw AppError.notFound }
        let back = SiteURL.enterprise(.value(enterpriseID)).path + "#pairings"
        do {
            try await PairingService(db: req.db).end(id, reason: req.form["reason"] ?? "", by: req.auditActor)
            return req.redirect(to: back, flash: "pairing.ended")
        } catch AppError.validation {
            return req.redirect(to: back, flash: "common.reasonRequired", kind: .error)
        } catch AppError.conflict(let key) {
            return req.redirect(to: back, flash: key, kind: .error)
        }
    }

    @Sendable func board(_ req: Request) async throws -> Response {
        try await boardPage(req, errors: .none)
    }

    private func boardPage(_ req: Request, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let summary = try await PairingCoverage(db: req.db).summary(today: CivilDate.today())
        let regions = try await EnterpriseViews.regionChoices(on: req.db)
        let units = try await UnitService(db: req.db).choices(for: nil)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? status : .unprocessableEntity,
                              PairingBoardPage(summary: summary, regions: regions, units: units, errors: errors).render(ctx))
    }

    @Sendable func overdue(_ req: Request) async throws -> Response {
        let query = req.queryInput
        let kind = try query["kind"].flatMap { $0.isEmpty ? nil : $0 }.map { try PairingKind.named($0, field: "kind") }
        let page = Pagination(page: query.int("page"))
        let (rows, total) = try await PairingCoverage(db: req.db).overdue(today: CivilDate.today(), kind: kind, page: page)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, OverdueVisitsPage(rows: rows, total: total, page: page, kind: kind).render(ctx))
    }

    @Sendable func preview(_ req: Request) async throws -> Response {
        do {
            let rule = try await Self.rule(from: req.queryInput, on: req.db)
            let plan = try await PairingRules(db: req.db).plan(rule)
            let names = try await Self.firmNames(plan.assignments.prefix(20).map(\.enterprise), on: req.db)
            let ctx = try await PageContext.load(req)
            return Layout.respond(req, ctx, PairingPlanPage(rule: rule, query: req.queryInput, plan: plan, firmNames: names, applied: false).render(ctx))
        } catch AppError.validation(let problems) {
            return try await boardPage(req, errors: FormErrors(problems: problems))
        }
    }

    @Sendable func apply(_ req: Request) async throws -> Response {
        let form = req.form
        do {
            let rule = try await Self.rule(from: form, on: req.db)
            let description = req.lang.t("pairing.ruleDescription", req.lang.t(rule.kind.labelKey), DisplayTime.format(Date()))
            let plan = try await PairingRules(db: req.db).apply(rule, description: description, by: req.auditActor)
            let names = try await Self.firmNames(plan.assignments.prefix(20).map(\.enterprise), on: req.db)
            let ctx = try await PageContext.load(req)
            return Layout.respond(req, ctx, PairingPlanPage(rule: rule, query: form, plan: plan, firmNames: names, applied: true).render(ctx))
        } catch AppError.validation(let problems) {
            return try await boardPage(req, errors: FormErrors(problems: problems))
        }
    }

    @Sendable func settings(_ req: Request) async throws -> Response {
        let form = req.form
        var values: [PairingKind: (visitDays: Int?, maxLoad: Int?)] = [:]
        for kind in PairingKind.allCases { values[kind] = (form.int("visitDays.\(kind.rawValue)"), form.int("maxLoad.\(kind.rawValue)")) }
        do {
            try await PairingService(db: req.db).updateSettings(values, by: req.auditActor)
            return req.redirect(to: SiteURL.pairing.path, flash: "pairing.settingsSaved")
        } catch AppError.validation(let problems) {
            return try await boardPage(req, errors: FormErrors(problems: problems))
        }
    }

    @Sendable func handOver(_ req: Request) async throws -> Response {
        let form = req.form
        let sql = req.db.sql
        func user(_ field: String) async throws -> Int? {
            guard let name = form[field]?.trimmedSpaces, !name.isEmpty else { return nil }
            guard let id = try await sql.raw("SELECT id FROM users WHERE username = \(bind: name)").first()?.decode(column: "id", as: Int.self) else {
                throw AppError.invalid(field, "pairing.userUnknown", name)
            }
            return id
        }
        do {
            guard let from = try await user("from") else { throw AppError.invalid("from", "validation.required") }
            try await PairingService(db: req.db).handOver(from: from, to: try await user("to"), reason: form["reason"] ?? "", by: req.auditActor)
            return req.redirect(to: SiteURL.pairing.path, flash: "pairing.handedOver")
        } catch AppError.validation(let problems) {
            return try await boardPage(req, errors: FormErrors(problems: problems))
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.pairing.path, flash: key, kind: .error)
        }
    }

    /// A rule from the board's form (a query string for the preview, a form body for the run).
    static func rule(from input: FormInput, on db: any Database) async throws -> PairingRule {
        var problems: [FieldProblem] = []
        let kind = input["kind"].flatMap(PairingKind.init(rawValue:))
        if kind == nil { problems.append(.init(field: "kind", key: "validation.invalidChoice")) }
        let pool = input["pool"].flatMap(PairingRule.Pool.init(rawValue:))
        if pool == nil { problems.append(.init(field: "pool", key: "validation.invalidChoice")) }
        let poolUnit = input.int("poolUnit")
        if pool == .unit, poolUnit == nil { problems.append(.init(field: "poolUnit", key: "validation.required")) }
        var firms = EnterpriseFilter()
        do { firms = try await EnterpriseFilter.from(input, on: db) } catch AppError.validation(let found) { problems += found }
        guard problems.isEmpty, let kind, let pool else { throw AppError.validation(problems) }
        return PairingRule(kind: kind, firms: firms, pool: pool, poolUnitID: poolUnit)
    }

    /// Every field a rule reads, so that the run carries exactly what the preview used.
    static let ruleFields = ["kind", "pool", "poolUnit"] + EnterpriseFilter.queryFields

    static func firmNames(_ ids: [Int], on db: any Database) async throws -> [Int: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [Int: String] = [:]
        for row in try await db.sql.raw("SELECT id, name FROM enterprises WHERE id IN (\(binds: ids))").all() {
            names[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "name", as: String.self)
        }
        return names
    }
}
