import Foundation

/// The portal's front page: the published plans with their figures, and a search over every
/// public task.
struct PortalHomePage {
    let plans: [PortalPlanRow]
    let query: String?
    let results: [PortalTaskRow]
    let resultTotal: Int
    let page: Pagination

    func render(_ ctx: PageContext) -> HTML {
        PortalViews.page(ctx, title: ctx.t("portal.home.title")) {
            PortalViews.hero(eyebrow: ctx.t("portal.home.eyebrow"), title: ctx.t("portal.home.title"), lead: ctx.t("portal.home.lead")) {
                H.form(Attr("method", "get"), Attr("action", SiteURL.portal.path), .cls("portal-search"), Attr("role", "search")) {
                    H.label(.cls("sr-only"), Attr("for", "portal-q")) { ctx.t("portal.search.label") }
                    H.input(.type("search"), .id("portal-q"), .name("q"), .value(query ?? ""), Attr("maxlength", "100"),
                            Attr("placeholder", ctx.t("portal.search.placeholder")))
                    H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("common.search") }
                }
            }
            if let query, !query.isEmpty { searchResults(ctx, query) }
            H.section(.cls("portal-section"), .aria("labelledby", "plans-heading")) {
                H.h2(.id("plans-heading")) { ctx.t("portal.home.plans") }
                if plans.isEmpty {
                    Components.emptyState(ctx, titleKey: "portal.home.noPlans", hintKey: "portal.home.noPlansHint")
                } else {
                    H.ul(.cls("portal-cards")) {
                        for plan in plans { H.li { card(ctx, plan) } }
                    }
                }
            }
        }
    }

    private func card(_ ctx: PageContext, _ plan: PortalPlanRow) -> HTML {
        H.tag("article", .cls("portal-card")) {
            H.p(.cls("portal-card-year")) { ctx.t("portal.plan.year", String(plan.year)) }
            H.h3 { H.a(.href(SiteURL.portalPlan(.value(plan.id)).path)) { plan.title } }
            if !plan.summary.isEmpty { H.p(.cls("portal-card-summary")) { Self.excerpt(plan.summary) } }
            H.dl(.cls("portal-card-figures")) {
                H.div { H.dt { ctx.t("portal.figure.tasks") }; H.dd { String(plan.taskCount) } }
                H.div { H.dt { ctx.t("portal.figure.completed") }; H.dd { String(plan.completedCount) } }
                H.div { H.dt { ctx.t("portal.figure.progress") }; H.dd { TaskViews.progress(plan.progress) } }
            }
            H.a(.cls("btn btn-secondary"), .href(SiteURL.portalPlan(.value(plan.id)).path),
                .aria("label", ctx.t("portal.plan.openNamed", plan.title))) { ctx.t("portal.plan.open") }
        }
    }

    private func searchResults(_ ctx: PageContext, _ query: String) -> HTML {
        H.section(.cls("portal-section"), .aria("labelledby", "results-heading")) {
            H.h2(.id("results-heading")) { ctx.t("portal.search.results", query) }
            if results.isEmpty {
                Components.emptyState(ctx, titleKey: "portal.search.none", hintKey: "portal.search.noneHint")
            } else {
                PortalViews.taskTable(ctx, results, caption: ctx.t("portal.search.results", query))
                Components.pagination(ctx, page: page, total: resultTotal) { SiteURL.portal.with([("q", query), ("page", String($0))]) }
            }
        }
    }

    /// Summaries can be long; the card shows the start and the plan page the rest.
    static func excerpt(_ text: String, limit: Int = 120) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}
