import Foundation

enum SupervisionViews {
    static func kindBadge(_ ctx: PageContext, _ raw: String) -> HTML {
        let kind = SupervisionKind(rawValue: raw) ?? .urge
        let tone: Components.Tone = switch kind {
        case .reminder: .info
        case .urge, .sheet, .notice: .warning
        case .yellowCard: .warning
        case .redCard: .danger
        case .interview: .neutral
        }
        return H.span(.cls("badge badge-\(tone.rawValue) kind-\(kind.rawValue)")) { ctx.t(kind.labelKey) }
    }

    static func statusBadge(_ ctx: PageContext, _ raw: String) -> HTML {
        let status = SupervisionStatus(rawValue: raw) ?? .recorded
        let tone: Components.Tone = switch status {
        case .open: .warning
        case .answered, .lifted: .success
        case .recorded: .neutral
        }
        return Components.badge(ctx.t(status.labelKey), tone)
    }

    static func table(_ ctx: PageContext, _ rows: [SupervisionRow], showTask: Bool = true) -> HTML {
        var headers = [ctx.t("supervision.kind"), ctx.t("supervision.subject")]
        if showTask { headers.append(ctx.t("task.title")) }
        headers += [ctx.t("order.unit"), ctx.t("common.status"), ctx.t("supervision.issuedAt")]
        return Components.table(caption: ctx.t("supervision.listTitle"), headers: headers, rows: rows.map { row in
            var cells: [HTML] = [kindBadge(ctx, row.kind), H.a(.href(SiteURL.supervision(.value(row.id)).path)) { row.content }]
            if showTask { cells.append(H.a(.href(SiteURL.order(.value(row.orderID)).path)) { "\(row.taskCode) \(row.taskTitle)" }) }
            cells += [.text(row.unitName), statusBadge(ctx, row.status), .text(DisplayTime.format(row.issuedAt))]
            return cells
        })
    }

    /// The office's buttons on an order page: one form per kind of supervision.
    static func issueLinks(_ ctx: PageContext, orderID: Int) -> HTML {
        H.div(.cls("action-row"), .id("supervise")) {
            for kind in SupervisionService.manualKinds {
                H.a(.cls(kind == .redCard ? "btn btn-danger" : "btn btn-secondary"),
                    .href(SiteURL.orderSupervision(.value(orderID)).with([("kind", kind.rawValue)]))) { ctx.t("supervision.issue.\(kind.rawValue)") }
            }
        }
    }
}

struct SupervisionListPage {
    let rows: [SupervisionRow]
    let total: Int
    let page: Pagination
    let query: FormInput
    let units: [Components.Choice]

    func render(_ ctx: PageContext) -> HTML {
        let filters: [(String, String)] = [("kind", query["kind"] ?? ""), ("status", query["status"] ?? ""), ("unit", query["unit"] ?? "")]
        return Layout.page(ctx, title: ctx.t("supervision.listTitle")) {
            Components.pageHeader(ctx.t("supervision.listTitle"), subtitle: ctx.t("supervision.listSubtitle"))
            H.form(Attr("method", "get"), Attr("action", SiteURL.supervisionList.path), .cls("filter-bar"), Attr("role", "search")) {
                H.label(.cls("sr-only"), Attr("for", "filter-kind")) { ctx.t("supervision.kind") }
                H.select(.id("filter-kind"), .name("kind")) {
                    H.option(.value("")) { ctx.t("supervision.allManual") }
                    for kind in SupervisionKind.allCases {
                        H.option(.value(kind.rawValue), .when(query["kind"] == kind.rawValue, .flag("selected"))) { ctx.t(kind.labelKey) }
                    }
                }
                H.label(.cls("sr-only"), Attr("for", "filter-status")) { ctx.t("common.status") }
                H.select(.id("filter-status"), .name("status")) {
                    H.option(.value("")) { ctx.t("common.anyStatus") }
                    for status in SupervisionStatus.allCases {
                        H.option(.value(status.rawValue), .when(query["status"] == status.rawValue, .flag("selected"))) { ctx.t(status.labelKey) }
                    }
                }
                H.label(.cls("sr-only"), Attr("for", "filter-unit")) { ctx.t("order.unit") }
                H.select(.id("filter-unit"), .name("unit")) {
                    H.option(.value("")) { ctx.t("task.allUnits") }
                    for unit in units { H.option(.value(unit.value), .when(query["unit"] == unit.value, .flag("selected"))) { unit.label } }
                }
                H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("action.filter") }
            }
            if rows.isEmpty {
                Components.emptyState(ctx, titleKey: "supervision.empty")
            } else {
                SupervisionViews.table(ctx, rows)
                Components.pagination(ctx, page: page, total: total) { SiteURL.supervisionList.with(filters + [("page", String($0))]) }
            }
        }
    }
}
