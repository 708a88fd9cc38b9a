import Foundation

/// The coverage board: figures per kind, people over their load, and the office's tools (rules
/// with a preview, hand-over, the kinds' settings).
struct PairingBoardPage {
    let summary: PairingCoverage.Summary
    let regions: [Components.Choice]
    let units: [Components.Choice]
    let errors: FormErrors

    private var overloaded: [PairingCoverage.Overloaded] { summary.overloaded }

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("pairing.boardTitle")) {
            Components.pageHeader(ctx.t("pairing.boardTitle"), subtitle: ctx.t("pairing.boardSubtitle"))
            Components.formErrorSummary(ctx, errors)
            H.div(.cls("stat-grid")) {
                Components.stat(String(summary.activeFirms), label: ctx.t("pairing.activeFirms"), link: SiteURL.enterprises.path)
                Components.stat(String(summary.unpairedFirms), label: ctx.t("pairing.unpairedFirms"), tone: summary.unpairedFirms > 0 ? "warning" : "done",
                                link: SiteURL.enterprises.with([("unpaired", "1")]))
                Components.stat(String(overloaded.count), label: ctx.t("pairing.overloadedPeople"), tone: overloaded.isEmpty ? "done" : "red")
                Components.stat(String(summary.kinds.map(\.overdue).reduce(0, +)), label: ctx.t("pairing.overdueVisits"), tone: "red",
                                link: SiteURL.pairingOverdue.path)
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("pairing.byKind") }
                Components.table(caption: ctx.t("pairing.byKind"),
                                 headers: [ctx.t("pairing.kind"), ctx.t("pairing.pairedFirms"), ctx.t("pairing.people"), ctx.t("pairing.overloadedPeople"),
                                           ctx.t("pairing.overdueVisits"), ctx.t("pairing.visitDays"), ctx.t("pairing.maxLoad")],
                                 rows: summary.kinds.map { kind in [
                                    .text(ctx.t(kind.kind.labelKey)), .text(String(kind.pairedFirms)), .text(String(kind.people)), .text(String(kind.overloaded)),
                                    H.a(.href(SiteURL.pairingOverdue.with([("kind", kind.kind.rawValue)]))) { String(kind.overdue) },
                                    .text(String(kind.visitDays)), .text(String(kind.maxLoad)),
                                 ] })
            }
            if !overloaded.isEmpty {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("pairing.overloadedPeople") }
                    Components.table(caption: ctx.t("pairing.overloadedPeople"),
                                     headers: [ctx.t("pairing.person"), ctx.t("pairing.unit"), ctx.t("pairing.kind"), ctx.t("pairing.load")],
                                     rows: overloaded.prefix(200).map { item in [
                                        .text(item.name), .text(item.unitName ?? "—"), .text(ctx.t(item.kind.labelKey)), .text("\(item.load) / \(item.maxLoad)"),
                                     ] })
                }
            }
            if ctx.can(EnterprisePolicy.pair) {
                H.div(.cls("columns")) {
                    ruleForm(ctx)
                    H.div {
                        handOverForm(ctx)
                        settingsForm(ctx)
                    }
                }
            }
        }
    }

    private func ruleForm(_ ctx: PageContext) -> HTML {
        H.section(.cls("card")) {
            H.h2 { ctx.t("pairing.ruleTitle") }
            H.p(.cls("hint")) { ctx.t("pairing.ruleHint") }
            H.form(Attr("method", "get"), Attr("action", SiteURL.pairingPreview.path), .cls("form-grid")) {
                Components.selectField(ctx, name: "kind", labelKey: "pairing.kind",
                                       choices: PairingKind.choices(ctx), selected: [], errors: errors, required: true)
                Components.selectField(ctx, name: "scale", labelKey: "enterprise.scale",
                                       choices: ScaleGroup.choices(ctx), selected: [], errors: errors,
                                       blankKey: "enterprise.allScales")
                Components.selectField(ctx, name: "region", labelKey: "enterprise.region",
                                       choices: regions,
                                       selected: [], errors: errors, blankKey: "enterprise.allRegions")
                Components.selectField(ctx, name: "size", labelKey: "enterprise.size",
                                       choices: EnterpriseSize.choices(ctx), selected: [], errors: errors,
                                       blankKey: "enterprise.allSizes")
                Components.selectField(ctx, name: "tag", labelKey: "enterprise.tags",
                                       choices: EnterpriseTag.choices(ctx), selected: [], errors: errors,
                                       blankKey: "enterprise.allTags")
                Components.selectField(ctx, name: "pool", labelKey: "pairing.pool",
                                       choices: PairingRule.Pool.choices(ctx), selected: [], errors: errors,
                                       required: true)
                Components.selectField(ctx, name: "poolUnit", labelKey: "pairing.poolUnit",
                                       choices: units,
                                       selected: [], errors: errors, blankKey: "common.choose")
                H.div(.cls("form-actions")) { H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("pairing.preview") } }
            }
        }
    }

    private func handOverForm(_ ctx: PageContext) -> HTML {
        H.section(.cls("card")) {
            H.h2 { ctx.t("pairing.handOverTitle") }
            H.p(.cls("hint")) { ctx.t("pairing.handOverHint") }
            H.form(Attr("method", "post"), Attr("action", SiteURL.pairingHandOver.path), .cls("form-grid")) {
                Components.csrfField(ctx)
                Components.textField(ctx, name: "from", labelKey: "pairing.handOverFrom", value: nil, errors: errors, required: true)
                Components.textField(ctx, name: "to", labelKey: "pairing.handOverTo", value: nil, errors: errors, hintKey: "pairing.handOverToHint")
                Components.textField(ctx, name: "reason", labelKey: "common.reason", value: nil, errors: errors, required: true)
                H.div(.cls("form-actions")) { H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("pairing.handOver") } }
            }
        }
    }

    private func settingsForm(_ ctx: PageContext) -> HTML {
        H.section(.cls("card")) {
            H.h2 { ctx.t("pairing.settingsTitle") }
            H.form(Attr("method", "post"), Attr("action", SiteURL.pairingSettings.path)) {
                Components.csrfField(ctx)
                Components.table(caption: ctx.t("pairing.settingsTitle"), headers: [ctx.t("pairing.kind"), ctx.t("pairing.visitDays"), ctx.t("pairing.maxLoad")],
                                 rows: summary.kinds.map { kind in [
                                    .text(ctx.t(kind.kind.labelKey)),
                                    H.input(.type("number"), .name("visitDays.\(kind.kind.rawValue)"), .value(String(kind.visitDays)), Attr("min", "1"), Attr("max", "366"),
                                            .aria("label", ctx.t("pairing.visitDays") + " " + ctx.t(kind.kind.labelKey))),
                                    H.input(.type("number"), .name("maxLoad.\(kind.kind.rawValue)"), .value(String(kind.maxLoad)), Attr("min", "1"),
                                            .aria("label", ctx.t("pairing.maxLoad") + " " + ctx.t(kind.kind.labelKey))),
                                 ] })
                H.div(.cls("form-actions")) { H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("action.save") } }
            }
        }
    }
}

