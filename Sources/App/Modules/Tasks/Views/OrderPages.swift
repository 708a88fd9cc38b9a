import Foundation

struct OrderDetailPage {
    let order: OrderRow
    let task: TaskDetail
    let reports: [ReportRow]
    let files: [Int: [EvidenceFileRow]]
    let actors: Set<OrderActor>
    /// A draft sent back with problems, and the report it edits (nil for a new one).
    let draft: ReportInput?
    let editing: Int?
    let errors: FormErrors
    let today: CivilDate
    let supervision: [SupervisionRow]

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t("order.title", String(order.id), order.unitName)
        let canDraft = actors.contains(.unitMember) && order.status == OrderStatus.inProgress.rawValue
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title, subtitle: "\(order.taskCode) \(order.taskTitle)") {
                Components.historyLink(ctx, entityType: "work_order", id: order.id)
                H.a(.cls("btn btn-ghost"), .href(SiteURL.task(.value(order.taskID)).path)) { ctx.t("order.viewTask") }
            }
            H.section(.cls("card")) {
                H.div(.cls("card-head")) {
                    H.h2 { ctx.t("order.state") }
                    OrderViews.actions(ctx, orderID: order.id, status: order.status, actors: actors)
                }
                Components.details([
                    (ctx.t("common.status"), TaskViews.orderStatus(ctx, order.status) + TaskViews.light(ctx, order.light)),
                    (ctx.t("order.unit"), .text(order.unitName + " · " + ctx.t("orderRole.\(order.role)"))),
                    (ctx.t("task.progress"), TaskViews.progress(order.progress)),
                    (ctx.t("order.signDue"), .text(order.signDue)),
                    (ctx.t("task.nextDue"), .text(order.nextDue ?? "—")),
                    (ctx.t("task.deadline"), .text(task.row.deadline)),
                    (ctx.t("order.lastReason"), .text(order.lastReason ?? "—")),
                    (ctx.t("order.completionNote"), .text(order.completionNote ?? "—")),
                ])
            }
            H.div(.cls("columns")) {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("task.measures") }
                    H.p(.cls("prewrap")) { task.measures.isEmpty ? "—" : task.measures }
                }
                H.section(.cls("card")) {
                    H.h2 { ctx.t("task.milestones") }
                    if task.milestones.isEmpty {
                        H.p(.cls("muted")) { ctx.t("task.noMilestones") }
                    } else {
                        H.tag("ol", .cls("timeline")) {
                            for milestone in task.milestones { H.li { H.strong { milestone.due } + HTML.text(" " + milestone.title) } }
                        }
                    }
                }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("supervision.listTitle") + " (\(supervision.count))" }
                if ctx.can(TaskPolicy.review) && OrderStatus(rawValue: order.status)?.isOpen == true {
                    SupervisionViews.issueLinks(ctx, orderID: order.id)
                }
                if supervision.isEmpty {
                    Components.emptyState(ctx, titleKey: "supervision.noneOnOrder")
                } else {
                    SupervisionViews.table(ctx, supervision, showTask: false)
                }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("report.listTitle") + " (\(reports.count))" }
                if reports.isEmpty {
                    Components.emptyState(ctx, titleKey: "report.empty", hintKey: canDraft ? "report.emptyHint" : nil)
                } else {
                    for report in reports { reportCard(ctx, report, canDraft: canDraft) }
                }
            }
            if canDraft && editing == nil {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("report.new") }
                    reportForm(ctx, action: SiteURL.orderReports(.value(order.id)).path,
                               input: draft ?? ReportInput(month: today.monthKey, body: "", percent: order.progress))
                }
            }
        }
    }

    private func reportCard(_ ctx: PageContext, _ report: ReportRow, canDraft: Bool) -> HTML {
        H.tag("article", .cls("report"), .id("report-\(report.id)")) {
            H.div(.cls("report-head")) {
                H.strong { ctx.t("report.heading", report.month, String(report.percent)) }
                TaskViews.reportStatus(ctx, report.status)
                H.span(.cls("muted")) { report.authorName + " · " + DisplayTime.format(report.updatedAt) }
            }
            OrderViews.reportContent(ctx, report, files: files[report.id] ?? [],
                                     deletable: canDraft && report.status == ReportStatus.draft.rawValue)
            OrderViews.reportActions(ctx, report: report, actors: actors)
            if canDraft && report.status == ReportStatus.draft.rawValue {
                H.tag("details", .when(editing == report.id, .flag("open"))) {
                    H.tag("summary") { ctx.t("report.editDraft") }
                    reportForm(ctx, action: SiteURL.report(.value(report.id)).path,
                               input: editing == report.id ? (draft ?? Self.input(of: report)) : Self.input(of: report))
                }
            }
        }
    }

    private static func input(of report: ReportRow) -> ReportInput {
        ReportInput(month: report.month, body: report.body, percent: report.percent, milestoneID: nil, milestoneMet: report.milestoneMet)
    }

    private func reportForm(_ ctx: PageContext, action: String, input: ReportInput) -> HTML {
        let milestones = task.milestones.map { Components.Choice(String($0.id), "\($0.due) \($0.title)") }
        return H.form(Attr("method", "post"), Attr("action", action), Attr("enctype", "multipart/form-data")) {
            Components.csrfField(ctx)
            Components.formErrorSummary(ctx, errors)
            Components.textField(ctx, name: "month", labelKey: "report.month", value: input.month, errors: errors, type: "month", required: true)
            Components.selectField(ctx, name: "milestoneID", labelKey: "report.milestone", choices: milestones,
                                   selected: input.milestoneID.map { [String($0)] } ?? [], errors: errors, blankKey: "report.noMilestone")
            H.label(.cls("checkbox")) {
                H.input(.type("checkbox"), .name("milestoneMet"), .value("1"), .when(input.milestoneMet, .flag("checked")))
                " " + ctx.t("report.milestoneMet")
            }
            Components.textField(ctx, name: "percent", labelKey: "report.percent", value: input.percent.map(String.init), errors: errors,
                                 type: "number", required: true)
            Components.textArea(ctx, name: "body", labelKey: "report.body", value: input.body, errors: errors, rows: 5)
            H.div(.cls(errors["files"] == nil ? "field" : "field field-error")) {
                H.label(Attr("for", "f-files")) { ctx.t("evidence.attach") }
                H.input(.type("file"), .id("f-files"), .name("files[]"), .flag("multiple"),
                        Attr("accept", ".pdf,.png,.jpg,.jpeg,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp"))
                H.small(.cls("hint")) { ctx.t("evidence.hint", String(EvidenceService.maxFiles)) }
                for problem in errors.problems where problem.field == "files" {
                    H.small(.cls("error-text")) { Catalog.text(problem.key, ctx.lang, problem.args) }
                }
            }
            H.div(.cls("form-actions")) {
                H.button(.type("submit"), .name("submit"), .value("1"), .cls("btn btn-primary")) { ctx.t("report.saveAndSubmit") }
                H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("report.saveDraft") }
            }
        }
    }

}

