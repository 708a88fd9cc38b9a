import Foundation

struct PlanListPage {
    let plans: [PlanRow]

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("plan.listTitle")) {
            Components.pageHeader(ctx.t("plan.listTitle"), subtitle: ctx.t("plan.listSubtitle")) {
                if ctx.can(TaskPolicy.managePlans) {
                    H.a(.cls("btn btn-primary"), .href(SiteURL.planNew.path)) { ctx.t("plan.new") }
                }
            }
            if plans.isEmpty {
                Components.emptyState(ctx, titleKey: "plan.empty", hintKey: ctx.can(TaskPolicy.managePlans) ? "plan.emptyHint" : nil)
            } else {
                Components.table(caption: ctx.t("plan.listTitle"),
                                 headers: [ctx.t("plan.title"), ctx.t("plan.year"), ctx.t("plan.tasks"), ctx.t("plan.orders"),
                                           ctx.t("plan.completion"), ctx.t("plan.publicState")],
                                 rows: plans.map { plan in [
                                    H.a(.href(SiteURL.plan(.value(plan.id)).path)) { plan.title },
                                    .text(String(plan.year)), .text(String(plan.taskCount)), .text(String(plan.orderCount)),
                                    TaskViews.progress(plan.taskCount == 0 ? 0 : plan.completedCount * 100 / plan.taskCount),
                                    plan.published ? Components.badge(ctx.t("plan.published"), .success) : Components.badge(ctx.t("plan.internal"), .neutral),
                                 ] })
            }
        }
    }
}

struct PlanDetailPage {
    let plan: PlanRow
    let rows: [TaskRow]
    let total: Int
    let page: Pagination
    let query: FormInput
    let lights: [TaskLight: Int]
    let choices: TaskChoices

