struct AccountPage {
    let user: UserRow

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("account.title")) {
            Components.pageHeader(ctx.t("account.title")) {
                H.a(.cls("btn btn-secondary"), .href(SiteURL.accountPassword.path)) { ctx.t("account.changePassword") }
                H.a(.cls("btn btn-secondary"), .href(SiteURL.accountTokens.path)) { ctx.t("token.title") }
            }
            H.section(.cls("card")) {
                Components.details([
                    (ctx.t("user.username"), .text(user.username)),
                    (ctx.t("user.displayName"), .text(user.displayName)),
                    (ctx.t("user.title"), .text(user.title.isEmpty ? "—" : user.title)),
                    (ctx.t("user.unit"), .text(user.unitName ?? "—")),
                    (ctx.t("user.roles"), UserViews.roleBadges(ctx, user.roles)),
                    (ctx.t("user.phone"), .text(user.phone ?? "—")),
                    (ctx.t("user.lastLogin"), .text(DisplayTime.format(user.lastLoginAt))),
                ])
            }
        }
    }
}

struct PasswordPage {
    let errors: FormErrors

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("account.changePassword")) {
            Components.pageHeader(ctx.t("account.changePassword"))
            if ctx.principal?.mustChangePassword == true {
                H.div(.cls("flash flash-info"), Attr("role", "status")) { ctx.t("account.mustChange") }
            }
            H.section(.cls("card narrow")) {
                Components.formErrorSummary(ctx, errors)
                H.form(Attr("method", "post"), Attr("action", SiteURL.accountPassword.path)) {
                    Components.csrfField(ctx)
                    Components.textField(ctx, name: "current", labelKey: "account.currentPassword", value: nil, errors: errors,
                                         type: "password", required: true, autocomplete: "current-password")
                    Components.textField(ctx, name: "new", labelKey: "account.newPassword", value: nil, errors: errors,
                                         type: "password", required: true, hintKey: "password.rules", autocomplete: "new-password")
                    Components.textField(ctx, name: "confirmation", labelKey: "account.confirmPassword", value: nil, errors: errors,
                                         type: "password", required: true, autocomplete: "new-password")
                    H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("action.save") }
                }
            }
        }
    }
}

/// API tokens of one user: the user's own (account page) or an integration user's (admin).
struct TokensPage {
    let tokens: [APITokenRow]
    let newToken: String?
    let errors: FormErrors
    let action: String
    let revoke: @Sendable (Int) -> String
    var subject: String? = nil

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("token.title")) {
            Components.pageHeader(ctx.t("token.title"), subtitle: subject ?? ctx.t("token.subtitle"))
            if let newToken {
                H.div(.cls("flash flash-success"), Attr("role", "status")) {
                    H.p { ctx.t("token.showOnce") }
                    H.code(.cls("secret")) { newToken }
                }
            }
            H.section(.cls("card")) {
                Components.formErrorSummary(ctx, errors)
                H.form(Attr("method", "post"), Attr("action", action), .cls("inline-form")) {
                    Components.csrfField(ctx)
                    Components.textField(ctx, name: "name", labelKey: "token.name", value: nil, errors: errors, required: true)
                    H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("token.create") }
                }
            }
            if tokens.isEmpty {
                Components.emptyState(ctx, titleKey: "token.empty", hintKey: "token.emptyHint")
            } else {
                Components.table(caption: ctx.t("token.title"),
                                 headers: [ctx.t("token.name"), ctx.t("token.hint"), ctx.t("common.createdAt"), ctx.t("token.lastUsed"), ctx.t("common.status"), ""],
                                 rows: tokens.map { token in [
                                    .text(token.name), .text("…" + token.hint), .text(DisplayTime.format(token.createdAt)),
                                    .text(DisplayTime.format(token.lastUsedAt)),
                                    token.revokedAt == nil ? Components.badge(ctx.t("token.active"), .success) : Components.badge(ctx.t("token.revoked"), .neutral),
                                    token.revokedAt == nil ? Components.actionButton(ctx, action: revoke(token.id), labelKey: "token.revoke", style: "btn-danger", confirmKey: "token.revokeConfirm") : .empty,
                                 ] })
            }
        }
    }
}
