import Foundation

enum DispatchViews {
    static func cycleStatus(_ ctx: PageContext, _ raw: String) -> HTML {
        let status = CycleStatus(rawValue: raw) ?? .open
        let tone: Components.Tone = switch status {
        case .open: .warning
        case .closed: .info
        case .published: .success
        }
        return Components.badge(ctx.t(status.labelKey), tone)
    }

    static func percent(_ rate: Double?) -> String {
        rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
    }

    /// The ranking table with its rule above it, so anyone can recompute a score.
    static func ranking(_ ctx: PageContext, _ units: [UnitFigures]) -> HTML {
        H.div {
            H.p(.cls("rule")) { ctx.t("stats.rule", String(ScoringRule.minimumOrders)) }
            Components.table(caption: ctx.t("stats.ranking"),
                             headers: [ctx.t("stats.rank"), ctx.t("order.unit"), ctx.t("stats.orders"), ctx.t("stats.completed"), ctx.t("stats.overdue"),
                                       ctx.t("stats.signRate"), ctx.t("stats.reportRate"), ctx.t("stats.cards"), ctx.t("supervisionKind.interview"),
                                       ctx.t("stats.score")],
                             rows: units.map { row($0, ctx) })
        }
    }

    private static func row(_ unit: UnitFigures, _ ctx: PageContext) -> [HTML] {
        let rank: HTML = unit.rank.map { rank in H.strong { String(rank) } } ?? H.span(.cls("muted")) { ctx.t("stats.notRanked") }
        let overdue: HTML = unit.overdue > 0 ? Components.badge(String(unit.overdue), .danger) : .text("0")
        let cards = ctx.t("stats.cardsValue", String(unit.yellowCards), String(unit.redCards))
        let score = unit.score.map { SVGChart.format($0) } ?? "—"
        return [rank, .text(unit.unitName), .text(String(unit.orders)), .text(String(unit.completed)), overdue, .text(percent(unit.signRate)),
                .text(percent(unit.reportRate)), .text(cards), .text(String(unit.interviews)), .text(score)]
    }

    static func domains(_ ctx: PageContext, _ domains: [DomainFigures]) -> HTML {
        Components.table(caption: ctx.t("stats.domains"),
                         headers: [ctx.t("task.domain"), ctx.t("stats.tasks"), ctx.t("stats.completed"), ctx.t("stats.overdue"), ctx.t("task.progress")],
                         rows: domains.map { domain in [
                            .text(domain.name), .text(String(domain.tasks)), .text(String(domain.completed)),
                            domain.overdue > 0 ? Components.badge(String(domain.overdue), .danger) : .text("0"), TaskViews.progress(domain.progress),
                         ] })
    }
}

