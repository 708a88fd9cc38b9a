import Fluent
import Vapor

/// The office decides which suggestions the public sees, and answers them.
struct SuggestionModerationController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.portalSuggestions.pathComponents, PortalPolicy.moderate, use: index)
        app.endpoint(.POST, SiteURL.portalSuggestionModerate(.key).pathComponents, PortalPolicy.moderate, use: moderate)
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        try await queue(req, status: req.queryInput["status"].flatMap(SuggestionStatus.init(rawValue:)), page: req.queryInput.int("page"))
    }

    @Sendable func moderate(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let id = try req.idParameter()
        let form = req.form
        let back = form["back"].flatMap(SuggestionStatus.init(rawValue:))
        do {
            guard let decision = form["decision"].flatMap(SuggestionDecision.init(rawValue:)) else {
                throw AppError.invalid("decision", "validation.invalidChoice")
            }
            try await SuggestionModeration(db: req.db).moderate(id, decision: decision, reply: form["reply"], moderatorID: principal.userID,
                                                                by: req.auditActor)
            return req.redirect(to: SiteURL.portalSuggestions.with([("status", back?.rawValue ?? "")]), flash: "portal.moderation.done.\(decision.rawValue)")
        } catch AppError.validation(let problems) {
            return try await queue(req, status: back, page: nil, failed: (id, form["reply"], FormErrors(problems: problems)),
                                   httpStatus: .unprocessableEntity)
        }
    }

    private func queue(_ req: Request, status: SuggestionStatus?, page: Int?, failed: (id: Int, reply: String?, errors: FormErrors)? = nil,
                       httpStatus: HTTPResponseStatus = .ok) async throws -> Response {
        let moderation = SuggestionModeration(db: req.db)
        let page = Pagination(page: page, defaultPerPage: 20)
        let (rows, total) = try await moderation.queue(status: status, page: page)
        let counts = try await moderation.statusCounts()
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: httpStatus,
                              ModerationPage(rows: rows, total: total, page: page, status: status, counts: counts, failed: failed).render(ctx))
    }
}
