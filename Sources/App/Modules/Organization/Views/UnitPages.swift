import Foundation

enum UnitViews {
    static func kindBadge(_ ctx: PageContext, _ kind: String) -> HTML {
        let tone: Components.Tone = switch UnitKind(rawValue: kind) {
        case .city: .info
        case .district, .county, .countyCity: .success
        case .department: .warning
        default: .neutral
        }
        return Components.badge(ctx.t("unitKind.\(kind)"), tone)
    }
}

struct UnitListPage {
    let rows: [UnitRow]
    let total: Int
    let page: Pagination
    let query: FormInput

    func render(_ ctx: PageContext) -> HTML {
        let filters: [(String, String)] = [("q", query["q"] ?? ""), ("kind", query["kind"] ?? ""), ("status", query["status"] ?? "")]
        return Layout.page(ctx, title: ctx.t("unit.listTitle")) {
            Components.pageHeader(ctx.t("unit.listTitle"), subtitle: ctx.t("unit.listSubtitle")) {
                if ctx.can(OrganizationPolicy.exportUnits) {
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.unitsExport.with(filters))) { ctx.t("action.exportXLSX") }
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.unitsExport.with(filters + [("format", "csv")]))) { ctx.t("action.exportCSV") }
                }
                if ctx.can(OrganizationPolicy.manageUnits) {
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.unitsImport.path)) { ctx.t("action.import") }
                    H.a(.cls("btn btn-primary"), .href(SiteURL.unitNew.path)) { ctx.t("unit.new") }
                }
            }
            H.form(Attr("method", "get"), Attr("action", SiteURL.units.path), .cls("filter-bar"), Attr("role", "search")) {
                H.label(.cls("sr-only"), Attr("for", "q")) { ctx.t("common.search") }
                H.input(.type("search"), .id("q"), .name("q"), .value(query["q"] ?? ""), Attr("placeholder", ctx.t("unit.searchPlaceholder")))
                H.label(.cls("sr-only"), Attr("for", "kind")) { ctx.t("unit.kind") }
                H.select(.id("kind"), .name("kind")) {
                    H.option(.value("")) { ctx.t("unit.allKinds") }
                    for kind in UnitKind.allCases {
                        H.option(.value(kind.rawValue), .when(query["kind"] == kind.rawValue, .flag("selected"))) { ctx.t(kind.labelKey) }
                    }
                }
                H.label(.cls("sr-only"), Attr("for", "status")) { ctx.t("common.status") }
                H.select(.id("status"), .name("status")) {
                    H.option(.value("")) { ctx.t("common.activeOnly") }
                    H.option(.value("all"), .when(query["status"] == "all", .flag("selected"))) { ctx.t("common.includeInactive") }
                }
                H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("action.filter") }
            }
            if rows.isEmpty {
                Components.emptyState(ctx, titleKey: "unit.empty", hintKey: "unit.emptyHint")
            } else {
                Components.table(caption: ctx.t("unit.listTitle"),
                                 headers: [ctx.t("unit.name"), ctx.t("unit.code"), ctx.t("unit.kind"), ctx.t("unit.parent"), ctx.t("unit.users"), ctx.t("common.status")],
                                 rows: rows.map { unit in [
                                    H.span(.cls("tree-indent")) {
                                        H.span(.cls("indent-\(min(unit.depth, 4))")) { "" }
                                        H.a(.href(SiteURL.unit(.value(unit.id)).path)) { unit.name }
                                    },
                                    H.code { unit.code }, UnitViews.kindBadge(ctx, unit.kind), .text(unit.parentName ?? "—"),
                                    .text(String(unit.userCount)),
                                    unit.active ? Components.badge(ctx.t("common.active"), .success) : Components.badge(ctx.t("common.inactive"), .neutral),
                                 ] })
                Components.pagination(ctx, page: page, total: total) { SiteURL.units.with(filters + [("page", String($0))]) }
            }
        }
    }
}