/// What a rule would do (or, once applied, did): counts, the people's loads after it, regions
/// nobody could take, and a sample of the pairs.
struct PairingPlanPage {
    let rule: PairingRule
    let query: FormInput
    let plan: PairingRules.Plan
    let firmNames: [Int: String]
    let applied: Bool

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t(applied ? "pairing.appliedTitle" : "pairing.previewTitle")
        let names = Dictionary(plan.people.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let changed = plan.people.filter { $0.loadAfter != $0.loadBefore }.sorted { ($1.loadAfter, $0.id) < ($0.loadAfter, $1.id) }
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title, subtitle: ctx.t(rule.kind.labelKey) + " · " + ctx.t(rule.pool.labelKey)) {
                H.a(.cls("btn btn-ghost"), .href(SiteURL.pairing.path)) { ctx.t("pairing.boardTitle") }
            }
            H.div(.cls("stat-grid")) {
                Components.stat(String(plan.matched), label: ctx.t("pairing.matched"))
                Components.stat(String(plan.alreadyPaired), label: ctx.t("pairing.alreadyHeld"))
                Components.stat(String(plan.assignments.count), label: ctx.t(applied ? "pairing.assignedCount" : "pairing.toAssign"), tone: "green")
                Components.stat(String(plan.leftOver), label: ctx.t("pairing.leftOver"), tone: plan.leftOver > 0 ? "red" : nil)
                Components.stat(String(plan.maxLoad), label: ctx.t("pairing.maxLoad"))
            }
            if !applied && !plan.assignments.isEmpty {
                H.form(Attr("method", "post"), Attr("action", SiteURL.pairingApply.path), .cls("card")) {
                    Components.csrfField(ctx)
                    for field in PairingController.ruleFields { H.input(.type("hidden"), .name(field), .value(query[field] ?? "")) }
                    H.p { ctx.t("pairing.applyHint") }
                    H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("pairing.apply", String(plan.assignments.count)) }
                }
            }
            if !plan.regionsWithoutPeople.isEmpty {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("pairing.regionsWithoutPeople") }
                    Components.table(caption: ctx.t("pairing.regionsWithoutPeople"), headers: [ctx.t("enterprise.region"), ctx.t("pairing.leftOver")],
                                     rows: plan.regionsWithoutPeople.map { [.text($0.name), .text(String($0.firms))] })
                }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("pairing.loads") }
                if changed.isEmpty {
                    Components.emptyState(ctx, titleKey: "pairing.nobodyGetsFirms")
                } else {
                    Components.table(caption: ctx.t("pairing.loads"),
                                     headers: [ctx.t("pairing.person"), ctx.t("pairing.unit"), ctx.t("pairing.loadBefore"), ctx.t("pairing.loadAfter")],
                                     rows: changed.prefix(100).map { person in [
                                        .text(person.name), .text(person.unitName ?? "—"), .text(String(person.loadBefore)), .text(String(person.loadAfter)),
                                     ] })
                    if changed.count > 100 { H.p(.cls("muted")) { ctx.t("pairing.morePeople", String(changed.count - 100)) } }
                }
            }
            if !plan.assignments.isEmpty {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("pairing.sample") }
                    Components.table(caption: ctx.t("pairing.sample"), headers: [ctx.t("enterprise.name"), ctx.t("pairing.person")],
                                     rows: plan.assignments.prefix(20).map { item in [
                                        H.a(.href(SiteURL.enterprise(.value(item.enterprise)).path)) { firmNames[item.enterprise] ?? String(item.enterprise) },
                                        .text(names[item.person] ?? String(item.person)),
                                     ] })
                }
            }
        }
    }
}

