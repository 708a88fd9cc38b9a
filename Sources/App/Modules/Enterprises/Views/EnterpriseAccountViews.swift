import Foundation

/// The firm's page section for its code and its own users: the QR image of its service link (for
/// those who serve it), the users invited so far, the invitation form, and an invitation's link
/// shown once.
struct EnterpriseServiceSection {
    struct State: Sendable {
        var accounts: [EnterpriseAccounts.Account] = []
        var link: String?
        /// The activation link of an invitation just made, shown this once.
        var invitation: String?
        var inviteName = ""
        var invitePhone = ""
        var inviteErrors = FormErrors.none
    }

    let enterpriseID: Int
    let standing: EnterpriseStanding
    let state: State

    func render(_ ctx: PageContext) -> HTML {
        guard standing.mayShowCode || standing.mayInviteUsers else { return .empty }
        return H.section(.cls("card"), .id("service")) {
            H.h2 { ctx.t("enterpriseCode.title") }
            if let link = state.link {
                H.div(.cls("code-block")) {
                    H.img(Attr("src", SiteURL.enterpriseCodeImage(.value(enterpriseID)).path), Attr("alt", ctx.t("enterpriseCode.alt")),
                          Attr("width", "180"), Attr("height", "180"), .cls("qr-image"))
                    H.div {
                        H.p(.cls("hint")) { ctx.t("enterpriseCode.hint") }
                        H.code(.cls("secret")) { link }
                        if ctx.can(EnterprisePolicy.manage) {
                            Components.actionButton(ctx, action: SiteURL.enterpriseCodeReset(.value(enterpriseID)).path, labelKey: "enterpriseCode.resetAction",
                                                    style: "btn-ghost", confirmKey: "enterpriseCode.resetConfirm")
                        }
                    }
                }
            }
            if standing.mayInviteUsers { users(ctx) }
        }
    }

    private func users(_ ctx: PageContext) -> HTML {
        H.div {
            H.h3 { ctx.t("enterpriseUser.title") }
            if let invitation = state.invitation {
                H.div(.cls("flash flash-success"), Attr("role", "status")) {
                    H.p { ctx.t("enterpriseUser.invitationLink") }
                    H.code(.cls("secret")) { invitation }
                }
            }
            if state.accounts.isEmpty {
                Components.emptyState(ctx, titleKey: "enterpriseUser.none")
            } else {
                Components.table(caption: ctx.t("enterpriseUser.title"),
                                 headers: [ctx.t("contact.name"), ctx.t("contact.phone"), ctx.t("common.status"), ctx.t("user.lastLogin"), ""],
                                 rows: state.accounts.map { account in [
                                    .text(account.name), .text(Masking.phone(account.phone)),
                                    !account.active ? Components.badge(ctx.t("enterpriseUser.inactive"), .neutral)
                                        : account.activated ? Components.badge(ctx.t("enterpriseUser.activated"), .success)
                                        : Components.badge(ctx.t("enterpriseUser.invited"), .warning),
                                    .text(DisplayTime.format(account.lastLoginAt)),
                                    account.active
                                        ? Components.actionButton(ctx, action: SiteURL.enterpriseUserDeactivate(.value(enterpriseID), .value(account.id)).path,
                                                                  labelKey: "action.deactivate", style: "btn-ghost", confirmKey: "enterpriseUser.deactivateConfirm")
                                        : .empty,
                                 ] })
            }
            H.tag("details", .when(!state.inviteErrors.isEmpty, .flag("open"))) {
                H.tag("summary") { ctx.t("enterpriseUser.invite") }
                H.form(Attr("method", "post"), Attr("action", SiteURL.enterpriseUsers(.value(enterpriseID)).path), .cls("form-grid")) {
                    Components.csrfField(ctx)
                    Components.formErrorSummary(ctx, state.inviteErrors)
                    Components.textField(ctx, name: "name", labelKey: "contact.name", value: state.inviteName, errors: state.inviteErrors, required: true)
                    Components.textField(ctx, name: "phone", labelKey: "enterpriseUser.mobile", value: state.invitePhone, errors: state.inviteErrors,
                                         type: "tel", required: true, hintKey: "enterpriseUser.mobileHint", autocomplete: "off")
                    H.div(.cls("form-actions")) { H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("enterpriseUser.invite") } }
                }
            }
        }
    }
}