struct PlanDispatchPage {
    let plan: PlanRow
    let cycles: [CycleRow]
    let meetings: [MeetingRow]
    let today: CivilDate
    let cycleErrors: FormErrors
    let meetingErrors: FormErrors
    let cycleInput: (String, String, String)?
    let meetingInput: MeetingInput?

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t("cycle.boardTitle")
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title, subtitle: plan.title) {
                H.a(.cls("btn btn-ghost"), .href(SiteURL.plan(.value(plan.id)).path)) { ctx.t("task.backToPlan") }
                H.a(.cls("btn btn-secondary"), .href(SiteURL.planStats(.value(plan.id)).path)) { ctx.t("stats.title") }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("cycle.months") }
                if cycles.isEmpty {
                    Components.emptyState(ctx, titleKey: "cycle.empty", hintKey: ctx.can(TaskPolicy.managePlans) ? "cycle.emptyHint" : nil)
                } else {
                    Components.table(caption: ctx.t("cycle.months"),
                                     headers: [ctx.t("report.month"), ctx.t("common.status"), ctx.t("cycle.deadline"), ctx.t("cycle.publishedAt")],
                                     rows: cycles.map { cycle in [
                                        H.a(.href(SiteURL.cycle(.value(cycle.id)).path)) { cycle.month }, DispatchViews.cycleStatus(ctx, cycle.status),
                                        .text(cycle.deadline), .text(DisplayTime.format(cycle.publishedAt)),
                                     ] })
                }
            }
            H.div(.cls("columns")) {
                if ctx.can(TaskPolicy.managePlans) {
                    H.section(.cls("card")) {
                        H.h2 { ctx.t("cycle.open") }
                        Components.formErrorSummary(ctx, cycleErrors)
                        H.form(Attr("method", "post"), Attr("action", SiteURL.planDispatch(.value(plan.id)).path)) {
                            Components.csrfField(ctx)
                            Components.textField(ctx, name: "month", labelKey: "report.month", value: cycleInput?.0 ?? today.monthKey, errors: cycleErrors,
                                                 type: "month", required: true)
                            Components.textField(ctx, name: "deadline", labelKey: "cycle.deadline", value: cycleInput?.1, errors: cycleErrors, type: "date",
                                                 required: true, hintKey: "cycle.deadlineHint")
                            Components.textArea(ctx, name: "note", labelKey: "cycle.note", value: cycleInput?.2, errors: cycleErrors)
                            H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("cycle.openButton") }
                        }
                    }
                }
                H.section(.cls("card")) {
                    H.h2 { ctx.t("meeting.listTitle") }
                    if meetings.isEmpty {
                        H.p(.cls("muted")) { ctx.t("meeting.empty") }
                    } else {
                        H.ul(.cls("link-list")) {
                            for meeting in meetings {
                                H.li { H.a(.href(SiteURL.meeting(.value(meeting.id)).path)) { "\(meeting.heldOn) \(meeting.title)" } }
                            }
                        }
                    }
                    if ctx.can(TaskPolicy.managePlans) {
                        H.tag("details", .when(!meetingErrors.isEmpty, .flag("open"))) {
                            H.tag("summary") { ctx.t("meeting.new") }
                            Components.formErrorSummary(ctx, meetingErrors)
                            H.form(Attr("method", "post"), Attr("action", SiteURL.planMeetings(.value(plan.id)).path)) {
                                Components.csrfField(ctx)
                                Components.textField(ctx, name: "heldOn", labelKey: "meeting.heldOn", value: meetingInput?.heldOn ?? today.description,
                                                     errors: meetingErrors, type: "date", required: true)
                                Components.textField(ctx, name: "title", labelKey: "meeting.title", value: meetingInput?.title, errors: meetingErrors, required: true)
                                Components.textField(ctx, name: "attendees", labelKey: "meeting.attendees", value: meetingInput?.attendees, errors: meetingErrors)
                                Components.textArea(ctx, name: "minutes", labelKey: "meeting.minutes", value: meetingInput?.minutes, errors: meetingErrors, rows: 4)
                                Components.textArea(ctx, name: "decisions", labelKey: "meeting.decisions", value: meetingInput?.decisions.joined(separator: "\n"),
                                                    errors: meetingErrors, rows: 4, hintKey: "meeting.decisionsHint")
                                H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("action.save") }
                            }
                        }
                    }
                }
            }
        }
    }
}

