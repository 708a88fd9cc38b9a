import Fluent
import Vapor

/// Browsing the audit log, for administrators.
struct AuditController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.audit.pathComponents, .roles([.admin]), use: index)
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let query = req.queryInput
        let page = Pagination(page: query.int("page"))
        var builder = AuditEntry.query(on: req.db)
        if let action = query["action"] { builder = builder.filter(\.$action == action) }
        if let actor = query["actor"] { builder = builder.filter(\.$actorName == actor.lowercased()) }
        if let type = query["entityType"] { builder = builder.filter(\.$entityType == type) }
        if let id = query["entityID"] { builder = builder.filter(\.$entityID == id) }
        if let from = AuditController.day(query["from"]) { builder = builder.filter(\.$atMillis >= from) }
        if let to = AuditController.day(query["to"]) { builder = builder.filter(\.$atMillis < to + 86_400_000) }
        let total = try await builder.count()
        let entries = try await builder.sort(\.$id, .descending).range(page.offset..<(page.offset + page.perPage)).all()
        let actions = try await req.db.sql.raw("SELECT DISTINCT action FROM audit_log ORDER BY action").all()
            .map { try $0.decode(column: "action", as: String.self) }
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, AuditPage(entries: entries, total: total, page: page, query: query, actions: actions).render(ctx))
    }

    /// A `yyyy-MM-dd` day in Beijing time, as epoch milliseconds of its start.
    static func day(_ text: String?) -> Int? {
        text.flatMap(CivilDate.init).map { Int($0.startInChina.timeIntervalSince1970 * 1000) }
    }
}

struct AuditPage {
    let entries: [AuditEntry]
    let total: Int
    let page: Pagination
    let query: FormInput
    let actions: [String]

    func render(_ ctx: PageContext) -> HTML {
        let keys = ["action", "actor", "entityType", "entityID", "from", "to"]
        let filters = keys.map { ($0, query[$0] ?? "") }
        return Layout.page(ctx, title: ctx.t("audit.title")) {
            Components.pageHeader(ctx.t("audit.title"), subtitle: ctx.t("audit.subtitle"))
            H.form(Attr("method", "get"), Attr("action", SiteURL.audit.path), .cls("filter-bar"), Attr("role", "search")) {
                H.label(.cls("sr-only"), Attr("for", "action")) { ctx.t("audit.action") }
                H.select(.id("action"), .name("action")) {
                    H.option(.value("")) { ctx.t("audit.allActions") }
                    for action in actions { H.option(.value(action), .when(query["action"] == action, .flag("selected"))) { action } }
                }
                for (key, labelKey, type) in [("actor", "audit.actor", "text"), ("entityType", "audit.entityType", "text"),
                                              ("entityID", "audit.entityID", "text"), ("from", "audit.from", "date"), ("to", "audit.to", "date")] {
                    H.label(.cls("sr-only"), Attr("for", key)) { ctx.t(labelKey) }
                    H.input(.type(type), .id(key), .name(key), .value(query[key] ?? ""), Attr("placeholder", ctx.t(labelKey)))
                }
                H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("action.filter") }
            }
            if entries.isEmpty {
                Components.emptyState(ctx, titleKey: "audit.empty")
            } else {
                Components.table(caption: ctx.t("audit.title"),
                                 headers: ["#", ctx.t("audit.time"), ctx.t("audit.actor"), ctx.t("audit.address"), ctx.t("audit.action"),
                                           ctx.t("audit.entity"), ctx.t("audit.reason"), ctx.t("audit.change")],
                                 rows: entries.map { entry in [
                                    .text(String(entry.id ?? 0)), .text(DisplayTime.format(entry.at)), .text(entry.actorName), .text(entry.address),
                                    H.code { entry.action }, .text(entry.entityID.isEmpty ? entry.entityType : "\(entry.entityType) #\(entry.entityID)"),
                                    .text(entry.reason),
                                    entry.before.isEmpty && entry.after.isEmpty ? .text("") : H.tag("details") {
                                        H.tag("summary") { ctx.t("audit.show") }
                                        if !entry.before.isEmpty { H.div { H.strong { ctx.t("audit.before") + " " }; H.code { entry.before } } }
                                        if !entry.after.isEmpty { H.div { H.strong { ctx.t("audit.after") + " " }; H.code { entry.after } } }
                                    },
                                 ] })
                Components.pagination(ctx, page: page, total: total) { SiteURL.audit.with(filters + [("page", String($0))]) }
            }
        }
    }
}
