import Foundation

/// The pieces every portal page shares: its frame, the hero header, headline figures, the
/// breadcrumb and the public task table. Nothing here takes an internal row type.
enum PortalViews {
    static let stylesheet = "/css/portal.css"

    static func page(_ ctx: PageContext, title: String, @HTMLBuilder content: () -> HTML) -> HTML {
        let body = content()
        return Layout.page(ctx, title: title, stylesheets: [stylesheet]) {
            H.div(.cls("portal")) { body }
        }
    }

    struct Figure: Sendable {
        let value: String
        let label: String
        var progress: Int?
    }

    static func hero(eyebrow: String, title: String, lead: String?, figures: [Figure] = [], @HTMLBuilder extra: () -> HTML = { .empty }) -> HTML {
        let extra = extra()
        return H.section(.cls("portal-hero")) {
            H.p(.cls("portal-eyebrow")) { eyebrow }
            H.h1 { title }
            if let lead, !lead.isEmpty { H.p(.cls("portal-lead")) { lead } }
            if !figures.isEmpty {
                H.dl(.cls("portal-figures")) {
                    for figure in figures {
                        H.div(.cls("portal-figure")) {
                            H.dt { figure.label }
                            H.dd {
                                H.span(.cls("portal-figure-value")) { figure.value }
                                if let progress = figure.progress {
                                    // The number is already read out beside it; the bar is for the eye.
                                    H.tag("progress", .cls("portal-bar"), Attr("value", String(max(0, min(100, progress)))), Attr("max", "100"),
                                          .aria("hidden", "true")) { "" }
                                }
                            }
                        }
                    }
                }
            }
            extra
        }
    }

    /// Where the visitor is; the last crumb is the current page and is not a link.
    static func breadcrumb(_ ctx: PageContext, _ crumbs: [(label: String, href: String?)]) -> HTML {
        H.nav(.cls("portal-crumbs"), .aria("label", ctx.t("portal.breadcrumb"))) {
            H.tag("ol") {
                for crumb in crumbs {
                    H.li {
                        if let href = crumb.href { H.a(.href(href)) { crumb.label } } else { H.span(.aria("current", "page")) { crumb.label } }
                    }
                }
            }
        }
    }

    static func taskTable(_ ctx: PageContext, _ rows: [PortalTaskRow], caption: String) -> HTML {
        Components.table(caption: caption,
                         headers: [ctx.t("task.code"), ctx.t("task.title"), ctx.t("task.domain"), ctx.t("task.leadUnit"), ctx.t("task.deadline"),
                                   ctx.t("task.progress"), ctx.t("task.light"), ctx.t("common.status")],
                         rows: rows.map { row in [
                            H.code { row.code },
                            H.span(.cls("tree-indent")) {
                                H.span(.cls("indent-\(min(row.depth, 4))")) { "" }
                                H.a(.href(SiteURL.portalTask(.value(row.id)).path)) { row.title }
                            },
                            .text(row.domainName), .text(row.leadUnitName), .text(row.deadline), TaskViews.progress(row.progress),
                            TaskViews.light(ctx, row.light), TaskViews.taskStatus(ctx, row.status),
                         ] })
    }

    /// What each light means, in plain words for visitors.
    static func lightLegend(_ ctx: PageContext) -> HTML {
        H.section(.cls("portal-legend"), .aria("label", ctx.t("portal.legend.title"))) {
            H.h2 { ctx.t("portal.legend.title") }
            H.ul {
                for light in [TaskLight.green, .yellow, .red, .done, .draft] {
                    H.li { TaskViews.light(ctx, light.rawValue) + HTML.text(" " + ctx.t("portal.legend.\(light.rawValue)")) }
                }
            }
        }
    }

    /// `2026-03` as 2026年3月; anything else as stored.
    static func month(_ ctx: PageContext, _ month: String) -> String {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]) else { return month }
        return ctx.t("portal.history.month", String(year), String(number))
    }

    static func planFigures(_ ctx: PageContext, _ plan: PortalPlanRow) -> [Figure] {
        [Figure(value: String(plan.taskCount), label: ctx.t("portal.figure.tasks")),
         Figure(value: String(plan.completedCount), label: ctx.t("portal.figure.completed")),
         Figure(value: "\(plan.progress)%", label: ctx.t("portal.figure.progress"), progress: plan.progress)]
    }
}