struct CycleBoardPage {
    let plan: PlanRow
    let cycle: CycleRow
    let progress: [CycleUnitProgress]
    let today: CivilDate

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t("cycle.title", cycle.month)
        let owed = progress.reduce(0) { $0 + $1.owed }, reported = progress.reduce(0) { $0 + $1.reported }
        let accepted = progress.reduce(0) { $0 + $1.accepted }
        let status = CycleStatus(rawValue: cycle.status) ?? .open
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title, subtitle: plan.title) {
                Components.historyLink(ctx, entityType: "dispatch_cycle", id: cycle.id)
                H.a(.cls("btn btn-ghost"), .href(SiteURL.planDispatch(.value(plan.id)).path)) { ctx.t("cycle.boardTitle") }
            }
            H.div(.cls("stat-grid")) {
                stat(ctx.t("cycle.owed"), owed, "")
                stat(ctx.t("cycle.reported"), reported, "stat-green")
                stat(ctx.t("cycle.accepted"), accepted, "stat-done")
                stat(ctx.t("cycle.missing"), owed - reported, owed > reported ? "stat-red" : "")
            }
            H.section(.cls("card")) {
                H.div(.cls("card-head")) {
                    H.h2 { ctx.t("cycle.state") }
                    DispatchViews.cycleStatus(ctx, cycle.status)
                }
                Components.details([
                    (ctx.t("cycle.deadline"), .text(cycle.deadline + (status == .open && CivilDate(cycle.deadline)! < today ? " · " + ctx.t("cycle.pastDeadline") : ""))),
                    (ctx.t("cycle.note"), .text(cycle.note.isEmpty ? "—" : cycle.note)),
                ])
                if ctx.can(TaskPolicy.managePlans) {
                    H.div(.cls("action-row")) {
                        if status == .open {
                            Components.actionButton(ctx, action: SiteURL.cycleUrge(.value(cycle.id)).path, labelKey: "cycle.urgeMissing",
                                                    confirmKey: "cycle.urgeConfirm")
                            Components.actionButton(ctx, action: SiteURL.cycleAction(.value(cycle.id)).path, labelKey: "cycleAction.close",
                                                    style: "btn-primary", hidden: [("action", "close")])
                        }
                        if status == .closed {
                            H.form(Attr("method", "post"), Attr("action", SiteURL.cycleAction(.value(cycle.id)).path), .cls("inline reason-form")) {
                                Components.csrfField(ctx)
                                H.input(.type("hidden"), .name("action"), .value("reopen"))
                                H.label(.cls("sr-only"), Attr("for", "reopen-deadline")) { ctx.t("cycle.deadline") }
                                H.input(.type("date"), .id("reopen-deadline"), .name("deadline"), .flag("required"))
                                H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("cycleAction.reopen") }
                            }
                            H.form(Attr("method", "post"), Attr("action", SiteURL.cycleAction(.value(cycle.id)).path), .cls("inline reason-form"),
                                   Attr("data-confirm", ctx.t("cycle.publishConfirm"))) {
                                Components.csrfField(ctx)
                                H.input(.type("hidden"), .name("action"), .value("publish"))
                                H.label(.cls("sr-only"), Attr("for", "publish-note")) { ctx.t("cycle.note") }
                                H.input(.type("text"), .id("publish-note"), .name("note"), .value(cycle.note), Attr("placeholder", ctx.t("cycle.notePlaceholder")))
                                H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("cycleAction.publish") }
                            }
                        }
                    }
                }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("cycle.byUnit") }
                if progress.isEmpty {
                    Components.emptyState(ctx, titleKey: "cycle.nobodyOwes")
                } else {
                    Components.table(caption: ctx.t("cycle.byUnit"),
                                     headers: [ctx.t("order.unit"), ctx.t("cycle.owed"), ctx.t("cycle.reported"), ctx.t("cycle.accepted"), ctx.t("cycle.missing")],
                                     rows: progress.map { unit in [
                                        H.a(.href(SiteURL.orders.with([("box", "to_report"), ("unit", String(unit.unitID))]))) { unit.unitName },
                                        .text(String(unit.owed)), .text(String(unit.reported)), .text(String(unit.accepted)),
                                        unit.missing > 0 ? Components.badge(String(unit.missing), .danger) : Components.badge("0", .success),
                                     ] })
                }
            }
        }
    }

    private func stat(_ label: String, _ value: Int, _ tone: String) -> HTML {
        H.div(.cls("stat \(tone)")) {
            H.span(.cls("stat-value")) { String(value) }
            H.span(.cls("stat-label")) { label }
        }
    }
}

struct MeetingPage {
    let meeting: MeetingRow

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: meeting.title) {
            Components.pageHeader(meeting.title, subtitle: meeting.heldOn) {
                Components.historyLink(ctx, entityType: "dispatch_meeting", id: meeting.id)
                H.a(.cls("btn btn-ghost"), .href(SiteURL.planDispatch(.value(meeting.planID)).path)) { ctx.t("cycle.boardTitle") }
            }
            H.section(.cls("card")) {
                Components.details([
                    (ctx.t("meeting.attendees"), .text(meeting.attendees.isEmpty ? "—" : meeting.attendees)),
                    (ctx.t("meeting.minutes"), H.span(.cls("prewrap")) { meeting.minutes.isEmpty ? "—" : meeting.minutes }),
                ])
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("meeting.decisions") }
                if meeting.decisions.isEmpty {
                    Components.emptyState(ctx, titleKey: "meeting.noDecisions")
                } else {
                    Components.table(caption: ctx.t("meeting.decisions"), headers: ["#", ctx.t("meeting.decision"), ctx.t("meeting.followUp")],
                                     rows: meeting.decisions.map { decision in [
                                        .text(String(decision.seq)), .text(decision.text),
                                        decision.taskID.map { id in H.a(.href(SiteURL.task(.value(id)).path)) { decision.taskCode ?? ctx.t("meeting.task") } }
                                            ?? (ctx.can(TaskPolicy.managePlans)
                                                ? H.a(.cls("btn btn-secondary"), .href(SiteURL.planTaskNew(.value(meeting.planID)).with([("decision", String(decision.id))]))) {
                                                    ctx.t("meeting.createTask") }
                                                : .text("—")),
                                     ] })
                }
            }
        }
    }
}
