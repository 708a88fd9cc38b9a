import Foundation

struct SupervisionDetailPage {
    let record: SupervisionRow
    let unitFullName: String
    let leaderName: String?
    let actors: Set<OrderActor>
    let errors: FormErrors
    let draft: String?
    /// Only the letter, for printing a notice letter.
    let printable: Bool

    func render(_ ctx: PageContext) -> HTML {
        let kind = SupervisionKind(rawValue: record.kind) ?? .urge
        let status = SupervisionStatus(rawValue: record.status) ?? .recorded
        return Layout.page(ctx, title: record.title) {
            if printable && kind == .notice {
                letter(ctx)
            } else {
                Components.pageHeader(record.title, subtitle: "\(record.unitName) · \(DisplayTime.format(record.issuedAt))") {
                    Components.historyLink(ctx, entityType: "supervision", id: record.id)
                    if kind == .notice {
                        H.a(.cls("btn btn-secondary"), .href(SiteURL.supervision(.value(record.id)).with([("print", "1")]))) { ctx.t("supervision.printLetter") }
                    }
                    H.a(.cls("btn btn-ghost"), .href(SiteURL.order(.value(record.orderID)).path)) { ctx.t("supervision.viewOrder") }
                }
                H.section(.cls("card")) {
                    Components.details(rows(ctx, kind))
                }
                if kind == .notice { H.section(.cls("card")) { letter(ctx) } }
                actions(ctx, kind: kind, status: status)
            }
        }
    }

    private func rows(_ ctx: PageContext, _ kind: SupervisionKind) -> [(String, HTML)] {
        var rows: [(String, HTML)] = [
            (ctx.t("supervision.kind"), SupervisionViews.kindBadge(ctx, record.kind) + SupervisionViews.statusBadge(ctx, record.status)),
            (ctx.t("task.title"), H.a(.href(SiteURL.task(.value(record.taskID)).path)) { "\(record.taskCode) \(record.taskTitle)" }),
            (ctx.t("order.unit"), .text(record.unitName)),
            (ctx.t("supervision.issuer"), .text(record.automatic ? ctx.t("supervision.automatic") : (record.issuerName ?? "—"))),
            (ctx.t(kind == .interview ? "supervision.minutes" : "supervision.content"), H.span(.cls("prewrap")) { record.content }),
        ]
        if let due = record.replyDue { rows.append((ctx.t("supervision.replyDue"), .text(due))) }
        if let reply = record.reply { rows.append((ctx.t("supervision.reply"), H.span(.cls("prewrap")) { reply })) }
        if let condition = record.liftCondition { rows.append((ctx.t("supervision.liftCondition"), .text(condition))) }
        if let reason = record.liftReason { rows.append((ctx.t("supervision.liftReason"), .text(reason))) }
        if let date = record.meetingDate { rows.append((ctx.t("supervision.meetingDate"), .text(date))) }
        if let attendees = record.attendees { rows.append((ctx.t("supervision.attendees"), .text(attendees))) }
        if let followUp = record.followUp, !followUp.isEmpty { rows.append((ctx.t("supervision.followUp"), .text(followUp))) }
        return rows
    }

    /// 工作提示函: an official letter to the unit or its responsible leader.
    private func letter(_ ctx: PageContext) -> HTML {
        let to = record.addressee == "leader" ? ctx.t("supervision.letter.toLeader", leaderName ?? unitFullName) : unitFullName + "："
        return H.tag("article", .cls("letter")) {
            H.p(.cls("letter-head")) { ctx.t("supervision.letter.sender") }
            H.h2(.cls("letter-title")) { ctx.t("supervisionKind.notice") }
            H.p(.cls("letter-number")) { ctx.t("supervision.letter.number", String(Calendar(identifier: .gregorian).component(.year, from: record.issuedAt)), String(record.id)) }
            H.p { to }
            H.p(.cls("letter-body prewrap")) { ctx.t("supervision.letter.intro", "\(record.taskCode) \(record.taskTitle)") + "\n" + record.content }
            if let due = record.replyDue { H.p(.cls("letter-body")) { ctx.t("supervision.letter.replyBy", due) } }
            H.p(.cls("letter-sign")) { ctx.t("supervision.letter.sender") }
            H.p(.cls("letter-sign")) { DisplayTime.format(record.issuedAt, withTime: false) }
        }
    }

