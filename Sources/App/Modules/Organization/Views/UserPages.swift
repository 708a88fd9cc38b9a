enum UserViews {
    static func roleBadges(_ ctx: PageContext, _ roles: [String]) -> HTML {
        H.span(.cls("badge-row")) {
            for role in roles { Components.badge(ctx.t("role.\(role)"), role == Role.admin.rawValue ? .danger : .info) }
        }
    }

    static func status(_ ctx: PageContext, _ user: UserRow) -> HTML {
        if !user.active { return Components.badge(ctx.t("common.inactive"), .neutral) }
        if user.locked { return Components.badge(ctx.t("user.locked"), .warning) }
        return Components.badge(ctx.t("common.active"), .success)
    }

    static func table(_ ctx: PageContext, _ users: [UserRow]) -> HTML {
        Components.table(caption: ctx.t("user.listTitle"),
                         headers: [ctx.t("user.displayName"), ctx.t("user.username"), ctx.t("user.unit"), ctx.t("user.roles"), ctx.t("user.lastLogin"), ctx.t("common.status")],
                         rows: users.map { user in [
                            H.a(.href(SiteURL.user(.value(user.id)).path)) { user.displayName },
                            H.code { user.username }, .text(user.unitName ?? "—"), roleBadges(ctx, user.roles),
                            .text(DisplayTime.format(user.lastLoginAt)), status(ctx, user),
                         ] })
    }
}

struct UserListPage {
    let rows: [UserRow]
    let total: Int
    let page: Pagination
    let query: FormInput

    func render(_ ctx: PageContext) -> HTML {
        let filters: [(String, String)] = [("q", query["q"] ?? ""), ("role", query["role"] ?? ""), ("status", query["status"] ?? "")]
        return Layout.page(ctx, title: ctx.t("user.listTitle")) {
            Components.pageHeader(ctx.t("user.listTitle")) {
                if ctx.can(OrganizationPolicy.manageUsers) { H.a(.cls("btn btn-primary"), .href(SiteURL.userNew.path)) { ctx.t("user.new") } }
            }
            H.form(Attr("method", "get"), Attr("action", SiteURL.users.path), .cls("filter-bar"), Attr("role", "search")) {
                H.label(.cls("sr-only"), Attr("for", "q")) { ctx.t("common.search") }
                H.input(.type("search"), .id("q"), .name("q"), .value(query["q"] ?? ""), Attr("placeholder", ctx.t("user.searchPlaceholder")))
                H.label(.cls("sr-only"), Attr("for", "role")) { ctx.t("user.roles") }
                H.select(.id("role"), .name("role")) {
                    H.option(.value("")) { ctx.t("user.allRoles") }
                    for role in Role.allCases {
                        H.option(.value(role.rawValue), .when(query["role"] == role.rawValue, .flag("selected"))) { ctx.t(role.labelKey) }
                    }
                }
                H.label(.cls("sr-only"), Attr("for", "status")) { ctx.t("common.status") }
                H.select(.id("status"), .name("status")) {
                    H.option(.value("")) { ctx.t("common.anyStatus") }
                    for status in ["active", "inactive", "locked"] {
                        H.option(.value(status), .when(query["status"] == status, .flag("selected"))) { ctx.t("user.status.\(status)") }
                    }
                }
                H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("action.filter") }
            }
            if rows.isEmpty {
                Components.emptyState(ctx, titleKey: "user.empty", hintKey: "user.emptyHint")
            } else {
                UserViews.table(ctx, rows)
                Components.pagination(ctx, page: page, total: total) { SiteURL.users.with(filters + [("page", String($0))]) }
            }
        }
    }
}

struct UserDetailPage {
    let user: UserRow
    /// An activation or reset link to show once, with the catalog key explaining it.
    let link: (url: String, key: String)?

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: user.displayName) {
            Components.pageHeader(user.displayName, subtitle: user.title.isEmpty ? nil : user.title) {
                Components.historyLink(ctx, entityType: "user", id: user.id)
                if ctx.can(OrganizationPolicy.manageUsers) {
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.userEdit(.value(user.id)).path)) { ctx.t("action.edit") }
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.userTokens(.value(user.id)).path)) { ctx.t("token.title") }
                    if user.locked { Components.actionButton(ctx, action: SiteURL.userUnlock(.value(user.id)).path, labelKey: "user.unlock") }
                    Components.actionButton(ctx, action: SiteURL.userResetPassword(.value(user.id)).path, labelKey: "user.resetPassword",
                                            confirmKey: "user.resetConfirm")
                    Components.actionButton(ctx, action: SiteURL.userToggle(.value(user.id)).path,
                                            labelKey: user.active ? "action.deactivate" : "action.activate",
                                            style: user.active ? "btn-danger" : "btn-secondary", confirmKey: user.active ? "user.deactivateConfirm" : nil,
                                            askReason: true)
                }
            }
            if let link {
                H.div(.cls("flash flash-success"), Attr("role", "status")) {
                    H.p { ctx.t(link.key) }
                    H.code(.cls("secret")) { link.url }
                }
            }
            H.section(.cls("card")) {
                Components.details([
                    (ctx.t("user.username"), H.code { user.username }),
                    (ctx.t("user.unit"), user.unitID.map { id in H.a(.href(SiteURL.unit(.value(id)).path)) { user.unitName ?? "" } } ?? .text("—")),
                    (ctx.t("user.roles"), UserViews.roleBadges(ctx, user.roles)),
                    (ctx.t("user.phone"), .text(user.phone ?? "—")),
                    (ctx.t("user.email"), .text(user.email ?? "—")),
                    (ctx.t("user.lastLogin"), .text(DisplayTime.format(user.lastLoginAt))),
                    (ctx.t("common.status"), UserViews.status(ctx, user)),
                ])
            }
        }
    }
}

struct UserFormPage {
    let input: UserInput
    let userID: Int?
    let units: [Components.Choice]
    let errors: FormErrors

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t(userID == nil ? "user.new" : "user.edit")
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title)
            H.section(.cls("card narrow")) {
                Components.formErrorSummary(ctx, errors)
                H.form(Attr("method", "post"), Attr("action", userID.map { SiteURL.user(.value($0)).path } ?? SiteURL.users.path)) {
                    Components.csrfField(ctx)
                    Components.textField(ctx, name: "username", labelKey: "user.username", value: input.username, errors: errors, required: true, hintKey: "user.usernameHint")
                    Components.textField(ctx, name: "displayName", labelKey: "user.displayName", value: input.displayName, errors: errors, required: true)
                    Components.textField(ctx, name: "title", labelKey: "user.title", value: input.title, errors: errors)
                    Components.selectField(ctx, name: "unitID", labelKey: "user.unit", choices: units, selected: input.unitID.map { [String($0)] } ?? [],
                                           errors: errors, blankKey: "user.noUnit")
                    Components.checkboxes(ctx, name: "roles", legendKey: "user.roles",
                                          choices: Role.choices(ctx),
                                          checked: Set(input.roles), errors: errors)
                    Components.textField(ctx, name: "phone", labelKey: "user.phone", value: input.phone, errors: errors, type: "tel")
                    Components.textField(ctx, name: "email", labelKey: "user.email", value: input.email, errors: errors, type: "email")
                    if userID == nil {
                        Components.textField(ctx, name: "password", labelKey: "user.initialPassword", value: nil, errors: errors, type: "password",
                                             hintKey: "user.initialPasswordHint", autocomplete: "new-password")
                    }
                    Components.saveOrCancel(ctx, cancel: userID.map { SiteURL.user(.value($0)).path } ?? SiteURL.users.path)
                }
            }
        }
    }
}