/// Firms whose visit is overdue, the longest first, per kind.
struct OverdueVisitsPage {
    let rows: [PairingCoverage.Due]
    let total: Int
    let page: Pagination
    let kind: PairingKind?

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("pairing.overdueTitle")) {
            Components.pageHeader(ctx.t("pairing.overdueTitle"), subtitle: ctx.t("pairing.overdueSubtitle")) {
                H.a(.cls("btn btn-ghost"), .href(SiteURL.pairing.path)) { ctx.t("pairing.boardTitle") }
            }
            H.nav(.cls("tabs"), .aria("label", ctx.t("pairing.kind"))) {
                H.a(.cls(kind == nil ? "tab active" : "tab"), .href(SiteURL.pairingOverdue.path)) { ctx.t("pairing.allKinds") }
                for option in PairingKind.allCases {
                    H.a(.cls(kind == option ? "tab active" : "tab"), .href(SiteURL.pairingOverdue.with([("kind", option.rawValue)]))) { ctx.t(option.labelKey) }
                }
            }
            if rows.isEmpty {
                Components.emptyState(ctx, titleKey: "pairing.noneOverdue")
            } else {
                FirmDueTable.render(ctx, rows, showPerson: true)
                Components.pagination(ctx, page: page, total: total) { SiteURL.pairingOverdue.with([("kind", kind?.rawValue ?? ""), ("page", String($0))]) }
            }
        }
    }
}

/// Firms with the day their next visit is due: the overdue list and a person's own firms.
enum FirmDueTable {
    /// Overdue in red, due within a week in amber.
    private static func due(_ ctx: PageContext, _ day: CivilDate, today: CivilDate) -> HTML {
        if day < today { return Components.badge(ctx.t("pairing.overdueSince", day.description), .danger) }
        if day.dayNumber - today.dayNumber <= 7 { return Components.badge(day.description, .warning) }
        return .text(day.description)
    }

    static func render(_ ctx: PageContext, _ rows: [PairingCoverage.Due], showPerson: Bool, today: CivilDate = CivilDate.today()) -> HTML {
        var headers = [ctx.t("enterprise.name"), ctx.t("pairing.kind")]
        if showPerson { headers.append(ctx.t("pairing.person")) }
        headers += [ctx.t("enterprise.lastVisited"), ctx.t("pairing.dueOn")]
        return Components.table(caption: ctx.t("pairing.dueOn"), headers: headers, rows: rows.map { row in
            var cells: [HTML] = [H.a(.href(SiteURL.enterprise(.value(row.enterpriseID)).path)) { row.enterpriseName }, .text(ctx.t(row.kind.labelKey))]
            if showPerson { cells.append(.text(row.userName)) }
            cells.append(.text(row.lastVisitedOn ?? ctx.t("enterprise.neverVisited")))
            cells.append(due(ctx, row.dueOn, today: today))
            return cells
        })
    }
}