struct UnitDetailPage {
    let unit: UnitRow
    let children: [UnitRow]
    /// nil when the viewer may not see users.
    let users: [UserRow]?
    let groups: [WorkGroupRow]
    /// nil when the viewer may not see tasks.
    var supervision: [SupervisionRow]? = nil

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: unit.name) {
            Components.pageHeader(unit.name, subtitle: unit.shortName == unit.name ? nil : unit.shortName) {
                Components.historyLink(ctx, entityType: "unit", id: unit.id)
                if WebhookPolicy.canManage(unitID: unit.id, ctx.principal) {
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.unitWebhooks(.value(unit.id)).path)) { ctx.t("webhook.manage") }
                }
                if ctx.can(TaskPolicy.viewTasks) {
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.orders.with([("box", "all"), ("unit", String(unit.id))]))) { ctx.t("unit.orders") }
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.supervisionList.with([("unit", String(unit.id))]))) { ctx.t("unit.supervision") }
                }
                if ctx.can(OrganizationPolicy.manageUnits) {
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.unitEdit(.value(unit.id)).path)) { ctx.t("action.edit") }
                    if UnitKind(rawValue: unit.kind).map({ !$0.allowedChildren.isEmpty }) == true {
                        H.a(.cls("btn btn-secondary"), .href(SiteURL.unitNew.with([("parent", String(unit.id))]))) { ctx.t("unit.addChild") }
                    }
                    Components.actionButton(ctx, action: SiteURL.unitToggle(.value(unit.id)).path,
                                            labelKey: unit.active ? "action.deactivate" : "action.activate",
                                            style: unit.active ? "btn-danger" : "btn-secondary",
                                            confirmKey: unit.active ? "unit.deactivateConfirm" : nil, askReason: true)
                }
            }
            H.section(.cls("card")) {
                Components.details([
                    (ctx.t("unit.code"), H.code { unit.code }),
                    (ctx.t("unit.kind"), UnitViews.kindBadge(ctx, unit.kind)),
                    (ctx.t("unit.parent"), unit.parentID.map { id in H.a(.href(SiteURL.unit(.value(id)).path)) { unit.parentName ?? "" } } ?? .text("—")),
                    (ctx.t("unit.contactPerson"), .text(unit.contactPerson ?? "—")),
                    (ctx.t("unit.contactPhone"), .text(unit.contactPhone ?? "—")),
                    (ctx.t("common.status"), unit.active ? Components.badge(ctx.t("common.active"), .success) : Components.badge(ctx.t("common.inactive"), .neutral)),
                ])
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("unit.children") + " (\(children.count))" }
                if children.isEmpty {
                    Components.emptyState(ctx, titleKey: "unit.noChildren")
                } else {
                    Components.table(caption: ctx.t("unit.children"), headers: [ctx.t("unit.name"), ctx.t("unit.code"), ctx.t("unit.kind"), ctx.t("unit.users")],
                                     rows: children.map { child in [
                                        H.a(.href(SiteURL.unit(.value(child.id)).path)) { child.name }, H.code { child.code },
                                        UnitViews.kindBadge(ctx, child.kind), .text(String(child.userCount)),
                                     ] })
                }
            }
            if let users {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("unit.users") + " (\(users.count))" }
                    if users.isEmpty {
                        Components.emptyState(ctx, titleKey: "user.empty")
                    } else {
                        UserViews.table(ctx, users)
                    }
                }
            }
            if let supervision {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("unit.supervision") }
                    if supervision.isEmpty {
                        Components.emptyState(ctx, titleKey: "supervision.empty")
                    } else {
                        SupervisionViews.table(ctx, supervision)
                    }
                }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("unit.groups") }
                if groups.isEmpty {
                    Components.emptyState(ctx, titleKey: "unit.noGroups")
                } else {
                    H.ul(.cls("link-list")) {
                        for group in groups { H.li { H.a(.href(SiteURL.group(.value(group.id)).path)) { group.name } } }
                    }
                }
            }
        }
    }
}

struct UnitFormPage {
    let input: UnitInput
    let unitID: Int?
    let parents: [Components.Choice]
    let errors: FormErrors

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t(unitID == nil ? "unit.new" : "unit.edit")
        let action = unitID.map { SiteURL.unit(.value($0)).path } ?? SiteURL.units.path
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title)
            H.section(.cls("card narrow")) {
                Components.formErrorSummary(ctx, errors)
                H.form(Attr("method", "post"), Attr("action", action)) {
                    Components.csrfField(ctx)
                    Components.textField(ctx, name: "name", labelKey: "unit.name", value: input.name, errors: errors, required: true)
                    Components.textField(ctx, name: "shortName", labelKey: "unit.shortName", value: input.shortName, errors: errors)
                    Components.textField(ctx, name: "code", labelKey: "unit.code", value: input.code, errors: errors, required: true, hintKey: "unit.codeHint")
                    Components.selectField(ctx, name: "kind", labelKey: "unit.kind", choices: UnitKind.choices(ctx), selected: [input.kind], errors: errors, required: true)
                    Components.selectField(ctx, name: "parentID", labelKey: "unit.parent", choices: parents,
                                           selected: input.parentID.map { [String($0)] } ?? [], errors: errors, blankKey: "unit.noParent")
                    Components.textField(ctx, name: "sortOrder", labelKey: "unit.sortOrder", value: input.sortOrder.map(String.init), errors: errors, type: "number")
                    Components.textField(ctx, name: "contactPerson", labelKey: "unit.contactPerson", value: input.contactPerson, errors: errors)
                    Components.textField(ctx, name: "contactPhone", labelKey: "unit.contactPhone", value: input.contactPhone, errors: errors, type: "tel")
                    Components.saveOrCancel(ctx, cancel: unitID.map { SiteURL.unit(.value($0)).path } ?? SiteURL.units.path)
                }
            }
        }
    }
}

struct UnitImportPage {
    let report: UnitImport.Report?
    let draftID: String?
    let filename: String?
    let errorKey: String?

    func render(_ ctx: PageContext) -> HTML {
        ImportPage(title: ctx.t("unit.importTitle"), subtitle: ctx.t("unit.importSubtitle"), template: SiteURL.unitsTemplate,
                   upload: SiteURL.unitsImport.path, confirm: SiteURL.unitsImportConfirm.path, cancel: SiteURL.unitsImport.path,
                   result: report.map { ImportPage.Result(totalRows: $0.totalRows, validCount: $0.valid.count, problems: $0.problems) },
                   draftID: draftID, filename: filename, error: errorKey).render(ctx)
    }
}
