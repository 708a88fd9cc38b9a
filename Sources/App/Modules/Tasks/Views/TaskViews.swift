import Foundation

/// The small pieces every task page shares: lights, status badges, progress bars.
enum TaskViews {
    static func light(_ ctx: PageContext, _ raw: String) -> HTML {
        let light = TaskLight(rawValue: raw) ?? .green
        let tone: Components.Tone = switch light {
        case .green: .success
        case .yellow: .warning
        case .red: .danger
        case .done: .info
        case .draft: .neutral
        }
        return H.span(.cls("light light-\(light.rawValue)")) {
            H.span(.cls("light-dot"), .aria("hidden", "true")) { "" }
            Components.badge(ctx.t(light.labelKey), tone)
        }
    }

    static func taskStatus(_ ctx: PageContext, _ raw: String) -> HTML {
        let status = TaskStatus(rawValue: raw) ?? .draft
        let tone: Components.Tone = switch status {
        case .draft: .neutral
        case .dispatched: .info
        case .completed: .success
        case .closed: .neutral
        }
        return Components.badge(ctx.t(status.labelKey), tone)
    }

    static func orderStatus(_ ctx: PageContext, _ raw: String) -> HTML {
        let status = OrderStatus(rawValue: raw) ?? .dispatched
        let tone: Components.Tone = switch status {
        case .dispatched: .warning
        case .returned: .danger
        case .inProgress: .info
        case .completionRequested: .warning
        case .completed: .success
        case .withdrawn: .neutral
        }
        return Components.badge(ctx.t(status.labelKey), tone)
    }

    static func reportStatus(_ ctx: PageContext, _ raw: String) -> HTML {
        let status = ReportStatus(rawValue: raw) ?? .draft
        let tone: Components.Tone = switch status {
        case .draft: .neutral
        case .pendingHead, .pendingOffice: .warning
        case .accepted: .success
        }
        return Components.badge(ctx.t(status.labelKey), tone)
    }

    /// A native progress bar (the CSP allows no inline styles) with its number beside it.
    static func progress(_ value: Int, note: String? = nil) -> HTML {
        let clamped = max(0, min(100, value))
        return H.span(.cls("progress")) {
            H.tag("progress", Attr("value", String(clamped)), Attr("max", "100"), .aria("label", "\(clamped)%")) { "\(clamped)%" }
            H.span(.cls("progress-value")) { "\(clamped)%" }
            if let note { H.small(.cls("muted")) { note } }
        }
    }

    /// The title cell of the plan tree: indented by depth, with key and test markers.
    static func titleCell(_ ctx: PageContext, _ row: TaskRow) -> HTML {
        H.span(.cls("tree-indent")) {
            H.span(.cls("indent-\(min(row.depth, 4))")) { "" }
            H.a(.href(SiteURL.task(.value(row.id)).path)) { row.title }
            if row.isKey { H.span(.cls("badge badge-danger badge-tight"), Attr("title", ctx.t("task.key"))) { ctx.t("task.keyShort") } }
            if row.isTest { Components.badge(ctx.t("task.testShort"), .neutral) }
        }
    }

    /// Progress, with how a parent's number was reached.
    static func progressCell(_ ctx: PageContext, _ row: TaskRow) -> HTML {
        progress(row.progress, note: row.childCount > 0 ? ctx.t("rollup.\(row.rollup)") : nil)
    }
}
