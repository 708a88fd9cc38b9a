import Foundation

/// The published month (通报): rendered only from its frozen snapshot.
struct BulletinPage {
    let cycle: CycleRow
    let snapshot: MonthSnapshot

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t("bulletin.title", snapshot.month)
        let totals = snapshot.totals
        let ranked = snapshot.units.filter { $0.rank != nil }
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title, subtitle: ctx.t("bulletin.subtitle", snapshot.planTitle, DisplayTime.format(snapshot.publishedAt))) {
                H.a(.cls("btn btn-secondary"), .href(SiteURL.cycleBulletin(.value(cycle.id)).path)) { ctx.t("action.exportXLSX") }
                H.a(.cls("btn btn-ghost"), .href(SiteURL.planDispatch(.value(cycle.planID)).path)) { ctx.t("cycle.boardTitle") }
            }
            if !snapshot.note.isEmpty { H.section(.cls("card")) { H.p(.cls("prewrap")) { snapshot.note } } }
            H.div(.cls("stat-grid")) {
                stat(ctx.t("stats.tasks"), totals.tasks, "")
                stat(ctx.t("light.done"), totals.completed, "stat-done")
                stat(ctx.t("light.green"), totals.onSchedule, "stat-green")
                stat(ctx.t("light.yellow"), totals.dueSoon, "stat-yellow")
                stat(ctx.t("light.red"), totals.overdue, "stat-red")
            }
            H.section(.cls("card")) {
                H.p { ctx.t("bulletin.summary", String(totals.tasks), String(totals.completed), String(totals.onSchedule + totals.dueSoon),
                            String(totals.overdue), String(totals.averageProgress), String(totals.orders), String(totals.ordersCompleted)) }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("stats.ranking") }
                if ranked.count >= 3 {
                    SVGChart.bars(title: ctx.t("bulletin.topTen"), items: ranked.prefix(10).map { ($0.unitName, $0.score ?? 0, SVGChart.palette[0]) },
                                  maxValue: 100)
                }
                DispatchViews.ranking(ctx, snapshot.units)
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("stats.domains") }
                DispatchViews.domains(ctx, snapshot.domains)
            }
            H.div(.cls("columns")) {
                lines(ctx, "bulletin.completedThisMonth", snapshot.completedThisMonth, showDue: false)
                lines(ctx, "bulletin.overdue", snapshot.overdue, showDue: true)
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("bulletin.cards") }
                if snapshot.cards.isEmpty {
                    Components.emptyState(ctx, titleKey: "bulletin.noCards")
                } else {
                    Components.table(caption: ctx.t("bulletin.cards"), headers: [ctx.t("order.unit"), ctx.t("supervision.kind"), ctx.t("task.title"),
                                                                                 ctx.t("supervision.content")],
                                     rows: snapshot.cards.map { [.text($0.unit), SupervisionViews.kindBadge(ctx, $0.kind), .text($0.task), .text($0.content)] })
                }
            }
        }
    }

    private func lines(_ ctx: PageContext, _ key: String, _ lines: [MonthSnapshot.TaskLine], showDue: Bool) -> HTML {
        H.section(.cls("card")) {
            H.h2 { ctx.t(key) + " (\(lines.count))" }
            if lines.isEmpty {
                H.p(.cls("muted")) { ctx.t("bulletin.none") }
            } else {
                Components.table(caption: ctx.t(key), headers: [ctx.t("task.code"), ctx.t("task.title"), ctx.t("task.leadUnit"),
                                                                 showDue ? ctx.t("task.nextDue") : ctx.t("task.progress")],
                                 rows: lines.map { line in [H.code { line.code }, .text(line.title), .text(line.leadUnit),
                                                            showDue ? .text(line.due ?? "—") : TaskViews.progress(line.progress)] })
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

/// The bulletin as a workbook: one sheet per part of the page.
enum BulletinSheets {
    static func rows(_ snapshot: MonthSnapshot, lang: Lang) -> [(name: String, rows: [[Cell]])] {
        let totals = snapshot.totals
        let overview: [[Cell]] = [
            [.text(lang.t("bulletin.item")), .text(lang.t("bulletin.value"))],
            [.text(lang.t("plan.title")), .text(snapshot.planTitle)], [.text(lang.t("report.month")), .text(snapshot.month)],
            [.text(lang.t("cycle.publishedAt")), .text(DisplayTime.format(snapshot.publishedAt))],
            [.text(lang.t("stats.tasks")), .number(String(totals.tasks))], [.text(lang.t("light.done")), .number(String(totals.completed))],
            [.text(lang.t("light.green")), .number(String(totals.onSchedule))], [.text(lang.t("light.yellow")), .number(String(totals.dueSoon))],
            [.text(lang.t("light.red")), .number(String(totals.overdue))], [.text(lang.t("task.progress")), .number(String(totals.averageProgress))],
            [.text(lang.t("stats.orders")), .number(String(totals.orders))], [.text(lang.t("stats.completed")), .number(String(totals.ordersCompleted))],
            [.text(lang.t("bulletin.rule")), .text(snapshot.rule)],
        ]
        let ranking: [[Cell]] = [[lang.t("stats.rank"), lang.t("order.unit"), lang.t("stats.orders"), lang.t("stats.completed"), lang.t("stats.overdue"),
                                  lang.t("stats.signRate"), lang.t("stats.reportRate"), lang.t("supervisionKind.yellow_card"),
                                  lang.t("supervisionKind.red_card"), lang.t("supervisionKind.interview"), lang.t("stats.score")].map { .text($0) }]
            + snapshot.units.map { unit in
                [unit.rank.map { .number(String($0)) } ?? .text(lang.t("stats.notRanked")), .text(unit.unitName), .number(String(unit.orders)),
                 .number(String(unit.completed)), .number(String(unit.overdue)), .text(DispatchViews.percent(unit.signRate)),
                 .text(DispatchViews.percent(unit.reportRate)), .number(String(unit.yellowCards)), .number(String(unit.redCards)),
                 .number(String(unit.interviews)), unit.score.map { .number(SVGChart.format($0)) } ?? .empty]
            }
        let domains: [[Cell]] = [[lang.t("task.domain"), lang.t("stats.tasks"), lang.t("stats.completed"), lang.t("stats.overdue"),
                                  lang.t("task.progress")].map { .text($0) }]
            + snapshot.domains.map { [.text($0.name), .number(String($0.tasks)), .number(String($0.completed)), .number(String($0.overdue)),
                                      .number(String($0.progress))] }
        func taskRows(_ lines: [MonthSnapshot.TaskLine]) -> [[Cell]] {
            [[lang.t("task.code"), lang.t("task.title"), lang.t("task.leadUnit"), lang.t("task.nextDue"), lang.t("task.progress")].map { .text($0) }]
                + lines.map { [.text($0.code), .text($0.title), .text($0.leadUnit), .text($0.due ?? ""), .number(String($0.progress))] }
        }
        let cards: [[Cell]] = [[lang.t("order.unit"), lang.t("supervision.kind"), lang.t("task.title"), lang.t("supervision.content")].map { .text($0) }]
            + snapshot.cards.map { [.text($0.unit), .text(lang.t("supervisionKind.\($0.kind)")), .text($0.task), .text($0.content)] }
        return [(lang.t("bulletin.sheet.overview"), overview), (lang.t("stats.ranking"), ranking), (lang.t("stats.domains"), domains),
                (lang.t("bulletin.completedThisMonth"), taskRows(snapshot.completedThisMonth)), (lang.t("bulletin.overdue"), taskRows(snapshot.overdue)),
                (lang.t("bulletin.cards"), cards)]
    }
}

/// Statistics of a plan: the unit ranking (rule shown), domains, and the trend of published months.
struct PlanStatsPage {
    let plan: PlanRow
    let units: [UnitFigures]
    let domains: [DomainFigures]
    let trend: [(String, MonthSnapshot.Totals)]

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t("stats.title")
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title, subtitle: plan.title) {
                H.a(.cls("btn btn-ghost"), .href(SiteURL.plan(.value(plan.id)).path)) { ctx.t("task.backToPlan") }
                H.a(.cls("btn btn-secondary"), .href(SiteURL.planDispatch(.value(plan.id)).path)) { ctx.t("cycle.boardTitle") }
            }
            if !trend.isEmpty {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("stats.trend") }
                    SVGChart.lines(title: ctx.t("stats.trend"), labels: trend.map(\.0), series: [
                        .init(name: ctx.t("light.done"), color: TaskLight.done.chartColor, values: trend.map { Double($0.1.completed) }),
                        .init(name: ctx.t("light.red"), color: TaskLight.red.chartColor, values: trend.map { Double($0.1.overdue) }),
                        .init(name: ctx.t("light.green"), color: TaskLight.green.chartColor, values: trend.map { Double($0.1.onSchedule) }),
                    ])
                }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("stats.ranking") }
                DispatchViews.ranking(ctx, units)
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("stats.domains") }
                SVGChart.bars(title: ctx.t("stats.domainProgress"), items: domains.map { ($0.name, Double($0.progress), $0.overdue > 0 ? TaskLight.yellow.chartColor : TaskLight.done.chartColor) },
                              maxValue: 100, suffix: "%")
                DispatchViews.domains(ctx, domains)
            }
        }
    }
}
