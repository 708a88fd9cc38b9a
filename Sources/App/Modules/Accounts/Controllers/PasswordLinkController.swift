import Fluent
import Vapor

/// Where a person opens an activation or reset link and chooses their password.
struct PasswordLinkController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.activation(.key).pathComponents, .anyone, use: show)
        app.endpoint(.POST, SiteURL.activation(.key).pathComponents, .anyone, use: redeem)
    }

    private func token(_ req: Request) -> String { req.parameters.get("token") ?? "" }

    /// The link's token is in the path: even the page's own CSS and script requests must not carry it.
    static func noReferrer(_ response: Response) -> Response {
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        return response
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let ctx = PageContext(req)
        let pending = try await PasswordLinkService(db: req.db).pending(token: token(req))
        return Self.noReferrer(Layout.respond(req, ctx, status: pending == nil ? .notFound : .ok,
                                              SetPasswordPage(pending: pending, token: token(req), errors: .none).render(ctx)))
    }

    @Sendable func redeem(_ req: Request) async throws -> Response {
        let service = PasswordLinkService(db: req.db)
        do {
            try await service.redeem(token: token(req), password: req.form.secret("new"), confirmation: req.form.secret("confirmation"),
                                     hasher: req.passwordHasher, address: req.clientAddress)
        } catch AppError.validation(let problems) {
            let ctx = PageContext(req)
            return Self.noReferrer(Layout.respond(req, ctx, status: .unprocessableEntity,
                                                  SetPasswordPage(pending: try await service.pending(token: token(req)), token: token(req),
                                                                  errors: FormErrors(problems: problems)).render(ctx)))
        }
        let response = req.redirect(to: SiteURL.login.path, flash: "activation.done")
        response.cookies[CookieNames.session] = req.expiredCookie()
        return response
    }
}

struct SetPasswordPage {
    let pending: PasswordLinkService.Pending?
    let token: String
    let errors: FormErrors

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("activation.title")) {
            H.div(.cls("login-card")) {
                H.h1 { ctx.t("activation.title") }
                if let pending {
                    H.p(.cls("muted")) { ctx.t("activation.for", pending.displayName, pending.username) }
                    Components.formErrorSummary(ctx, errors)
                    H.form(Attr("method", "post"), Attr("action", SiteURL.activation(.value(token)).path)) {
                        Components.csrfField(ctx)
                        Components.textField(ctx, name: "new", labelKey: "account.newPassword", value: nil, errors: errors,
                                             type: "password", required: true, hintKey: "password.rules", autocomplete: "new-password")
                        Components.textField(ctx, name: "confirmation", labelKey: "account.confirmPassword", value: nil, errors: errors,
                                             type: "password", required: true, autocomplete: "new-password")
                        H.button(.type("submit"), .cls("btn btn-primary btn-block")) { ctx.t("activation.submit") }
                    }
                } else {
                    H.div(.cls("flash flash-error"), Attr("role", "alert")) { ctx.t("activation.invalid") }
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.login.path)) { ctx.t("login.title") }
                }
            }
        }
    }
}
