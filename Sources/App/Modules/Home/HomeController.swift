import Fluent
import SQLKit
import Vapor

/// The home page: real counts from the database, chosen by what the user's roles look after.
struct HomeController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.home.pathComponents, .signedIn, use: index)
    }

    struct Figures: Sendable {
        var units = 0
        var regions = 0
        var departments = 0
        var groups = 0
        var activeUsers = 0
        var lockedUsers = 0
        var unread = 0
        var auditToday = 0
        var myGroups: [WorkGroupRow] = []
        var unitName: String?
        var colleagues = 0
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let ctx = try await PageContext.load(req)
        let sql = req.db.sql
        var figures = Figures()
        let scope = principal.scopePath.map { $0 + "%" } ?? "%"
        let counts = try await sql.raw("""
            SELECT COUNT(*) AS units,
                   SUM(CASE WHEN kind IN ('district','county','county_city') THEN 1 ELSE 0 END) AS regions,
                   SUM(CASE WHEN kind = 'department' THEN 1 ELSE 0 END) AS departments
            FROM units WHERE active = \(bind: true) AND path LIKE \(bind: scope)
            """).first()
        figures.units = try counts?.decode(column: "units", as: Int?.self) ?? 0
        figures.regions = try counts?.decode(column: "regions", as: Int?.self) ?? 0
        figures.departments = try counts?.decode(column: "departments", as: Int?.self) ?? 0
        figures.groups = try await WorkGroup.query(on: req.db).filter(\.$active == true).count()
        figures.unread = ctx.unreadCount
        if principal.has(.admin) {
            figures.activeUsers = try await User.query(on: req.db).filter(\.$active == true).count()
            figures.lockedUsers = try await User.query(on: req.db).filter(\.$lockedUntil > Date()).count()
            let since = Int(Date().addingTimeInterval(-86_400).timeIntervalSince1970 * 1000)
            figures.auditToday = try await AuditEntry.query(on: req.db).filter(\.$atMillis >= since).count()
        }
        if principal.has(.leader) {
            figures.myGroups = try await WorkGroupService(db: req.db).list(ledBy: principal.userID)
        }
        if let unitID = principal.unitID {
            figures.unitName = try await Unit.find(unitID, on: req.db)?.name
            figures.colleagues = try await User.query(on: req.db).filter(\.$unit.$id == unitID).filter(\.$active == true).count()
        }
        return Layout.respond(req, ctx, HomePage(figures: figures).render(ctx))
    }
}

struct HomePage {
    let figures: HomeController.Figures

    func render(_ ctx: PageContext) -> HTML {
        let principal = ctx.principal
        return Layout.page(ctx, title: ctx.t("home.title")) {
            Components.pageHeader(ctx.t("home.greeting", principal?.displayName ?? ""),
                                  subtitle: figures.unitName.map { ctx.t("home.yourUnit", $0) } ?? ctx.t("app.tagline"))
            H.div(.cls("stat-grid")) {
                stat(ctx, "home.stat.units", figures.units, SiteURL.units.path, visible: ctx.can(OrganizationPolicy.viewUnits))
                stat(ctx, "home.stat.regions", figures.regions, SiteURL.units.with([("kind", "district")]), visible: ctx.can(OrganizationPolicy.viewUnits))
                stat(ctx, "home.stat.departments", figures.departments, SiteURL.units.with([("kind", "department")]), visible: ctx.can(OrganizationPolicy.viewUnits))
                stat(ctx, "home.stat.groups", figures.groups, SiteURL.groups.path, visible: ctx.can(OrganizationPolicy.viewGroups))
                stat(ctx, "home.stat.unread", figures.unread, SiteURL.inbox.path, visible: true)
                if principal?.has(.admin) == true {
                    stat(ctx, "home.stat.activeUsers", figures.activeUsers, SiteURL.users.with([("status", "active")]), visible: true)
                    stat(ctx, "home.stat.lockedUsers", figures.lockedUsers, SiteURL.users.with([("status", "locked")]), visible: true,
                         tone: figures.lockedUsers > 0 ? "warning" : nil)
                    stat(ctx, "home.stat.auditToday", figures.auditToday, SiteURL.audit.path, visible: true)
                }
                if figures.unitName != nil {
                    stat(ctx, "home.stat.colleagues", figures.colleagues, nil, visible: true)
                }
            }
            if principal?.has(.leader) == true {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("home.myGroups") }
                    if figures.myGroups.isEmpty {
                        Components.emptyState(ctx, titleKey: "home.myGroupsEmpty")
                    } else {
                        H.ul(.cls("link-list")) {
                            for group in figures.myGroups {
                                H.li { H.a(.href(SiteURL.group(.value(group.id)).path)) { group.name } }
                            }
                        }
                    }
                }
            }
        }
    }

    private func stat(_ ctx: PageContext, _ key: String, _ value: Int, _ link: String?, visible: Bool, tone: String? = nil) -> HTML {
        guard visible else { return .empty }
        return Components.stat(String(value), label: ctx.t(key), tone: tone, link: link)
    }
}
