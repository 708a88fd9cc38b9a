import Foundation

/// The registry: search by name or code, filters, pagination; export and statistics for those who may.
struct EnterpriseListPage {
    let rows: [EnterpriseRow]
    let total: Int
    let page: Pagination
    let query: FormInput
    let regions: [Components.Choice]
    let errors: FormErrors

    func render(_ ctx: PageContext) -> HTML {
        let filters = EnterpriseFilter.queryFields.map { ($0, query[$0] ?? "") }
        func select(_ name: String, _ labelKey: String, _ allKey: String, _ options: [Components.Choice]) -> HTML {
            Components.filterSelect(ctx, name: name, labelKey: labelKey, allKey: allKey, options: options, selected: query[name])
        }
        return Layout.page(ctx, title: ctx.t("enterprise.listTitle")) {
            Components.pageHeader(ctx.t("enterprise.listTitle"), subtitle: ctx.t("enterprise.listSubtitle")) {
                if ctx.can(EnterprisePolicy.statistics) {
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.enterpriseStats.path)) { ctx.t("enterprise.statistics") }
                }
                if ctx.can(EnterprisePolicy.manage) {
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.enterprisesExport.with(filters))) { ctx.t("action.exportXLSX") }
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.enterprisesExport.with(filters + [("format", "csv")]))) { ctx.t("action.exportCSV") }
                    H.a(.cls("btn btn-primary"), .href(SiteURL.enterpriseNew.path)) { ctx.t("enterprise.new") }
                }
            }
            Components.formErrorSummary(ctx, errors)
            H.form(Attr("method", "get"), Attr("action", SiteURL.enterprises.path), .cls("filter-bar"), Attr("role", "search")) {
                H.label(.cls("sr-only"), Attr("for", "q")) { ctx.t("common.search") }
                H.input(.type("search"), .id("q"), .name("q"), .value(query["q"] ?? ""), Attr("placeholder", ctx.t("enterprise.searchPlaceholder")))
                select("region", "enterprise.region", "enterprise.allRegions", regions)
                select("industry", "enterprise.industry", "enterprise.allIndustries", EnterpriseViews.industryChoices(ctx, sections: true))
                select("size", "enterprise.size", "enterprise.allSizes", EnterpriseSize.choices(ctx))
                select("tag", "enterprise.tags", "enterprise.allTags", EnterpriseTag.choices(ctx))
                select("scale", "enterprise.scale", "enterprise.allScales", ScaleGroup.choices(ctx))
                H.label(.cls("sr-only"), Attr("for", "status")) { ctx.t("common.status") }
                H.select(.id("status"), .name("status")) {
                    H.option(.value("")) { ctx.t("enterpriseStatus.active") }
                    for status in [EnterpriseStatus.movedOut, .deregistered] {
                        H.option(.value(status.rawValue), .when(query["status"] == status.rawValue, .flag("selected"))) { ctx.t(status.labelKey) }
                    }
                    H.option(.value("all"), .when(query["status"] == "all", .flag("selected"))) { ctx.t("enterprise.allStatuses") }
                }
                H.label(.cls("checkbox")) {
                    H.input(.type("checkbox"), .name("unpaired"), .value("1"), .when(query.bool("unpaired"), .flag("checked")))
                    " " + ctx.t("enterprise.unpairedOnly")
                }
                H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("action.filter") }
            }
            if rows.isEmpty {
                Components.emptyState(ctx, titleKey: "enterprise.empty", hintKey: "enterprise.emptyHint")
            } else {
                Components.table(caption: ctx.t("enterprise.listTitle"),
                                 headers: [ctx.t("enterprise.name"), ctx.t("enterprise.creditCode"), ctx.t("enterprise.region"), ctx.t("enterprise.industry"),
                                           ctx.t("enterprise.size"), ctx.t("enterprise.registeredOn"), ctx.t("common.status")],
                                 rows: rows.map { row in [
                                    H.span {
                                        H.a(.href(SiteURL.enterprise(.value(row.id)).path)) { row.name }
                                        if row.aboveScale { " "; Components.badge(ctx.t("scaleGroup.above"), .info) }
                                    },
                                    H.code { row.creditCode }, .text(row.regionName ?? "—"), .text(EnterpriseViews.industry(ctx, row.industryCode)),
                                    .text(EnterpriseViews.size(ctx, row.size)), .text(row.registeredOn ?? "—"), EnterpriseViews.statusBadge(ctx, row.status),
                                 ] })
                Components.pagination(ctx, page: page, total: total) { SiteURL.enterprises.with(filters + [("page", String($0))]) }
            }
        }
    }
}