struct EnterpriseLoginPage {
    let code: String
    let phone: String
    let errorKey: String?

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("enterpriseLogin.title")) {
            H.div(.cls("login-card")) {
                H.h1 { ctx.t("enterpriseLogin.title") }
                H.p(.cls("muted")) { ctx.t("enterpriseLogin.subtitle") }
                if let errorKey { H.div(.cls("flash flash-error"), Attr("role", "alert")) { ctx.t(errorKey) } }
                H.form(Attr("method", "post"), Attr("action", SiteURL.enterpriseLogin.path)) {
                    Components.csrfField(ctx)
                    Components.textField(ctx, name: "code", labelKey: "enterprise.creditCode", value: code, errors: .none, required: true, autocomplete: "off")
                    Components.textField(ctx, name: "phone", labelKey: "enterpriseUser.mobile", value: phone, errors: .none, type: "tel", required: true,
                                         autocomplete: "tel")
                    Components.textField(ctx, name: "password", labelKey: "login.password", value: nil, errors: .none, type: "password", required: true,
                                         autocomplete: "current-password")
                    H.button(.type("submit"), .cls("btn btn-primary btn-block")) { ctx.t("login.submit") }
                }
                H.p(.cls("muted login-portal")) { H.a(.href(SiteURL.login.path)) { ctx.t("enterpriseLogin.staffLink") } }
            }
        }
    }
}

/// An enterprise user's own firm: its public facts, the people who serve it, its contacts
/// (masked) and the corrections it has sent, with the form to send one.
struct MyFirmPage {
    let dossier: EnterpriseDossier
    let requests: [ContactCorrections.Request]
    let input: EnterpriseContacts.Input
    let replaces: String
    let note: String
    let errors: FormErrors

    func render(_ ctx: PageContext) -> HTML {
        let enterprise = dossier.enterprise
        return Layout.page(ctx, title: enterprise.name) {
            Components.pageHeader(enterprise.name, subtitle: enterprise.creditCode)
            H.section(.cls("card")) {
                H.h2 { ctx.t("enterprise.facts") }
                Components.details([
                    (ctx.t("enterprise.legalRepresentative"), .text(enterprise.legalRepresentative.isEmpty ? "—" : enterprise.legalRepresentative)),
                    (ctx.t("enterprise.region"), .text(dossier.regionName ?? "—")),
                    (ctx.t("enterprise.address"), .text(enterprise.address.isEmpty ? "—" : enterprise.address)),
                    (ctx.t("enterprise.industry"), .text(EnterpriseViews.industry(ctx, enterprise.industryCode))),
                    (ctx.t("enterprise.registeredOn"), .text(enterprise.registeredOn ?? "—")),
                    (ctx.t("common.status"), EnterpriseViews.statusBadge(ctx, enterprise.status.rawValue)),
                ])
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("myFirm.servedBy") }
                EnterpriseServicePage.team(ctx, dossier.currentPairings)
            }
            H.section(.cls("card"), .id("contacts")) {
                H.h2 { ctx.t("contact.title") }
                if dossier.contacts.isEmpty {
                    Components.emptyState(ctx, titleKey: "contact.empty")
                } else {
                    Components.table(caption: ctx.t("contact.title"), headers: [ctx.t("contact.name"), ctx.t("contact.role"), ctx.t("contact.phone")],
                                     rows: dossier.contacts.map { [.text($0.name), .text($0.role.isEmpty ? "—" : $0.role), .text(Masking.phone($0.phone))] })
                }
                H.tag("details", .when(!errors.isEmpty, .flag("open"))) {
                    H.tag("summary") { ctx.t("contactRequest.new") }
                    H.form(Attr("method", "post"), Attr("action", SiteURL.myFirmCorrections.path), .cls("form-grid")) {
                        Components.csrfField(ctx)
                        Components.formErrorSummary(ctx, errors)
                        Components.selectField(ctx, name: "replaces", labelKey: "contactRequest.replaces",
                                               choices: [Components.Choice("", ctx.t("contactRequest.addNew"))]
                                                + dossier.contacts.map { Components.Choice(String($0.id), "\($0.name) \(Masking.phone($0.phone))") },
                                               selected: [replaces], errors: errors)
                        Components.textField(ctx, name: "name", labelKey: "contact.name", value: input.name, errors: errors, required: true)
                        Components.textField(ctx, name: "role", labelKey: "contact.role", value: input.role, errors: errors)
                        Components.textField(ctx, name: "phone", labelKey: "contact.phone", value: input.phone, errors: errors, type: "tel", required: true)
                        Components.textField(ctx, name: "note", labelKey: "contactRequest.note", value: note, errors: errors)
                        H.div(.cls("form-actions")) { H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("contactRequest.send") } }
                    }
                }
                if !requests.isEmpty {
                    H.h3 { ctx.t("contactRequest.sentTitle") }
                    ContactRequestsPage.table(ctx, requests, actions: false)
                }
            }
        }
    }
}

