import Foundation

/// One public task: what it is, who leads it, its schedule, what each month's dispatch
/// published, the approved suggestions with the office's replies, and the form to add one.
struct PortalTaskPage {
    let task: PortalTaskDetail
    let milestones: [PortalMilestone]
    let history: [PortalHistoryRow]
    let children: [PortalTaskRow]
    let suggestions: [PublicSuggestion]
    let suggestionTotal: Int
    let suggestionPage: Pagination
    let draft: SuggestionInput
    let errors: FormErrors

    func render(_ ctx: PageContext) -> HTML {
        PortalViews.page(ctx, title: task.title) {
            PortalViews.breadcrumb(ctx, [(ctx.t("portal.home.short"), SiteURL.portal.path),
                                         (task.planTitle, SiteURL.portalPlan(.value(task.planID)).path), (task.code, nil)])
            PortalViews.hero(eyebrow: "\(task.domainName) · \(task.code)", title: task.title, lead: nil,
                             figures: [.init(value: "\(task.progress)%", label: ctx.t("portal.figure.taskProgress"), progress: task.progress)]) {
                H.p(.cls("portal-hero-badges")) { TaskViews.taskStatus(ctx, task.status) + TaskViews.light(ctx, task.light) }
            }
            H.div(.cls("columns")) {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("task.overview") }
                    Components.details([
                        (ctx.t("task.leadUnit"), .text(task.leadUnitName)),
                        (ctx.t("task.deadline"), .text(task.deadline)),
                        (ctx.t("task.domain"), .text(task.domainName)),
                        (ctx.t("task.progress"), TaskViews.progress(task.progress)),
                        (ctx.t("common.status"), TaskViews.taskStatus(ctx, task.status) + TaskViews.light(ctx, task.light)),
                        (ctx.t("task.parent"), task.parentID.map { id in H.a(.href(SiteURL.portalTask(.value(id)).path)) { task.parentTitle ?? "" } }
                            ?? .text("—")),
                    ])
                }
                H.section(.cls("card")) {
                    H.h2 { ctx.t("task.measures") }
                    H.p(.cls("prewrap")) { task.measures.isEmpty ? "—" : task.measures }
                    H.h2 { ctx.t("task.milestones") }
                    if milestones.isEmpty {
                        H.p(.cls("muted")) { ctx.t("task.noMilestones") }
                    } else {
                        H.tag("ol", .cls("timeline portal-timeline")) {
                            for milestone in milestones { H.li { H.strong { milestone.due } + HTML.text(" " + milestone.title) } }
                        }
                    }
                }
            }
            historySection(ctx)
            if !children.isEmpty {
                H.section(.cls("portal-section"), .aria("labelledby", "children-heading")) {
                    H.h2(.id("children-heading")) { ctx.t("task.children") }
                    PortalViews.taskTable(ctx, children, caption: ctx.t("task.children"))
                }
            }
            suggestionsSection(ctx)
            SuggestionFormView(taskID: task.id, draft: draft, errors: errors).render(ctx)
        }
    }

    private func historySection(_ ctx: PageContext) -> HTML {
        H.section(.cls("card"), .aria("labelledby", "history-heading")) {
            H.h2(.id("history-heading")) { ctx.t("portal.history.title") }
            if history.isEmpty {
                Components.emptyState(ctx, titleKey: "portal.history.empty", hintKey: "portal.history.emptyHint")
            } else {
                Components.table(caption: ctx.t("portal.history.title"),
                                 headers: [ctx.t("portal.history.monthHeader"), ctx.t("task.progress"), ctx.t("common.status"), ctx.t("task.light"),
                                           ctx.t("portal.history.publishedAt")],
                                 rows: history.map { row in [
                                    .text(PortalViews.month(ctx, row.month)), TaskViews.progress(row.progress), TaskViews.taskStatus(ctx, row.status),
                                    TaskViews.light(ctx, row.light), .text(DisplayTime.format(row.publishedAt, withTime: false)),
                                 ] })
            }
        }
    }

    private func suggestionsSection(_ ctx: PageContext) -> HTML {
        H.section(.cls("card"), .id("suggestions"), .aria("labelledby", "suggestions-heading")) {
            H.h2(.id("suggestions-heading")) { ctx.t("portal.suggestions.title") + " (\(suggestionTotal))" }
            if suggestions.isEmpty {
                Components.emptyState(ctx, titleKey: "portal.suggestions.empty", hintKey: "portal.suggestions.emptyHint")
            } else {
                H.ul(.cls("portal-suggestions")) {
                    for suggestion in suggestions {
                        H.li(.cls("portal-suggestion")) {
                            H.p(.cls("portal-suggestion-head")) {
                                H.strong { suggestion.name ?? ctx.t("portal.suggestions.anonymous") }
                                H.span(.cls("muted")) { DisplayTime.format(suggestion.createdAt, withTime: false) }
                            }
                            H.p(.cls("prewrap")) { suggestion.body }
                            if let reply = suggestion.reply {
                                H.div(.cls("portal-reply")) {
                                    H.p(.cls("portal-reply-head")) {
                                        H.strong { ctx.t("portal.suggestions.reply") }
                                        H.span(.cls("muted")) { DisplayTime.format(suggestion.repliedAt, withTime: false) }
                                    }
                                    H.p(.cls("prewrap")) { reply }
                                }
                            }
                        }
                    }
                }
                Components.pagination(ctx, page: suggestionPage, total: suggestionTotal) {
                    SiteURL.portalTask(.value(task.id)).with([("page", String($0))]) + "#suggestions"
                }
            }
        }
    }
}
