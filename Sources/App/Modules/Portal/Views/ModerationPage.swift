import Foundation

/// The office's queue of visitors' suggestions: read, decide, reply. A decision takes one form
/// with two buttons, so no JavaScript is needed to choose.
struct ModerationPage {
    let rows: [ModerationRow]
    let total: Int
    let page: Pagination
    let status: SuggestionStatus?
    let counts: [SuggestionStatus: Int]
    /// The suggestion whose form was refused, with what the moderator typed.
    var failed: (id: Int, reply: String?, errors: FormErrors)?

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("portal.moderation.title"), stylesheets: [PortalViews.stylesheet]) {
            Components.pageHeader(ctx.t("portal.moderation.title"), subtitle: ctx.t("portal.moderation.subtitle")) {
                H.a(.cls("btn btn-secondary"), .href(SiteURL.portal.path)) { ctx.t("portal.moderation.openPortal") }
            }
            tabs(ctx)
            if let failed { Components.formErrorSummary(ctx, failed.errors) }
            if rows.isEmpty {
                Components.emptyState(ctx, titleKey: status == .pending ? "portal.moderation.nonePending" : "portal.moderation.none")
            } else {
                H.ul(.cls("portal-queue")) {
                    for row in rows { H.li { item(ctx, row) } }
                }
                Components.pagination(ctx, page: page, total: total) {
                    SiteURL.portalSuggestions.with([("status", status?.rawValue ?? ""), ("page", String($0))])
                }
            }
        }
    }

    private func tabs(_ ctx: PageContext) -> HTML {
        let all: [(SuggestionStatus?, String)] = [(nil, ctx.t("portal.moderation.all"))]
            + SuggestionStatus.allCases.map { ($0, ctx.t($0.labelKey)) }
        return H.nav(.cls("tabs"), .aria("label", ctx.t("portal.moderation.byStatus"))) {
            for (value, label) in all {
                let current = value == status
                H.a(.cls(current ? "tab active" : "tab"), .href(SiteURL.portalSuggestions.with([("status", value?.rawValue ?? "")])),
                    .when(current, .aria("current", "page"))) {
                    label
                    if let value, let count = counts[value], count > 0 { H.span(.cls("badge badge-count")) { String(count) } }
                }
            }
        }
    }

    private func item(_ ctx: PageContext, _ row: ModerationRow) -> HTML {
        let current = SuggestionStatus(rawValue: row.status) ?? .pending
        let failedHere = failed?.id == row.id
        let reply = failedHere ? failed?.reply : row.reply
        let problem = failedHere ? failed?.errors["reply"] : nil
        return H.tag("article", .cls("report portal-queue-item"), .aria("labelledby", "s-\(row.id)")) {
            H.div(.cls("report-head")) {
                Self.statusBadge(ctx, current)
                H.strong(.id("s-\(row.id)")) { ctx.t("portal.moderation.about", row.taskCode, row.taskTitle) }
                H.span(.cls("muted")) { DisplayTime.format(row.createdAt) }
            }
            H.p(.cls("muted")) {
                ctx.t("portal.moderation.sender", row.name ?? ctx.t("portal.suggestions.anonymous"), row.contact ?? "—")
            }
            H.p(.cls("prewrap")) { row.body }
            H.p(.cls("action-row")) {
                H.a(.href(SiteURL.task(.value(row.taskID)).path)) { ctx.t("portal.moderation.internalTask") }
                H.a(.href(SiteURL.portalTask(.value(row.taskID)).path)) { ctx.t("portal.moderation.publicTask") }
            }
            if let moderatedAt = row.moderatedAt {
                H.p(.cls("muted")) { ctx.t("portal.moderation.decidedBy", row.moderatorName ?? "—", DisplayTime.format(moderatedAt)) }
            }
            H.form(Attr("method", "post"), Attr("action", SiteURL.portalSuggestionModerate(.value(row.id)).path), .cls("portal-moderate")) {
                Components.csrfField(ctx)
                H.input(.type("hidden"), .name("back"), .value(status?.rawValue ?? ""))
                H.div(.cls(problem == nil ? "field" : "field field-error")) {
                    H.label(Attr("for", "reply-\(row.id)")) { ctx.t("portal.moderation.reply") }
                    H.textarea(.id("reply-\(row.id)"), .name("reply"), Attr("rows", "3"), Attr("maxlength", String(SuggestionModeration.maxReply)),
                               .aria("describedby", "reply-hint-\(row.id)"), .when(problem != nil, .aria("invalid", "true"))) { reply ?? "" }
                    H.small(.cls("hint"), .id("reply-hint-\(row.id)")) { ctx.t("portal.moderation.replyHint") }
                    if let problem { H.small(.cls("error-text")) { Catalog.text(problem.key, ctx.lang, problem.args) } }
                }
                H.div(.cls("form-actions")) {
                    for decision in SuggestionDecision.allCases where SuggestionStateMachine.transition(decision, from: current) != nil {
                        H.button(.type("submit"), .name("decision"), .value(decision.rawValue),
                                 .cls(decision == .approve ? "btn btn-primary" : "btn btn-danger")) {
                            ctx.t(current == .approved && decision == .approve ? "portal.decision.update" : decision.labelKey)
                        }
                    }
                }
            }
        }
    }

    static func statusBadge(_ ctx: PageContext, _ status: SuggestionStatus) -> HTML {
        let tone: Components.Tone = switch status {
        case .pending: .warning
        case .approved: .success
        case .rejected: .neutral
        }
        return Components.badge(ctx.t(status.labelKey), tone)
    }
}
