import Foundation

struct TaskDetailPage {
    let detail: TaskDetail
    let orders: [OrderRow]
    let supervision: [SupervisionRow]
    let instructions: [InstructionRow]

    func render(_ ctx: PageContext) -> HTML {
        let row = detail.row
        return Layout.page(ctx, title: row.title) {
            Components.pageHeader(row.title, subtitle: "\(row.code) · \(detail.planTitle)") {
                Components.historyLink(ctx, entityType: "task", id: row.id)
                H.a(.cls("btn btn-ghost"), .href(SiteURL.plan(.value(row.planID)).path)) { ctx.t("task.backToPlan") }
                if ctx.can(TaskPolicy.managePlans) {
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.taskEdit(.value(row.id)).path)) { ctx.t("action.edit") }
                    if row.status != TaskStatus.closed.rawValue {
                        H.a(.cls("btn btn-secondary"), .href(SiteURL.planTaskNew(.value(row.planID)).with([("parent", String(row.id))]))) {
                            ctx.t("task.addChild")
                        }
                    }
                    if row.status == TaskStatus.draft.rawValue {
                        Components.actionButton(ctx, action: SiteURL.taskDispatch(.value(row.id)).path, labelKey: "task.dispatch",
                                                style: "btn-primary", confirmKey: "task.dispatchConfirm")
                    }
                }
            }
            H.div(.cls("columns")) {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("task.overview") }
                    Components.details([
                        (ctx.t("common.status"), TaskViews.taskStatus(ctx, row.status) + TaskViews.light(ctx, row.light)),
                        (ctx.t("task.progress"), TaskViews.progressCell(ctx, row)),
                        (ctx.t("task.domain"), .text(row.domainName)),
                        (ctx.t("task.source"), .text(ctx.t("taskSource.\(row.source)"))),
                        (ctx.t("task.leadUnit"), H.a(.href(SiteURL.unit(.value(row.leadUnitID)).path)) { row.leadUnitName }),
                        (ctx.t("task.responsibleUnits"), detail.responsibleUnits.isEmpty ? .text("—")
                            : .text(detail.responsibleUnits.map(\.name).joined(separator: "、"))),
                        (ctx.t("task.leader"), .text(row.leaderName ?? "—")),
                        (ctx.t("task.workGroup"), .text(detail.workGroupName ?? "—")),
                        (ctx.t("task.outputs"), .text(detail.outputs.isEmpty ? "—" : detail.outputs.map { ctx.t("taskOutput.\($0)") }.joined(separator: "、"))),
                        (ctx.t("task.deadline"), .text(row.deadline)),
                        (ctx.t("task.flags"), .text([row.isKey ? ctx.t("task.key") : nil, row.isPublic ? ctx.t("task.public") : ctx.t("task.internal"),
                                                     row.isTest ? ctx.t("task.test") : nil].compactMap { $0 }.joined(separator: " · "))),
                        (ctx.t("task.parent"), detail.row.parentID.map { id in H.a(.href(SiteURL.task(.value(id)).path)) { detail.parentTitle ?? "" } } ?? .text("—")),
                    ])
                }
                H.section(.cls("card")) {
                    H.h2 { ctx.t("task.measures") }
                    H.p(.cls("prewrap")) { detail.measures.isEmpty ? "—" : detail.measures }
                    H.h2 { ctx.t("task.milestones") }
                    if detail.milestones.isEmpty {
                        H.p(.cls("muted")) { ctx.t("task.noMilestones") }
                    } else {
                        H.tag("ol", .cls("timeline")) {
                            for milestone in detail.milestones {
                                H.li { H.strong { milestone.due } + HTML.text(" " + milestone.title) }
                            }
                        }
                    }
                }
            }
            if !instructions.isEmpty || ctx.can(TaskPolicy.instruct) {
                H.section(.cls("card instructions")) {
                    H.h2 { ctx.t("instruction.title") }
                    for instruction in instructions {
                        H.tag("blockquote", .cls("instruction")) {
                            H.p(.cls("prewrap")) { instruction.text }
                            H.small(.cls("muted")) { instruction.leaderName + " · " + DisplayTime.format(instruction.createdAt) }
                        }
                    }
                    if instructions.isEmpty { H.p(.cls("muted")) { ctx.t("instruction.none") } }
                    if ctx.can(TaskPolicy.instruct) {
                        H.form(Attr("method", "post"), Attr("action", SiteURL.taskInstructions(.value(row.id)).path)) {
                            Components.csrfField(ctx)
                            Components.textArea(ctx, name: "text", labelKey: "instruction.write", value: nil, errors: .none, rows: 3)
                            H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("instruction.send") }
                        }
                    }
                }
            }
            if !detail.children.isEmpty {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("task.children") + " (\(detail.children.count))" }
                    H.p(.cls("muted")) { ctx.t("task.rollupExplained.\(row.rollup)") }
                    Components.table(caption: ctx.t("task.children"),
                                     headers: [ctx.t("task.code"), ctx.t("task.title"), ctx.t("task.weight"), ctx.t("task.progress"), ctx.t("task.light")],
                                     rows: detail.children.map { child in [
                                        H.code { child.code }, TaskViews.titleCell(ctx, child), .text(String(child.weight)),
                                        TaskViews.progressCell(ctx, child), TaskViews.light(ctx, child.light),
                                     ] })
                }
            }
            if detail.children.isEmpty {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("order.listForTask") + " (\(orders.count))" }
                    if orders.isEmpty {
                        Components.emptyState(ctx, titleKey: row.status == TaskStatus.draft.rawValue ? "order.notYetDispatched" : "order.noneVisible")
                    } else {
                        OrderViews.table(ctx, orders, showTask: false)
                    }
                }
            }
            if !supervision.isEmpty {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("supervision.listTitle") + " (\(supervision.count))" }
                    SupervisionViews.table(ctx, supervision, showTask: false)
                }
            }
        }
    }
}