    @HTMLBuilder
    private func actions(_ ctx: PageContext, kind: SupervisionKind, status: SupervisionStatus) -> HTML {
        if kind.needsReply, status == .open, actors.contains(.unitMember) {
            H.section(.cls("card")) {
                H.h2 { ctx.t("supervision.replyTitle") }
                H.form(Attr("method", "post"), Attr("action", SiteURL.supervisionAction(.value(record.id)).path)) {
                    Components.csrfField(ctx)
                    H.input(.type("hidden"), .name("action"), .value(SupervisionAction.reply.rawValue))
                    Components.textArea(ctx, name: "text", labelKey: "supervision.reply", value: nil, errors: errors, rows: 4)
                    H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("supervisionAction.reply") }
                }
            }
        }
        if kind == .redCard {
            H.section(.cls("card")) {
                H.div(.cls("card-head")) {
                    H.h2 { ctx.t("supervision.writtenReport") }
                    if let raw = record.reportStatus { TaskViews.reportStatus(ctx, raw) }
                }
                H.p(.cls("muted")) { ctx.t("supervision.writtenReportHint") }
                if let comment = record.reportComment { H.p(.cls("flash flash-info")) { ctx.t("report.comment", comment) } }
                if record.reportStatus == ReportStatus.draft.rawValue, status == .open, actors.contains(.unitMember) {
                    H.form(Attr("method", "post"), Attr("action", SiteURL.supervisionReport(.value(record.id)).path)) {
                        Components.csrfField(ctx)
                        Components.formErrorSummary(ctx, errors)
                        Components.textArea(ctx, name: "writtenReport", labelKey: "supervision.writtenReport", value: draft ?? record.writtenReport,
                                            errors: errors, rows: 8)
                        H.div(.cls("form-actions")) {
                            H.button(.type("submit"), .name("submit"), .value("1"), .cls("btn btn-primary")) { ctx.t("report.saveAndSubmit") }
                            H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("report.saveDraft") }
                        }
                    }
                } else if let text = record.writtenReport {
                    H.p(.cls("prewrap")) { text }
                } else {
                    H.p(.cls("muted")) { ctx.t("supervision.noWrittenReport") }
                }
                if status == .open, let raw = record.reportStatus, let reportStatus = ReportStatus(rawValue: raw) {
                    H.div(.cls("action-row")) {
                        for transition in ReportStateMachine.actions(from: reportStatus, for: actors) where transition.action != .submit && transition.action != .submitAsHead {
                            Components.actionButton(ctx, action: SiteURL.supervisionReportAction(.value(record.id)).path, labelKey: transition.action.labelKey,
                                                    style: transition.needsReason ? "btn-danger" : "btn-primary", askReason: transition.needsReason,
                                                    hidden: [("action", transition.action.rawValue)])
                        }
                    }
                }
            }
        }
        if kind.isCard, status == .open, actors.contains(.office) {
            H.section(.cls("card")) {
                H.h2 { ctx.t("supervision.liftTitle") }
                if kind == .redCard, record.reportStatus != ReportStatus.accepted.rawValue {
                    H.p(.cls("muted")) { ctx.t("supervision.redCardNeedsReport") }
                } else {
                    Components.actionButton(ctx, action: SiteURL.supervisionAction(.value(record.id)).path, labelKey: "supervisionAction.lift",
                                            style: "btn-primary", askReason: true, hidden: [("action", SupervisionAction.lift.rawValue)])
                }
            }
        }
    }
}

struct SupervisionFormPage {
    let order: OrderRow
    let input: SupervisionInput
    let errors: FormErrors
    let today: CivilDate

    func render(_ ctx: PageContext) -> HTML {
        let kind = SupervisionKind(rawValue: input.kind) ?? .urge
        let title = ctx.t("supervision.issue.\(kind.rawValue)")
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title, subtitle: "\(order.unitName) · \(order.taskCode) \(order.taskTitle)")
            H.section(.cls("card narrow")) {
                Components.formErrorSummary(ctx, errors)
                H.p(.cls("hint")) { ctx.t("supervision.hint.\(kind.rawValue)") }
                H.form(Attr("method", "post"), Attr("action", SiteURL.orderSupervision(.value(order.id)).path)) {
                    Components.csrfField(ctx)
                    H.input(.type("hidden"), .name("kind"), .value(kind.rawValue))
                    if kind == .interview {
                        Components.textField(ctx, name: "meetingDate", labelKey: "supervision.meetingDate", value: input.meetingDate ?? today.description,
                                             errors: errors, type: "date", required: true)
                        Components.textField(ctx, name: "attendees", labelKey: "supervision.attendees", value: input.attendees, errors: errors, required: true)
                    }
                    Components.textArea(ctx, name: "content", labelKey: kind == .interview ? "supervision.minutes" : "supervision.content",
                                        value: input.content, errors: errors, rows: 6)
                    if kind == .interview {
                        Components.textArea(ctx, name: "followUp", labelKey: "supervision.followUp", value: input.followUp, errors: errors)
                    }
                    if kind.needsReply {
                        Components.textField(ctx, name: "replyDue", labelKey: "supervision.replyDue", value: input.replyDue, errors: errors,
                                             type: "date", required: true)
                    }
                    if kind == .notice {
                        Components.selectField(ctx, name: "addressee", labelKey: "supervision.addressee",
                                               choices: [.init("unit", ctx.t("supervision.addressee.unit")), .init("leader", ctx.t("supervision.addressee.leader"))],
                                               selected: [input.addressee ?? "unit"], errors: errors)
                    }
                    if kind.isCard {
                        Components.textField(ctx, name: "liftCondition", labelKey: "supervision.liftCondition", value: input.liftCondition, errors: errors,
                                             required: true, hintKey: kind == .redCard ? "supervision.redCardHint" : nil)
                    }
                    Components.saveOrCancel(ctx, cancel: SiteURL.order(.value(order.id)).path)
                }
            }
        }
    }
}
