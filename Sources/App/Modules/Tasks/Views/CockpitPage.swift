import Foundation

/// Read-only: a leader's task forces with their lights, the trend of published months, and the
/// tasks that need attention, each a click from writing an instruction.
struct CockpitPage {
    let groups: [CockpitGroup]
    /// The lights a group shows, worst first.
    private static let lights: [TaskLight] = [.red, .yellow, .green, .done]

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("cockpit.title")) {
            Components.pageHeader(ctx.t("cockpit.title"), subtitle: ctx.t("cockpit.subtitle"))
            if groups.isEmpty {
                Components.emptyState(ctx, titleKey: "cockpit.empty")
            }
            for group in groups { card(ctx, group) }
        }
    }

    private func card(_ ctx: PageContext, _ group: CockpitGroup) -> HTML {
        let total = group.lights.values.reduce(0, +)
        return H.section(.cls("card cockpit-group")) {
            H.div(.cls("card-head")) {
                H.h2 { group.name }
                TaskViews.progress(group.progress, note: ctx.t("cockpit.tasks", String(total)))
            }
            H.div(.cls("light-strip")) {
                for light in Self.lights {
                    H.span(.cls("light light-\(light.rawValue)")) {
                        H.span(.cls("light-dot"), .aria("hidden", "true")) { "" }
                        "\(ctx.t(light.labelKey)) \(group.lights[light] ?? 0)"
                    }
                }
            }
            H.div(.cls("columns")) {
                H.div {
                    SVGChart.bars(title: ctx.t("cockpit.lights", group.name), items: Self.lights.map { light in
                        (ctx.t(light.labelKey), Double(group.lights[light] ?? 0), light.chartColor)
                    }, width: 420)
                }
                H.div {
                    if group.trend.isEmpty {
                        H.p(.cls("muted")) { ctx.t("cockpit.noTrend") }
                    } else {
                        SVGChart.lines(title: ctx.t("cockpit.trend", group.name), labels: group.trend.map(\.month), series: [
                            .init(name: ctx.t("task.progress"), color: TaskLight.done.chartColor, values: group.trend.map { Double($0.progress) }),
                            .init(name: ctx.t("light.red"), color: TaskLight.red.chartColor, values: group.trend.map { Double($0.overdue) }),
                        ], width: 420, height: 200)
                    }
                }
            }
            if !group.attention.isEmpty {
                H.h3 { ctx.t("cockpit.attention") }
                Components.table(caption: ctx.t("cockpit.attention"),
                                 headers: [ctx.t("task.title"), ctx.t("task.leadUnit"), ctx.t("task.nextDue"), ctx.t("task.progress"), ctx.t("task.light")],
                                 rows: group.attention.map { row in [
                                    H.a(.href(SiteURL.task(.value(row.id)).path)) { "\(row.code) \(row.title)" }, .text(row.leadUnitName),
                                    .text(row.nextDue ?? "—"), TaskViews.progress(row.progress), TaskViews.light(ctx, row.light),
                                 ] })
            }
        }
    }
}
