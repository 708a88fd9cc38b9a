import Foundation
import Vapor

/// The design system's building blocks. Pages compose these instead of writing their own markup
/// for the same things, so every table, form and empty state looks and behaves alike.
enum Components {
    static func csrfField(_ ctx: PageContext) -> HTML {
        H.input(.type("hidden"), .name(RouteGuard.csrfField), .value(ctx.csrfToken))
    }

    static func pageHeader(_ title: String, subtitle: String? = nil, @HTMLBuilder actions: () -> HTML = { .empty }) -> HTML {
        let actions = actions()
        return H.div(.cls("page-header")) {
            H.div {
                H.h1 { title }
                if let subtitle { H.p(.cls("muted")) { subtitle } }
            }
            if !actions.isEmpty { H.div(.cls("page-actions")) { actions } }
        }
    }

    static func emptyState(_ ctx: PageContext, titleKey: String, hintKey: String? = nil) -> HTML {
        H.div(.cls("empty-state"), Attr("role", "status")) {
            H.div(.cls("empty-icon"), .aria("hidden", "true")) { "∅" }
            H.p(.cls("empty-title")) { ctx.t(titleKey) }
            if let hintKey { H.p(.cls("muted")) { ctx.t(hintKey) } }
        }
    }

    enum Tone: String, Sendable { case neutral, success, warning, danger, info }

    /// A headline figure; with `link`, the figure opens the list behind it.
    static func stat(_ value: String, label: String, tone: String? = nil, link: String? = nil, note: String? = nil) -> HTML {
        let body = H.div(.cls("stat" + (tone.map { " stat-\($0)" } ?? ""))) {
            H.div(.cls("stat-value")) { value }
            H.div(.cls("stat-label")) { label }
            if let note { H.small(.cls("muted")) { note } }
        }
        guard let link else { return body }
        return H.a(.cls("stat-link"), .href(link)) { body }
    }

    static func badge(_ text: String, _ tone: Tone = .neutral) -> HTML {
        H.span(.cls("badge badge-\(tone.rawValue)")) { text }
    }

    /// A table with a caption for screen readers; `rows` are already-rendered cells.
    static func table(caption: String, headers: [String], rows: [[HTML]]) -> HTML {
        H.div(.cls("table-wrap")) {
            H.table(.cls("data-table")) {
                H.tag("caption", .cls("sr-only")) { caption }
                H.thead { H.tr { for header in headers { H.th(Attr("scope", "col")) { header } } } }
                H.tbody {
                    for row in rows { H.tr { for cell in row { H.td { cell } } } }
                }
            }
        }
    }

    static func pagination(_ ctx: PageContext, page: Pagination, total: Int, link: (Int) -> String) -> HTML {
        let pages = max(1, (total + page.perPage - 1) / page.perPage)
        return H.nav(.cls("pagination"), .aria("label", ctx.t("pagination.label"))) {
            H.span(.cls("muted")) { ctx.t("pagination.summary", String(total), String(page.page), String(pages)) }
            if page.page > 1 { H.a(.cls("btn btn-secondary"), .href(link(page.page - 1)), Attr("rel", "prev")) { ctx.t("pagination.prev") } }
            if page.page < pages { H.a(.cls("btn btn-secondary"), .href(link(page.page + 1)), Attr("rel", "next")) { ctx.t("pagination.next") } }
        }
    }

    /// A labelled text input with its validation message, wired up for screen readers.
    static func textField(_ ctx: PageContext, name: String, labelKey: String, value: String?, errors: FormErrors,
                          type: String = "text", required: Bool = false, hintKey: String? = nil, autocomplete: String? = nil) -> HTML {
        let problem = errors[name]
        return H.div(.cls(problem == nil ? "field" : "field field-error")) {
            H.label(Attr("for", "f-\(name)")) {
                ctx.t(labelKey)
                if required { H.span(.cls("required"), .aria("hidden", "true")) { " *" } }
            }
            H.input(.type(type), .id("f-\(name)"), .name(name), .value(value ?? ""), .when(required, .flag("required")),
                    .when(autocomplete != nil, Attr("autocomplete", autocomplete ?? "")),
                    .when(problem != nil, .aria("invalid", "true")), .when(problem != nil, .aria("describedby", "e-\(name)")))
            if let hintKey { H.small(.cls("hint")) { ctx.t(hintKey) } }
            if let problem { H.small(.cls("error-text"), .id("e-\(name)")) { Catalog.text(problem.key, ctx.lang, problem.args) } }
        }
    }

