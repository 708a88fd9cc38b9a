import Fluent
import Vapor

/// Recording visits to a firm, and a commissioner's own page: their firms by the day the next
/// visit falls due, and the visits they recorded.
struct VisitsController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.enterpriseVisitNew(.key).pathComponents, EnterprisePolicy.visit, use: new)
        app.endpoint(.POST, SiteURL.enterpriseVisits(.key).pathComponents, EnterprisePolicy.visit, use: create)
        app.endpoint(.GET, SiteURL.myFirms.pathComponents, EnterprisePolicy.ownFirms, use: mine)
    }

    @Sendable func new(_ req: Request) async throws -> Response {
        let file = try await req.enterpriseFile(requiring: \.mayRecordVisits)
        let input = VisitInput(visitedOn: CivilDate.today().description, method: VisitMethod.onSite.rawValue, people: try req.requirePrincipal().displayName)
        return try await form(req, file, input: input, errors: .none)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let file = try await req.enterpriseFile(requiring: \.mayRecordVisits)
        let input = VisitInput(form: req.form)
        do {
            try await VisitService(db: req.db).record(input, enterpriseID: file.id, recorderID: try req.requirePrincipal().userID, by: req.auditActor,
                                                      today: CivilDate.today())
            return req.redirect(to: SiteURL.enterprise(.value(file.id)).path + "#visits", flash: "visit.saved")
        } catch AppError.validation(let problems) {
            return try await form(req, file, input: input, errors: FormErrors(problems: problems))
        }
    }

    private func form(_ req: Request, _ file: EnterpriseFile, input: VisitInput, errors: FormErrors) async throws -> Response {
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity,
                              VisitFormPage(enterpriseID: file.id, enterpriseName: file.dossier.enterprise.name, input: input, errors: errors).render(ctx))
    }

    @Sendable func mine(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let page = Pagination(page: req.queryInput.int("page"), defaultPerPage: 20)
        let firms = try await PairingCoverage(db: req.db).firms(of: principal.userID)
        let (visits, total) = try await VisitService(db: req.db).list(recordedBy: principal.userID, page: page)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, MyFirmsPage(firms: firms, visits: visits, visitTotal: total, page: page).render(ctx))
    }
}

extension VisitInput {
    /// Problem rows arrive as parallel `problemCategory` / `problemText` fields; empty rows are skipped by the check.
    init(form: FormInput) {
        let categories = form.all("problemCategory"), texts = form.all("problemText")
        let count = max(categories.count, texts.count)
        self.init(visitedOn: form["visitedOn"] ?? "", method: form["method"] ?? "", people: form["people"] ?? "", notes: form["notes"] ?? "",
                  policies: form["policies"] ?? "", followUpOn: form["followUpOn"] ?? "",
                  problems: (0..<min(count, 50)).map { index in
                      Problem(category: index < categories.count ? categories[index] : "", description: index < texts.count ? texts[index] : "")
                  })
    }
}
