import Foundation

/// One published plan: its headline figures, and its public tasks in tree order with filters.
struct PortalPlanPage {
    let plan: PortalPlanRow
    let rows: [PortalTaskRow]
    let total: Int
    let page: Pagination
    let filter: PortalTaskFilter
    let lights: [TaskLight: Int]
    let domains: [DomainRow]

    func render(_ ctx: PageContext) -> HTML {
        let here = SiteURL.portalPlan(.value(plan.id))
        let kept = filterQuery
        return PortalViews.page(ctx, title: plan.title) {
            PortalViews.breadcrumb(ctx, [(ctx.t("portal.home.short"), SiteURL.portal.path), (plan.title, nil)])
            PortalViews.hero(eyebrow: ctx.t("portal.plan.year", String(plan.year)), title: plan.title, lead: plan.summary,
                             figures: PortalViews.planFigures(ctx, plan))
            H.nav(.cls("portal-lights"), .aria("label", ctx.t("portal.plan.byLight"))) {
                for light in [TaskLight.green, .yellow, .red, .done] {
                    let current = filter.light == light
                    H.a(.cls(current ? "portal-light-chip light-\(light.rawValue) active" : "portal-light-chip light-\(light.rawValue)"),
                        .href(here.with([("light", current ? "" : light.rawValue)])), .when(current, .aria("current", "true"))) {
                        H.span(.cls("light-dot"), .aria("hidden", "true")) { "" }
                        H.span { ctx.t(light.labelKey) }
                        H.strong { String(lights[light] ?? 0) }
                    }
                }
            }
            filterBar(ctx, action: here.path)
            H.section(.cls("portal-section"), .aria("labelledby", "tasks-heading")) {
                H.h2(.id("tasks-heading")) { ctx.t("portal.plan.tasks") }
                if rows.isEmpty {
                    Components.emptyState(ctx, titleKey: filter.isEmpty && total == 0 ? "portal.plan.noTasks" : "portal.plan.noMatch",
                                          hintKey: filter.isEmpty ? nil : "portal.plan.noMatchHint")
                } else {
                    PortalViews.taskTable(ctx, rows, caption: ctx.t("portal.plan.tasksOf", plan.title))
                    Components.pagination(ctx, page: page, total: total) { here.with(kept + [("page", String($0))]) }
                }
            }
            PortalViews.lightLegend(ctx)
        }
    }

    private var filterQuery: [(String, String)] {
        [("q", filter.query ?? ""), ("domain", filter.domainID.map(String.init) ?? ""), ("status", filter.status?.rawValue ?? ""),
         ("light", filter.light?.rawValue ?? "")]
    }

    private func filterBar(_ ctx: PageContext, action: String) -> HTML {
        func select(_ name: String, _ labelKey: String, _ allKey: String, _ choices: [Components.Choice], selected: String?) -> HTML {
            Components.filterSelect(ctx, name: name, labelKey: labelKey, allKey: allKey, options: choices, selected: selected,
                                    visibleLabel: true, cls: "portal-filter")
        }
        return H.form(Attr("method", "get"), Attr("action", action), .cls("filter-bar portal-filter-bar"), Attr("role", "search"),
                      .aria("label", ctx.t("portal.plan.filters"))) {
            H.span(.cls("portal-filter")) {
                H.label(Attr("for", "q")) { ctx.t("portal.search.label") }
                H.input(.type("search"), .id("q"), .name("q"), .value(filter.query ?? ""), Attr("maxlength", "100"),
                        Attr("placeholder", ctx.t("task.searchPlaceholder")))
            }
            select("domain", "task.domain", "task.allDomains", domains.map { .init(String($0.id), "\($0.number). \($0.name)") },
                   selected: filter.domainID.map(String.init))
            select("status", "common.status", "common.anyStatus", TaskStatus.choices(ctx),
                   selected: filter.status?.rawValue)
            select("light", "task.light", "task.allLights", TaskLight.choices(ctx),
                   selected: filter.light?.rawValue)
            H.span(.cls("portal-filter-actions")) {
                H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("action.filter") }
                if !filter.isEmpty { H.a(.cls("btn btn-ghost"), .href(action)) { ctx.t("portal.plan.clearFilters") } }
            }
        }
    }
}