    func render(_ ctx: PageContext) -> HTML {
        let filters = TaskFilter.queryFields.map { ($0, query[$0] ?? "") }
        let here = SiteURL.plan(.value(plan.id))
        return Layout.page(ctx, title: plan.title) {
            Components.pageHeader(plan.title, subtitle: ctx.t("plan.subtitle", String(plan.year), String(plan.taskCount), String(plan.orderCount))) {
                H.a(.cls("btn btn-secondary"), .href(SiteURL.planDispatch(.value(plan.id)).path)) { ctx.t("cycle.boardTitle") }
                H.a(.cls("btn btn-secondary"), .href(SiteURL.planStats(.value(plan.id)).path)) { ctx.t("stats.title") }
                if ctx.can(TaskPolicy.exportTasks) {
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.planExport(.value(plan.id)).with(filters))) { ctx.t("action.exportXLSX") }
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.planExport(.value(plan.id)).with(filters + [("format", "csv")]))) { ctx.t("action.exportCSV") }
                }
                if ctx.can(TaskPolicy.managePlans) {
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.planImport(.value(plan.id)).path)) { ctx.t("action.import") }
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.planEdit(.value(plan.id)).path)) { ctx.t("action.edit") }
                    H.a(.cls("btn btn-primary"), .href(SiteURL.planTaskNew(.value(plan.id)).path)) { ctx.t("task.new") }
                }
            }
            H.div(.cls("stat-grid")) {
                for light in [TaskLight.green, .yellow, .red, .done, .draft] {
                    H.a(.cls("stat-link"), .href(here.with([("light", light.rawValue)]))) {
                        H.div(.cls("stat stat-\(light.rawValue)")) {
                            H.span(.cls("stat-value")) { String(lights[light] ?? 0) }
                            H.span(.cls("stat-label")) { ctx.t(light.labelKey) }
                        }
                    }
                }
            }
            filterBar(ctx, action: here.path)
            if rows.isEmpty {
                Components.emptyState(ctx, titleKey: total == 0 && filters.allSatisfy({ $0.1.isEmpty }) ? "task.emptyPlan" : "task.noMatch",
                                      hintKey: ctx.can(TaskPolicy.managePlans) ? "task.emptyHint" : nil)
            } else {
                Components.table(caption: ctx.t("task.ledger"),
                                 headers: [ctx.t("task.code"), ctx.t("task.title"), ctx.t("task.domain"), ctx.t("task.leadUnit"), ctx.t("task.leader"),
                                           ctx.t("task.nextDue"), ctx.t("task.progress"), ctx.t("task.light"), ctx.t("common.status")],
                                 rows: rows.map { row in [
                                    H.code { row.code }, TaskViews.titleCell(ctx, row), .text(row.domainName), .text(row.leadUnitName),
                                    .text(row.leaderName ?? "—"), .text(row.nextDue ?? row.deadline), TaskViews.progressCell(ctx, row),
                                    TaskViews.light(ctx, row.light), TaskViews.taskStatus(ctx, row.status),
                                 ] })
                Components.pagination(ctx, page: page, total: total) { here.with(filters + [("page", String($0))]) }
            }
        }
    }

    private func filterBar(_ ctx: PageContext, action: String) -> HTML {
        func select(_ name: String, _ labelKey: String, _ allKey: String, _ options: [Components.Choice]) -> HTML {
            Components.filterSelect(ctx, name: name, labelKey: labelKey, allKey: allKey, options: options, selected: query[name])
        }
        return H.form(Attr("method", "get"), Attr("action", action), .cls("filter-bar"), Attr("role", "search")) {
            H.label(.cls("sr-only"), Attr("for", "q")) { ctx.t("common.search") }
            H.input(.type("search"), .id("q"), .name("q"), .value(query["q"] ?? ""), Attr("placeholder", ctx.t("task.searchPlaceholder")))
            select("domain", "task.domain", "task.allDomains", choices.domains)
            select("unit", "task.unit", "task.allUnits", choices.units)
            select("source", "task.source", "task.allSources", TaskSource.choices(ctx))
            select("status", "common.status", "common.anyStatus", TaskStatus.choices(ctx))
            select("light", "task.light", "task.allLights", TaskLight.choices(ctx))
            select("leader", "task.leader", "task.allLeaders", choices.leaders)
            select("group", "task.workGroup", "task.allGroups", choices.groups)
            H.label(.cls("checkbox")) {
                H.input(.type("checkbox"), .name("key"), .value("1"), .when(query.bool("key"), .flag("checked")))
                " " + ctx.t("task.keyOnly")
            }
            H.label(.cls("checkbox")) {
                H.input(.type("checkbox"), .name("test"), .value("1"), .when(query.bool("test"), .flag("checked")))
                " " + ctx.t("task.includeTest")
            }
            H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("action.filter") }
        }
    }
}

struct PlanFormPage {
    let input: PlanInput
    let planID: Int?
    let errors: FormErrors

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t(planID == nil ? "plan.new" : "plan.edit")
        let action = planID.map { SiteURL.plan(.value($0)).path } ?? SiteURL.plans.path
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title)
            H.section(.cls("card narrow")) {
                Components.formErrorSummary(ctx, errors)
                H.form(Attr("method", "post"), Attr("action", action)) {
                    Components.csrfField(ctx)
                    Components.textField(ctx, name: "title", labelKey: "plan.title", value: input.title, errors: errors, required: true)
                    Components.textField(ctx, name: "year", labelKey: "plan.year", value: input.year.map(String.init), errors: errors, type: "number", required: true)
                    Components.textArea(ctx, name: "summary", labelKey: "plan.summary", value: input.summary, errors: errors)
                    Components.textArea(ctx, name: "domains", labelKey: "plan.domains", value: input.domains.joined(separator: "\n"), errors: errors, rows: 12,
                                        hintKey: "plan.domainsHint")
                    Components.textField(ctx, name: "signDays", labelKey: "plan.signDays", value: input.signDays.map(String.init), errors: errors,
                                         type: "number", hintKey: "plan.signDaysHint")
                    H.label(.cls("checkbox")) {
                        H.input(.type("checkbox"), .name("published"), .value("1"), .when(input.published, .flag("checked")))
                        " " + ctx.t("plan.publishOnPortal")
                    }
                    Components.saveOrCancel(ctx, cancel: planID.map { SiteURL.plan(.value($0)).path } ?? SiteURL.plans.path)
                }
            }
        }
    }
}