struct TaskFormPage {
    let planID: Int
    let taskID: Int?
    let input: TaskInput
    let parentTitle: String?
    let dispatched: Bool
    let choices: TaskChoices
    let errors: FormErrors
    var decisionID: Int?

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t(taskID == nil ? (input.parentID == nil ? "task.new" : "task.newChild") : "task.edit")
        let action = taskID.map { SiteURL.task(.value($0)).path } ?? SiteURL.planTaskNew(.value(planID)).path
        let cancel = taskID.map { SiteURL.task(.value($0)).path } ?? SiteURL.plan(.value(planID)).path
        let milestoneRows = input.milestones + Array(repeating: TaskInput.Milestone(due: "", title: ""), count: max(2, 6 - input.milestones.count))
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title, subtitle: parentTitle.map { ctx.t("task.childOf", $0) })
            H.section(.cls("card")) {
                Components.formErrorSummary(ctx, errors)
                H.form(Attr("method", "post"), Attr("action", action), .cls("form-grid")) {
                    Components.csrfField(ctx)
                    if let parentID = input.parentID { H.input(.type("hidden"), .name("parentID"), .value(String(parentID))) }
                    if let decisionID { H.input(.type("hidden"), .name("decision"), .value(String(decisionID))) }
                    Components.textField(ctx, name: "code", labelKey: "task.code", value: input.code, errors: errors, required: true, hintKey: "task.codeHint")
                    Components.textField(ctx, name: "title", labelKey: "task.title", value: input.title, errors: errors, required: true)
                    Components.textArea(ctx, name: "measures", labelKey: "task.measures", value: input.measures, errors: errors, rows: 5)
                    if input.parentID == nil {
                        Components.selectField(ctx, name: "domainID", labelKey: "task.domain", choices: choices.domains,
                                               selected: input.domainID.map { [String($0)] } ?? [], errors: errors, required: true, blankKey: "common.choose")
                    }
                    Components.selectField(ctx, name: "source", labelKey: "task.source", choices: TaskSource.choices(ctx), selected: [input.source],
                                           errors: errors, required: true)
                    Components.selectField(ctx, name: "leadUnitID", labelKey: "task.leadUnit", choices: choices.units,
                                           selected: input.leadUnitID.map { [String($0)] } ?? [], errors: errors, required: true, blankKey: "common.choose")
                    Components.selectField(ctx, name: "responsibleUnitIDs", labelKey: "task.responsibleUnits", choices: choices.units,
                                           selected: input.responsibleUnitIDs.map(String.init), errors: errors, multiple: true)
                    Components.selectField(ctx, name: "leaderID", labelKey: "task.leader", choices: choices.leaders,
                                           selected: input.leaderID.map { [String($0)] } ?? [], errors: errors, blankKey: "task.noLeader")
                    Components.selectField(ctx, name: "workGroupID", labelKey: "task.workGroup", choices: choices.groups,
                                           selected: input.workGroupID.map { [String($0)] } ?? [], errors: errors, blankKey: "task.noGroup")
                    Components.checkboxes(ctx, name: "outputs", legendKey: "task.outputs",
                                          choices: TaskOutput.choices(ctx), checked: Set(input.outputs), errors: errors)
                    Components.textField(ctx, name: "deadline", labelKey: "task.deadline", value: input.deadline, errors: errors, type: "date", required: true)
                    H.fieldset(.cls(errors["milestones"] == nil ? "field" : "field field-error")) {
                        H.legend { ctx.t("task.milestones") }
                        H.small(.cls("hint")) { ctx.t("task.milestonesHint") }
                        for (index, milestone) in milestoneRows.enumerated() {
                            H.div(.cls("milestone-row")) {
                                H.label(.cls("sr-only"), Attr("for", "m-due-\(index)")) { ctx.t("task.milestoneDue", String(index + 1)) }
                                H.input(.type("date"), .id("m-due-\(index)"), .name("milestoneDue"), .value(milestone.due))
                                H.label(.cls("sr-only"), Attr("for", "m-title-\(index)")) { ctx.t("task.milestoneTitleLabel", String(index + 1)) }
                                H.input(.type("text"), .id("m-title-\(index)"), .name("milestoneTitle"), .value(milestone.title), Attr("maxlength", "200"),
                                        Attr("placeholder", ctx.t("task.milestonePlaceholder")))
                            }
                        }
                        for problem in errors.problems where problem.field == "milestones" {
                            H.small(.cls("error-text")) { Catalog.text(problem.key, ctx.lang, problem.args) }
                        }
                    }
                    Components.textField(ctx, name: "weight", labelKey: "task.weight", value: input.weight.map(String.init), errors: errors, type: "number",
                                         hintKey: "task.weightHint")
                    Components.selectField(ctx, name: "rollup", labelKey: "task.rollup",
                                           choices: RollupMethod.choices(ctx), selected: [input.rollup], errors: errors)
                    H.fieldset(.cls("field")) {
                        H.legend { ctx.t("task.flags") }
                        for (name, on, key) in [("isKey", input.isKey, "task.key"), ("isPublic", input.isPublic, "task.publicOnPortal"),
                                                ("isTest", input.isTest, "task.testEntry")] {
                            H.label(.cls("checkbox")) {
                                H.input(.type("checkbox"), .name(name), .value("1"), .when(on, .flag("checked")))
                                " " + ctx.t(key)
                            }
                        }
                    }
                    if dispatched {
                        Components.textField(ctx, name: "reason", labelKey: "task.changeReason", value: nil, errors: errors, hintKey: "task.changeReasonHint")
                    }
                    Components.saveOrCancel(ctx, cancel: cancel)
                }
            }
        }
    }
}