/// The office's queue of contact corrections.
struct ContactRequestsPage {
    let requests: [ContactCorrections.Request]
    let status: ContactCorrections.Status?

    static func table(_ ctx: PageContext, _ requests: [ContactCorrections.Request], actions: Bool) -> HTML {
        Components.table(caption: ctx.t("contactRequest.title"),
                         headers: [ctx.t("contactRequest.enterprise"), ctx.t("contactRequest.change"), ctx.t("contactRequest.note"),
                                   ctx.t("common.status"), ctx.t("common.createdAt"), ctx.t("contactRequest.review")],
                         rows: requests.map { request in [
                            actions ? H.a(.href(SiteURL.enterprise(.value(request.enterpriseID)).path)) { request.enterpriseName } : .text(request.enterpriseName),
                            .text((request.replacesName.map { ctx.t("contactRequest.replacing", $0) + " → " } ?? ctx.t("contactRequest.adding") + " ")
                                  // Masked here too: whole numbers are seen on the firm's page, where each reveal is audited.
                                  + "\(request.name) \(request.role) \(Masking.phone(request.phone))"),
                            .text(request.note.isEmpty ? "—" : request.note),
                            Components.badge(ctx.t(request.status.labelKey), request.status == .approved ? .success : request.status == .rejected ? .danger : .warning),
                            .text(DisplayTime.format(request.createdAt)),
                            actions && request.status == .pending ? H.span(.cls("button-row")) {
                                Components.actionButton(ctx, action: SiteURL.contactRequestReview(.value(request.id)).path, labelKey: "contactRequest.approve",
                                                        hidden: [("decision", "approve")])
                                Components.actionButton(ctx, action: SiteURL.contactRequestReview(.value(request.id)).path, labelKey: "contactRequest.reject",
                                                        style: "btn-ghost", askReason: true, hidden: [("decision", "reject")])
                            } : .text([request.reviewerName, request.reviewReason].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: "：")),
                         ] })
    }

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t("contactRequest.title")
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title, subtitle: ctx.t("contactRequest.subtitle"))
            H.nav(.cls("tabs"), .aria("label", title)) {
                for (value, key) in [("pending", "contactRequest.status.pending"), ("approved", "contactRequest.status.approved"),
                                     ("rejected", "contactRequest.status.rejected"), ("all", "contactRequest.all")] {
                    let current = (status?.rawValue ?? "all") == value
                    H.a(.href(SiteURL.contactRequests.with([("status", value)])), .cls(current ? "tab active" : "tab"),
                        .when(current, .aria("current", "page"))) { ctx.t(key) }
                }
            }
            H.section(.cls("card")) {
                if requests.isEmpty {
                    Components.emptyState(ctx, titleKey: "contactRequest.none")
                } else {
                    Self.table(ctx, requests, actions: true)
                }
            }
        }
    }
}

/// The page behind the enterprise code: which firm, and who serves it. Later issues add the
/// demand and rating entries here.
struct EnterpriseServicePage {
    let enterprise: Enterprise
    let pairings: [PairingRow]

    static func team(_ ctx: PageContext, _ pairings: [PairingRow]) -> HTML {
        if pairings.isEmpty { return Components.emptyState(ctx, titleKey: "pairing.none") }
        return Components.table(caption: ctx.t("myFirm.servedBy"), headers: [ctx.t("pairing.kind"), ctx.t("pairing.person"), ctx.t("pairing.unit")],
                                rows: pairings.map { [Components.badge(ctx.t($0.kind.labelKey), .info), .text($0.userName), .text($0.unitName ?? "—")] })
    }

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: enterprise.name) {
            Components.pageHeader(enterprise.name, subtitle: ctx.t("enterpriseCode.pageSubtitle"))
            H.section(.cls("card")) {
                H.h2 { ctx.t("myFirm.servedBy") }
                Self.team(ctx, pairings)
            }
            if ctx.principal == nil {
                H.p { H.a(.cls("btn btn-primary"), .href(SiteURL.enterpriseLogin.with([("code", enterprise.creditCode)]))) { ctx.t("enterpriseCode.signIn") } }
            }
        }
    }
}