/// The office's review desk: reports to review, completions to verify, returned orders to decide.
struct ReviewPage {
    let reports: [ReportRow]
    let reportTotal: Int
    let page: Pagination
    let files: [Int: [EvidenceFileRow]]
    let completions: [OrderRow]
    let returned: [OrderRow]

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("review.title")) {
            Components.pageHeader(ctx.t("review.title"), subtitle: ctx.t("review.subtitle", String(reportTotal), String(completions.count),
                                                                          String(returned.count)))
            H.section(.cls("card")) {
                H.h2 { ctx.t("review.returned") + " (\(returned.count))" }
                if returned.isEmpty {
                    Components.emptyState(ctx, titleKey: "review.noneReturned")
                } else {
                    for order in returned { orderCard(ctx, order) }
                }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("review.completions") + " (\(completions.count))" }
                if completions.isEmpty {
                    Components.emptyState(ctx, titleKey: "review.noneCompletions")
                } else {
                    for order in completions { orderCard(ctx, order) }
                }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("review.reports") + " (\(reportTotal))" }
                if reports.isEmpty {
                    Components.emptyState(ctx, titleKey: "review.noneReports")
                } else {
                    for report in reports {
                        H.tag("article", .cls("report")) {
                            H.div(.cls("report-head")) {
                                H.a(.href(SiteURL.order(.value(report.orderID)).path)) { "\(report.taskCode) \(report.taskTitle)" }
                                H.span(.cls("muted")) { report.unitName + " · " + ctx.t("report.heading", report.month, String(report.percent)) }
                            }
                            OrderViews.reportContent(ctx, report, files: files[report.id] ?? [], deletable: false)
                            OrderViews.reportActions(ctx, report: report, actors: [.office], back: "review")
                        }
                    }
                    Components.pagination(ctx, page: page, total: reportTotal) { SiteURL.review.with([("page", String($0))]) }
                }
            }
        }
    }

    private func orderCard(_ ctx: PageContext, _ order: OrderRow) -> HTML {
        H.tag("article", .cls("report")) {
            H.div(.cls("report-head")) {
                H.a(.href(SiteURL.order(.value(order.id)).path)) { "\(order.taskCode) \(order.taskTitle)" }
                H.span(.cls("muted")) { order.unitName }
                TaskViews.orderStatus(ctx, order.status)
            }
            if let reason = order.lastReason, order.status == OrderStatus.returned.rawValue { H.p { ctx.t("review.returnReason", reason) } }
            if let note = order.completionNote, order.status == OrderStatus.completionRequested.rawValue { H.p { ctx.t("review.completionNote", note) } }
            OrderViews.actions(ctx, orderID: order.id, status: order.status, actors: [.office], back: "review")
        }
    }
}
