import Foundation

enum OrderViews {
    /// What a report says and carries, as the unit and the office's review desk both show it.
    @HTMLBuilder
    static func reportContent(_ ctx: PageContext, _ report: ReportRow, files: [EvidenceFileRow], deletable: Bool) -> HTML {
        if let milestone = report.milestoneTitle {
            H.p(.cls("muted")) { ctx.t(report.milestoneMet ? "report.meetsMilestone" : "report.aboutMilestone", milestone) }
        }
        H.p(.cls("prewrap")) { report.body }
        if let comment = report.comment { H.p(.cls("flash flash-info")) { ctx.t("report.comment", comment) } }
        if !files.isEmpty {
            H.ul(.cls("file-list")) {
                for file in files {
                    H.li {
                        H.a(.href(SiteURL.evidence(.value(file.id)).path)) { file.filename }
                        H.span(.cls("muted")) { " " + size(file.size) }
                        if deletable {
                            Components.actionButton(ctx, action: SiteURL.evidenceDelete(.value(file.id)).path, labelKey: "evidence.delete",
                                                    style: "btn-ghost", confirmKey: "evidence.deleteConfirm")
                        }
                    }
                }
            }
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1024 * 1024 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(max(1, bytes / 1024)) KB"
    }

    static func table(_ ctx: PageContext, _ orders: [OrderRow], showTask: Bool = true) -> HTML {
        var headers = [ctx.t("order.number")]
        if showTask { headers.append(ctx.t("task.title")) }
        headers += [ctx.t("order.unit"), ctx.t("order.role"), ctx.t("common.status"), ctx.t("order.signDue"), ctx.t("task.nextDue"),
                    ctx.t("task.progress"), ctx.t("task.light")]
        return Components.table(caption: ctx.t("order.listTitle"), headers: headers, rows: orders.map { order in
            var cells: [HTML] = [H.a(.href(SiteURL.order(.value(order.id)).path)) { ctx.t("order.numberValue", String(order.id)) }]
            if showTask { cells.append(H.a(.href(SiteURL.order(.value(order.id)).path)) { "\(order.taskCode) \(order.taskTitle)" }) }
            var status = TaskViews.orderStatus(ctx, order.status)
            if order.pendingReports > 0 { status = status + Components.badge(ctx.t("order.pendingReports", String(order.pendingReports)), .warning) }
            cells += [.text(order.unitName), .text(ctx.t("orderRole.\(order.role)")), status,
                      .text(order.status == OrderStatus.dispatched.rawValue ? order.signDue : "—"), .text(order.nextDue ?? "—"),
                      TaskViews.progress(order.progress), TaskViews.light(ctx, order.light)]
            return cells
        })
    }

    /// The buttons for the moves this viewer may make; moves that need a reason ask for one.
    static func actions(_ ctx: PageContext, orderID: Int, status: String, actors: Set<OrderActor>, back: String? = nil) -> HTML {
        guard let status = OrderStatus(rawValue: status) else { return .empty }
        let transitions = OrderStateMachine.actions(from: status, for: actors)
        return H.div(.cls("action-row")) {
            for transition in transitions {
                Components.actionButton(ctx, action: SiteURL.orderAction(.value(orderID)).path, labelKey: transition.action.labelKey,
                                        style: transition.action == .withdraw || transition.action == .giveBack ? "btn-danger" : "btn-primary",
                                        askReason: transition.needsReason,
                                        hidden: [("action", transition.action.rawValue)] + (back.map { [("back", $0)] } ?? []))
            }
        }
    }

    static func reportActions(_ ctx: PageContext, report: ReportRow, actors: Set<OrderActor>, back: String? = nil) -> HTML {
        guard let status = ReportStatus(rawValue: report.status) else { return .empty }
        return H.div(.cls("action-row")) {
            for transition in ReportStateMachine.actions(from: status, for: actors) {
                Components.actionButton(ctx, action: SiteURL.reportAction(.value(report.id)).path, labelKey: transition.action.labelKey,
                                        style: transition.needsReason ? "btn-danger" : "btn-primary", askReason: transition.needsReason,
                                        hidden: [("action", transition.action.rawValue)] + (back.map { [("back", $0)] } ?? []))
            }
        }
    }
}

struct OrderListPage {
    let rows: [OrderRow]
    let total: Int
    let page: Pagination
    let query: FormInput
    let box: OrderBox?
    let counts: [OrderBox: Int]
    let units: [Components.Choice]

    func render(_ ctx: PageContext) -> HTML {
        let filters: [(String, String)] = [("box", box?.rawValue ?? "all"), ("unit", query["unit"] ?? ""), ("status", query["status"] ?? ""),
                                           ("light", query["light"] ?? "")]
        return Layout.page(ctx, title: ctx.t("order.listTitle")) {
            Components.pageHeader(ctx.t("order.listTitle"), subtitle: ctx.t("order.listSubtitle"))
            H.nav(.cls("tabs"), .aria("label", ctx.t("order.boxes"))) {
                for tab in OrderBox.allCases {
                    H.a(.cls(tab == box ? "tab active" : "tab"), .href(SiteURL.orders.with([("box", tab.rawValue)])),
                        .when(tab == box, .aria("current", "page"))) {
                        ctx.t(tab.labelKey)
                        H.span(.cls("badge-count")) { String(counts[tab] ?? 0) }
                    }
                }
                H.a(.cls(box == nil ? "tab active" : "tab"), .href(SiteURL.orders.with([("box", "all")])), .when(box == nil, .aria("current", "page"))) {
                    ctx.t("order.allBoxes")
                }
            }
            H.form(Attr("method", "get"), Attr("action", SiteURL.orders.path), .cls("filter-bar"), Attr("role", "search")) {
                H.input(.type("hidden"), .name("box"), .value(box?.rawValue ?? "all"))
                if !units.isEmpty {
                    H.label(.cls("sr-only"), Attr("for", "filter-unit")) { ctx.t("order.unit") }
                    H.select(.id("filter-unit"), .name("unit")) {
                        H.option(.value("")) { ctx.t("task.allUnits") }
                        for unit in units { H.option(.value(unit.value), .when(query["unit"] == unit.value, .flag("selected"))) { unit.label } }
                    }
                }
                H.label(.cls("sr-only"), Attr("for", "filter-light")) { ctx.t("task.light") }
                H.select(.id("filter-light"), .name("light")) {
                    H.option(.value("")) { ctx.t("task.allLights") }
                    for light in [TaskLight.green, .yellow, .red, .done] {
                        H.option(.value(light.rawValue), .when(query["light"] == light.rawValue, .flag("selected"))) { ctx.t(light.labelKey) }
                    }
                }
                H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("action.filter") }
            }
            if rows.isEmpty {
                Components.emptyState(ctx, titleKey: "order.empty", hintKey: "order.emptyHint")
            } else {
                OrderViews.table(ctx, rows)
                Components.pagination(ctx, page: page, total: total) { SiteURL.orders.with(filters + [("page", String($0))]) }
            }
        }
    }
}
