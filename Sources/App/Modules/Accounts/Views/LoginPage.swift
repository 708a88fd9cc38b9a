struct LoginPage {
    let next: String
    let username: String
    let errorKey: String?

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("login.title")) {
            H.div(.cls("login-card")) {
                H.h1 { ctx.t("login.title") }
                H.p(.cls("muted")) { ctx.t("login.subtitle") }
                if let errorKey { H.div(.cls("flash flash-error"), Attr("role", "alert")) { ctx.t(errorKey) } }
                H.form(Attr("method", "post"), Attr("action", SiteURL.login.path)) {
                    Components.csrfField(ctx)
                    H.input(.type("hidden"), .name("next"), .value(next))
                    Components.textField(ctx, name: "username", labelKey: "login.username", value: username, errors: .none,
                                         required: true, autocomplete: "username")
                    Components.textField(ctx, name: "password", labelKey: "login.password", value: nil, errors: .none,
                                         type: "password", required: true, autocomplete: "current-password")
                    H.button(.type("submit"), .cls("btn btn-primary btn-block")) { ctx.t("login.submit") }
                }
                H.p(.cls("muted login-portal")) {
                    H.a(.href(SiteURL.enterpriseLogin.path)) { ctx.t("enterpriseLogin.link") }
                    " · "
                    H.a(.href(SiteURL.portal.path)) { ctx.t("login.portalLink") }
                }
            }
        }
    }
}