    static func textArea(_ ctx: PageContext, name: String, labelKey: String, value: String?, errors: FormErrors, rows: Int = 3,
                         hintKey: String? = nil) -> HTML {
        let problem = errors[name]
        return H.div(.cls(problem == nil ? "field" : "field field-error")) {
            H.label(Attr("for", "f-\(name)")) { ctx.t(labelKey) }
            H.textarea(.id("f-\(name)"), .name(name), Attr("rows", String(rows)), .when(problem != nil, .aria("invalid", "true"))) { value ?? "" }
            if let hintKey { H.small(.cls("hint")) { ctx.t(hintKey) } }
            if let problem { H.small(.cls("error-text"), .id("e-\(name)")) { Catalog.text(problem.key, ctx.lang, problem.args) } }
        }
    }

    struct Choice: Sendable {
        let value: String
        let label: String
        init(_ value: String, _ label: String) { self.value = value; self.label = label }
    }

    static func selectField(_ ctx: PageContext, name: String, labelKey: String, choices: [Choice], selected: [String],
                            errors: FormErrors, required: Bool = false, multiple: Bool = false, blankKey: String? = nil) -> HTML {
        let problem = errors[name]
        return H.div(.cls(problem == nil ? "field" : "field field-error")) {
            H.label(Attr("for", "f-\(name)")) {
                ctx.t(labelKey)
                if required { H.span(.cls("required"), .aria("hidden", "true")) { " *" } }
            }
            H.select(.id("f-\(name)"), .name(name), .when(multiple, .flag("multiple")), .when(multiple, Attr("size", "8")),
                     .when(problem != nil, .aria("invalid", "true"))) {
                if let blankKey { H.option(.value("")) { ctx.t(blankKey) } }
                for choice in choices {
                    H.option(.value(choice.value), .when(selected.contains(choice.value), .flag("selected"))) { choice.label }
                }
            }
            if let problem { H.small(.cls("error-text")) { Catalog.text(problem.key, ctx.lang, problem.args) } }
        }
    }

    /// A select in a filter bar: "all" first, then the options, `selected` marked. The label is for
    /// screen readers unless the bar shows its labels (the portal's does).
    static func filterSelect(_ ctx: PageContext, name: String, labelKey: String, allKey: String, options: [Choice], selected: String?,
                             visibleLabel: Bool = false, cls: String? = nil) -> HTML {
        H.span(.when(cls != nil, .cls(cls ?? ""))) {
            H.label(.when(!visibleLabel, .cls("sr-only")), Attr("for", "filter-\(name)")) { ctx.t(labelKey) }
            H.select(.id("filter-\(name)"), .name(name)) {
                H.option(.value("")) { ctx.t(allKey) }
                for option in options {
                    H.option(.value(option.value), .when(selected == option.value, .flag("selected"))) { option.label }
                }
            }
        }
    }

    static func checkboxes(_ ctx: PageContext, name: String, legendKey: String, choices: [Choice], checked: Set<String>, errors: FormErrors) -> HTML {
        let problem = errors[name]
        return H.fieldset(.cls(problem == nil ? "field" : "field field-error")) {
            H.legend { ctx.t(legendKey) }
            H.div(.cls("checkbox-grid")) {
                for choice in choices {
                    H.label(.cls("checkbox")) {
                        H.input(.type("checkbox"), .name(name), .value(choice.value), .when(checked.contains(choice.value), .flag("checked")))
                        " " + choice.label
                    }
                }
            }
            if let problem { H.small(.cls("error-text")) { Catalog.text(problem.key, ctx.lang, problem.args) } }
        }
    }

    /// For administrators: the audit log filtered to one record.
    static func historyLink(_ ctx: PageContext, entityType: String, id: Int) -> HTML {
        guard ctx.can(.roles([.admin])) else { return .empty }
        return H.a(.cls("btn btn-ghost"), .href(SiteURL.audit.with([("entityType", entityType), ("entityID", String(id))]))) { ctx.t("audit.history") }
    }

