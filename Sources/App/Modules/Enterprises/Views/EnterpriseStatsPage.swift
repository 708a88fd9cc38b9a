import Foundation

/// Market-entity statistics: the stock and its growth as reports quote them, then the active
/// stock by region, industry section, size, scale and tag.
struct EnterpriseStatsPage {
    let report: EnterpriseStatistics.Report
    let regions: [Components.Choice]
    let selectedRegion: Int?

    func render(_ ctx: PageContext) -> HTML {
        let growth = report.growth
        let percent = { (value: Double?) in value.map { ($0 >= 0 ? "+" : "") + String(format: "%.1f%%", $0) } ?? "—" }
        return Layout.page(ctx, title: ctx.t("stats.enterpriseTitle")) {
            Components.pageHeader(ctx.t("stats.enterpriseTitle"), subtitle: ctx.t("stats.asOf", growth.today.description)) {
                H.a(.cls("btn btn-secondary"), .href(SiteURL.enterprises.path)) { ctx.t("enterprise.listTitle") }
            }
            H.form(Attr("method", "get"), Attr("action", SiteURL.enterpriseStats.path), .cls("filter-bar")) {
                Components.filterSelect(ctx, name: "region", labelKey: "enterprise.region", allKey: "enterprise.allRegions", options: regions,
                                        selected: selectedRegion.map(String.init))
                H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("action.filter") }
            }
            H.div(.cls("stat-grid")) {
                Components.stat(String(growth.stock), label: ctx.t("stats.stock"))
                Components.stat(percent(growth.sinceYearStart), label: ctx.t("stats.sinceYearStart"), note: ctx.t("stats.comparedWith", String(growth.stockAtYearStart)))
                Components.stat(percent(growth.yearOnYear), label: ctx.t("stats.yearOnYear"), note: ctx.t("stats.comparedWith", String(growth.stockYearAgo)))
                Components.stat(String(growth.registeredThisYear), label: ctx.t("stats.registeredThisYear"), tone: "green")
                Components.stat(String(growth.closedThisYear), label: ctx.t("stats.closedThisYear"), tone: "warning")
            }
            H.p(.cls("hint")) { ctx.t("stats.method") }
            H.div(.cls("columns")) {
                breakdown(ctx, "stats.byRegion", report.byRegion, link: { $0.isEmpty ? nil : SiteURL.enterprises.with([("region", $0)]) })
                breakdown(ctx, "stats.bySection", report.bySection, link: { $0.isEmpty ? nil : SiteURL.enterprises.with([("industry", $0)]) })
                breakdown(ctx, "stats.bySize", report.bySize, link: { $0.isEmpty ? nil : SiteURL.enterprises.with([("size", $0)]) })
                breakdown(ctx, "stats.byScale", report.byScale, link: { SiteURL.enterprises.with([("scale", $0)]) })
                breakdown(ctx, "stats.byTag", report.byTag, link: { SiteURL.enterprises.with([("tag", $0)]) })
            }
        }
    }

    private func breakdown(_ ctx: PageContext, _ titleKey: String, _ counts: [EnterpriseStatistics.Count], link: (String) -> String?) -> HTML {
        let total = max(1, report.growth.stock)
        return H.section(.cls("card")) {
            H.h2 { ctx.t(titleKey) }
            if counts.isEmpty {
                Components.emptyState(ctx, titleKey: "stats.nothing")
            } else {
                Components.table(caption: ctx.t(titleKey), headers: [ctx.t("stats.group"), ctx.t("stats.count"), ctx.t("stats.share")],
                                 rows: counts.map { count in [
                                    link(count.key).map { href in H.a(.href(href)) { count.label } } ?? .text(count.label),
                                    .text(String(count.count)), .text(String(format: "%.1f%%", Double(count.count) * 100 / Double(total))),
                                 ] })
            }
        }
    }
}
