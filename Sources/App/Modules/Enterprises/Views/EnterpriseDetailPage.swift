import Foundation

/// One enterprise's file (一企一档): its registration facts, contacts (masked until someone who
/// serves it reveals them), who is paired with it now and before, its visits with the problems
/// raised, and the history of every change. Later modules add their sections below these.
struct EnterpriseDetailPage {
    let dossier: EnterpriseDossier
    let standing: EnterpriseStanding
    let revealed: Bool
    var contactInput = EnterpriseContacts.Input()
    var contactErrors = FormErrors.none
    var pairingErrors = FormErrors.none
    /// The pairing form as it was sent, when it comes back with problems.
    var pairingInput = FormInput(pairs: [])
    var service = EnterpriseServiceSection.State()

    private var enterprise: Enterprise { dossier.enterprise }

    func render(_ ctx: PageContext) -> HTML {
        let id = enterprise.id ?? 0
        return Layout.page(ctx, title: enterprise.name) {
            Components.pageHeader(enterprise.name, subtitle: enterprise.creditCode) {
                Components.historyLink(ctx, entityType: "enterprise", id: id)
                if standing.mayRecordVisits {
                    H.a(.cls("btn btn-primary"), .href(SiteURL.enterpriseVisitNew(.value(id)).path)) { ctx.t("visit.record") }
                }
                if ctx.can(EnterprisePolicy.manage) {
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.enterpriseEdit(.value(id)).path)) { ctx.t("action.edit") }
                }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("enterprise.facts") }
                Components.details(facts(ctx))
            }
            contacts(ctx, id: id)
            pairings(ctx, id: id)
            EnterpriseServiceSection(enterpriseID: id, standing: standing, state: service).render(ctx)
            visits(ctx, id: id)
            history(ctx)
        }
    }

    private func facts(_ ctx: PageContext) -> [(String, HTML)] {
        let code = CreditCode(enterprise.creditCode)
        let codeWords = [code?.authorityKey, code?.entityTypeKey].compactMap { $0.map { ctx.t($0) } }.joined(separator: " · ")
        let capital = enterprise.capital?.formatted(ctx.lang)
        var scale: [String] = []
        if enterprise.aboveScale { scale.append(ctx.t("scaleGroup.above")) }
        if enterprise.upgradeCandidate { scale.append(ctx.t("scaleGroup.candidate")) }
        return [
            (ctx.t("enterprise.creditCode"), H.span { H.code { enterprise.creditCode }; if !codeWords.isEmpty { H.small(.cls("muted")) { " " + codeWords } } }),
            (ctx.t("enterprise.formerNames"), .text(dossier.formerNames.isEmpty ? "—" : dossier.formerNames.joined(separator: "；"))),
            (ctx.t("enterprise.legalRepresentative"), .text(enterprise.legalRepresentative.isEmpty ? "—" : enterprise.legalRepresentative)),
            (ctx.t("enterprise.region"), .text(dossier.regionName ?? "—")),
            (ctx.t("enterprise.address"), .text(enterprise.address.isEmpty ? "—" : enterprise.address)),
            (ctx.t("enterprise.industry"), .text(EnterpriseViews.industry(ctx, enterprise.industryCode))),
            (ctx.t("enterprise.size"), .text(EnterpriseViews.size(ctx, enterprise.size?.rawValue))),
            (ctx.t("enterprise.scale"), .text(scale.isEmpty ? "—" : scale.joined(separator: "、"))),
            (ctx.t("enterprise.registeredOn"), .text(enterprise.registeredOn ?? "—")),
            (ctx.t("enterprise.capital"), .text(capital ?? "—")),
            (ctx.t("enterprise.employees"), .text(enterprise.employees.map(String.init) ?? "—")),
            (ctx.t("enterprise.tags"), dossier.tags.isEmpty ? .text("—") : H.span(.cls("badge-row")) {
                for tag in dossier.tags { Components.badge(ctx.t(tag.labelKey), .info) }
            }),
            (ctx.t("common.status"), H.span {
                EnterpriseViews.statusBadge(ctx, enterprise.status.rawValue)
                if let closed = enterprise.closedOn { H.small(.cls("muted")) { " " + ctx.t("enterprise.closedOnValue", closed) } }
            }),
            (ctx.t("enterprise.lastVisited"), .text(enterprise.lastVisitedOn ?? ctx.t("enterprise.neverVisited"))),
            (ctx.t("enterprise.source"), .text(EnterpriseViews.source(ctx, enterprise.source))),
            (ctx.t("enterprise.updatedAt"), .text(DisplayTime.format(enterprise.updatedAt))),
        ]
    }

    private func contacts(_ ctx: PageContext, id: Int) -> HTML {
        H.section(.cls("card"), .id("contacts")) {
            H.div(.cls("card-head")) {
                H.h2 { ctx.t("contact.title") }
                if standing.mayRevealContacts && !revealed && !dossier.contacts.isEmpty {
                    Components.actionButton(ctx, action: SiteURL.enterpriseContactsReveal(.value(id)).path, labelKey: "contact.reveal")
                }
            }
            if revealed { H.p(.cls("flash flash-info"), Attr("role", "status")) { ctx.t("contact.revealedNotice") } }
            if dossier.contacts.isEmpty {
                Components.emptyState(ctx, titleKey: "contact.empty")
            } else {
                Components.table(caption: ctx.t("contact.title"),
                                 headers: [ctx.t("contact.name"), ctx.t("contact.role"), ctx.t("contact.phone"), ctx.t("contact.idNumber"), ""],
                                 rows: dossier.contacts.map { contact in [
                                    .text(contact.name), .text(contact.role.isEmpty ? "—" : contact.role),
                                    .text(revealed ? contact.phone : Masking.phone(contact.phone)),
                                    .text(contact.idNumber.map { revealed ? $0 : Masking.idNumber($0) } ?? "—"),
                                    standing.mayEditContacts
                                        ? Components.actionButton(ctx, action: SiteURL.enterpriseContactDelete(.value(id), .value(contact.id)).path,
                                                                  labelKey: "action.delete", style: "btn-ghost", confirmKey: "contact.deleteConfirm")
                                        : .empty,
                                 ] })
            }
            if !standing.mayRevealContacts { H.p(.cls("hint")) { ctx.t("contact.maskedHint") } }
            if standing.mayEditContacts {
                H.tag("details", .when(!contactErrors.isEmpty, .flag("open"))) {
                    H.tag("summary") { ctx.t("contact.add") }
                    H.form(Attr("method", "post"), Attr("action", SiteURL.enterpriseContacts(.value(id)).path), .cls("form-grid")) {
                        Components.csrfField(ctx)
                        Components.formErrorSummary(ctx, contactErrors)
                        Components.textField(ctx, name: "name", labelKey: "contact.name", value: contactInput.name, errors: contactErrors, required: true)
                        Components.textField(ctx, name: "role", labelKey: "contact.role", value: contactInput.role, errors: contactErrors)
                        Components.textField(ctx, name: "phone", labelKey: "contact.phone", value: contactInput.phone, errors: contactErrors, type: "tel",
                                             required: true, autocomplete: "off")
                        Components.textField(ctx, name: "idNumber", labelKey: "contact.idNumber", value: contactInput.idNumber, errors: contactErrors,
                                             hintKey: "contact.idNumberHint", autocomplete: "off")
                        H.div(.cls("form-actions")) { H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("contact.add") } }
                    }
                }
            }
        }
    }

    private func pairings(_ ctx: PageContext, id: Int) -> HTML {
        let current = dossier.currentPairings
        let ended = dossier.pairings.filter { $0.endedAt != nil }
        return H.section(.cls("card"), .id("pairings")) {
            H.h2 { ctx.t("pairing.title") }
            if current.isEmpty {
                Components.emptyState(ctx, titleKey: "pairing.none")
            } else {
                Components.table(caption: ctx.t("pairing.current"),
                                 headers: [ctx.t("pairing.kind"), ctx.t("pairing.person"), ctx.t("pairing.unit"), ctx.t("pairing.since"), ctx.t("pairing.reason"), ""],
                                 rows: current.map { pairing in [
                                    Components.badge(ctx.t(pairing.kind.labelKey), .info), .text(pairing.userName), .text(pairing.unitName ?? "—"),
                                    .text(DisplayTime.format(pairing.startedAt, withTime: false)), .text(pairing.startReason.isEmpty ? "—" : pairing.startReason),
                                    ctx.can(EnterprisePolicy.pair)
                                        ? Components.actionButton(ctx, action: SiteURL.pairingEnd(.value(pairing.id)).path, labelKey: "pairing.end",
                                                                  style: "btn-ghost", askReason: true)
                                        : .empty,
                                 ] })
            }
            if ctx.can(EnterprisePolicy.pair) {
                H.tag("details", .when(!pairingErrors.isEmpty, .flag("open"))) {
                    H.tag("summary") { ctx.t("pairing.assign") }
                    H.form(Attr("method", "post"), Attr("action", SiteURL.enterprisePairings(.value(id)).path), .cls("form-grid")) {
                        Components.csrfField(ctx)
                        Components.formErrorSummary(ctx, pairingErrors)
                        Components.selectField(ctx, name: "kind", labelKey: "pairing.kind",
                                               choices: PairingKind.choices(ctx), selected: [pairingInput["kind"] ?? ""], errors: pairingErrors,
                                               required: true)
                        Components.textField(ctx, name: "person", labelKey: "pairing.personUsername", value: pairingInput["person"], errors: pairingErrors, required: true,
                                             hintKey: "pairing.personHint")
                        Components.textField(ctx, name: "reason", labelKey: "pairing.reason", value: pairingInput["reason"], errors: pairingErrors)
                        H.div(.cls("form-actions")) { H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("pairing.assign") } }
                    }
                }
            }
            if !ended.isEmpty {
                H.h3 { ctx.t("pairing.history") }
                Components.table(caption: ctx.t("pairing.history"),
                                 headers: [ctx.t("pairing.kind"), ctx.t("pairing.person"), ctx.t("pairing.since"), ctx.t("pairing.until"), ctx.t("pairing.endReason")],
                                 rows: ended.map { pairing in [
                                    .text(ctx.t(pairing.kind.labelKey)), .text(pairing.userName), .text(DisplayTime.format(pairing.startedAt, withTime: false)),
                                    .text(DisplayTime.format(pairing.endedAt, withTime: false)), .text(pairing.endReason ?? "—"),
                                 ] })
            }
        }
    }

    private func visits(_ ctx: PageContext, id: Int) -> HTML {
        H.section(.cls("card"), .id("visits")) {
            H.h2 { ctx.t("visit.title") }
            if dossier.visits.isEmpty {
                Components.emptyState(ctx, titleKey: "visit.none")
            } else {
                VisitViews.list(ctx, dossier.visits, showEnterprise: false)
                if dossier.visits.count == EnterpriseDossier.visitsShown { H.p(.cls("muted")) { ctx.t("visit.latestOnly", String(EnterpriseDossier.visitsShown)) } }
            }
        }
    }

    private func history(_ ctx: PageContext) -> HTML {
        H.section(.cls("card"), .id("history")) {
            H.h2 { ctx.t("enterprise.changes") }
            if dossier.changes.isEmpty {
                Components.emptyState(ctx, titleKey: "enterprise.noChanges")
            } else {
                Components.table(caption: ctx.t("enterprise.changes"),
                                 headers: [ctx.t("common.time"), ctx.t("enterprise.changedBy"), ctx.t("enterprise.source"), ctx.t("enterprise.field"),
                                           ctx.t("enterprise.before"), ctx.t("enterprise.after")],
                                 rows: dossier.changes.map { change in [
                                    .text(DisplayTime.format(change.changedAt)), .text(change.actorName), .text(EnterpriseViews.source(ctx, change.source)),
                                    .text(ctx.t("enterpriseField.\(change.field)")),
                                    .text(EnterpriseViews.fieldValue(ctx, change.field, change.before)),
                                    .text(EnterpriseViews.fieldValue(ctx, change.field, change.after)),
                                 ] })
                if dossier.changes.count == EnterpriseDossier.changesShown { H.p(.cls("muted")) { ctx.t("enterprise.latestChangesOnly", String(EnterpriseDossier.changesShown)) } }
            }
        }
    }
}