    /// The end of every edit form: save, or go back to where the user came from.
    static func saveOrCancel(_ ctx: PageContext, cancel: String) -> HTML {
        H.div(.cls("form-actions")) {
            H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("action.save") }
            H.a(.cls("btn btn-ghost"), .href(cancel)) { ctx.t("action.cancel") }
        }
    }

    /// A one-button form for a state change (deactivate, unlock, …): POST with CSRF, never a GET link.
    /// With `askReason`, the form carries a required "why" that goes into the audit log.
    /// `hidden` fields say which move a shared endpoint should make (`action=sign`).
    static func actionButton(_ ctx: PageContext, action: String, labelKey: String, style: String = "btn-secondary", confirmKey: String? = nil,
                             askReason: Bool = false, hidden: [(String, String)] = []) -> HTML {
        let fieldID = "reason-" + labelKey.replacingOccurrences(of: ".", with: "-")
        return H.form(Attr("method", "post"), Attr("action", action), .cls(askReason ? "inline reason-form" : "inline"),
               .when(confirmKey != nil, Attr("data-confirm", confirmKey.map { ctx.t($0) } ?? ""))) {
            csrfField(ctx)
            for (name, value) in hidden { H.input(.type("hidden"), .name(name), .value(value)) }
            if askReason {
                H.label(.cls("sr-only"), Attr("for", fieldID)) { ctx.t("common.reason") }
                H.input(.type("text"), .id(fieldID), .name("reason"), .flag("required"), Attr("maxlength", "200"),
                        Attr("placeholder", ctx.t("common.reasonPlaceholder")))
            }
            H.button(.type("submit"), .cls("btn \(style)")) { ctx.t(labelKey) }
        }
    }

    static func details(_ rows: [(String, HTML)]) -> HTML {
        H.dl(.cls("details")) {
            for (label, value) in rows {
                H.div(.cls("details-row")) {
                    H.dt { label }
                    H.dd { value }
                }
            }
        }
    }

    static func formErrorSummary(_ ctx: PageContext, _ errors: FormErrors) -> HTML {
        guard !errors.isEmpty else { return .empty }
        return H.div(.cls("flash flash-error"), Attr("role", "alert")) {
            H.strong { ctx.t("error.validation") }
            H.ul {
                for problem in errors.problems {
                    H.li { Catalog.text(problem.key, ctx.lang, problem.args) }
                }
            }
        }
    }
}

extension CatalogChoice {
    /// Every case as a choice labelled in the page's language.
    static func choices(_ ctx: PageContext) -> [Components.Choice] {
        allCases.map { Components.Choice($0.rawValue, ctx.t($0.labelKey)) }
    }
}

/// Validation problems of one form submission, by field.
struct FormErrors: Sendable {
    var problems: [FieldProblem] = []
    subscript(_ field: String) -> FieldProblem? { problems.first { $0.field == field } }
    var isEmpty: Bool { problems.isEmpty }
    static let none = FormErrors()

    /// The same problems with `field` called `name`, where a form names a field otherwise than its service.
    func renamed(_ field: String, to name: String) -> FormErrors {
        FormErrors(problems: problems.map { $0.field == field ? FieldProblem(field: name, key: $0.key, args: $0.args) : $0 })
    }
}

/// Page number and size from the query string, clamped to sane bounds.
struct Pagination: Sendable {
    let page: Int
    let perPage: Int
    var offset: Int { (page - 1) * perPage }

    init(page: Int?, perPage: Int? = nil, defaultPerPage: Int = 50) {
        self.page = max(1, min(page ?? 1, 100_000))
        self.perPage = max(1, min(perPage ?? defaultPerPage, 200))
    }

    private init(exactly perPage: Int) {
        self.page = 1
        self.perPage = perPage
    }

    /// Every row, for exports; pages shown to people use the clamped initialiser.
    static let everything = Pagination(exactly: 10_000_000)
}

enum DisplayTime {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    /// Timestamps are stored in UTC and shown in Beijing time.
    static func format(_ date: Date?, withTime: Bool = true) -> String {
        guard let date else { return "—" }
        let formatter = DateFormatter()
        formatter.timeZone = zone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = withTime ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}

struct ErrorPage {
    let status: HTTPResponseStatus
    let message: String
    let fields: [String]
    /// Where the page was asked for: a visitor lost on the public portal goes back to the portal.
    var path = ""

    private func home(_ ctx: PageContext) -> SiteURL {
        if ctx.principal == nil { return path.hasPrefix(SiteURL.portal.path) ? .portal : .login }
        return .home
    }

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: message) {
            H.div(.cls("error-page")) {
                H.p(.cls("error-code")) { String(status.code) }
                H.h1 { message }
                if !fields.isEmpty { H.ul { for field in fields { H.li { field } } } }
                H.p {
                    H.a(.cls("btn btn-primary"), .href(home(ctx).path)) { ctx.t("error.backHome") }
                }
            }
        }
    }
}
