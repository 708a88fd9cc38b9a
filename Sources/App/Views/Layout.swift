import Vapor

/// The page frame: header with the product name, language switch and user menu; the side
/// navigation for the user's roles; the flash message; and the page's own content.
enum Layout {
    /// `refreshSeconds` reloads the page on its own (a running job's progress, without JavaScript).
    static func page(_ ctx: PageContext, title: String, stylesheets: [String] = [], refreshSeconds: Int? = nil, @HTMLBuilder content: () -> HTML) -> HTML {
        let body = content()
        return HTML(trusted: "<!doctype html>") + H.tag("html", Attr("lang", ctx.lang.rawValue)) {
            H.tag("head") {
                H.meta(Attr("charset", "utf-8"))
                H.meta(.name("viewport"), Attr("content", "width=device-width, initial-scale=1"))
                if let refreshSeconds { H.meta(Attr("http-equiv", "refresh"), Attr("content", String(refreshSeconds))) }
                H.tag("title") { "\(title) · \(ctx.t("app.name"))" }
                H.link(Attr("rel", "stylesheet"), .href("/css/app.css"))
                for sheet in stylesheets { H.link(Attr("rel", "stylesheet"), .href(sheet)) }
                H.tag("script", Attr("src", "/js/app.js"), Attr("defer", nil))
            }
            H.tag("body") {
                H.a(.cls("skip-link"), .href("#main")) { ctx.t("a11y.skipToContent") }
                header(ctx)
                H.div(.cls(ctx.principal == nil ? "shell shell-public" : "shell")) {
                    if ctx.principal != nil { sidebar(ctx) }
                    H.tag("main", .id("main"), .cls("main"), Attr("tabindex", "-1")) {
                        if let flash = ctx.flash {
                            H.div(.cls("flash flash-\(flash.kind.rawValue)"), Attr("role", flash.kind == .error ? "alert" : "status")) { ctx.t(flash.key) }
                        }
                        body
                    }
                }
                H.tag("footer", .cls("footer")) { ctx.t("app.footer") }
            }
        }
    }

    private static func header(_ ctx: PageContext) -> HTML {
        H.tag("header", .cls("topbar")) {
            H.a(.cls("brand"), .href(SiteURL.home.path)) {
                H.span(.cls("brand-mark"), .aria("hidden", "true")) { "营" }
                H.span(.cls("brand-name")) { ctx.t("app.name") }
                H.span(.cls("brand-sub")) { ctx.t("app.tagline") }
            }
            H.div(.cls("topbar-actions")) {
                languageSwitch(ctx)
                if let principal = ctx.principal {
                    H.a(.cls("inbox-link"), .href(SiteURL.inbox.path), .aria("label", ctx.t("nav.inboxUnread", String(ctx.unreadCount)))) {
                        ctx.t("nav.inbox")
                        if ctx.unreadCount > 0 { H.span(.cls("badge badge-count")) { String(ctx.unreadCount) } }
                    }
                    H.a(.cls("user-link"), .href(SiteURL.account.path)) { principal.displayName }
                    H.form(Attr("method", "post"), Attr("action", SiteURL.logout.path), .cls("inline")) {
                        Components.csrfField(ctx)
                        H.button(.type("submit"), .cls("btn btn-ghost")) { ctx.t("nav.logout") }
                    }
                }
            }
        }
    }

    private static func languageSwitch(_ ctx: PageContext) -> HTML {
        let other: Lang = ctx.lang == .zh ? .en : .zh
        return H.form(Attr("method", "post"), Attr("action", SiteURL.language.path), .cls("inline")) {
            Components.csrfField(ctx)
            H.input(.type("hidden"), .name("lang"), .value(other.rawValue))
            H.input(.type("hidden"), .name("back"), .value(ctx.path))
            H.button(.type("submit"), .cls("btn btn-ghost"), Attr("lang", other.rawValue)) { other == .en ? "English" : "中文" }
        }
    }

    private static func sidebar(_ ctx: PageContext) -> HTML {
        H.nav(.cls("sidebar"), .aria("label", ctx.t("nav.main"))) {
            for section in Navigation.visible(for: ctx) {
                H.div(.cls("nav-section")) {
                    H.div(.cls("nav-heading")) { ctx.t(section.key) }
                    H.ul {
                        for item in section.items {
                            let current = item.path == "/" ? ctx.path == "/" : ctx.path.hasPrefix(item.path)
                            H.li {
                                H.a(.href(item.path), .when(current, .cls("active")), .when(current, .aria("current", "page"))) { ctx.t(item.key) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// An HTML response.
    static func response(_ html: HTML, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response(status: status, body: .init(string: html.markup))
        response.headers.contentType = .html
        return response
    }

    /// A page; a flash message it shows is cleared so it appears once.
    static func respond(_ request: Request, _ ctx: PageContext, status: HTTPResponseStatus = .ok, _ html: HTML) -> Response {
        let response = response(html, status: status)
        if ctx.flash != nil { response.cookies[CookieNames.flash] = request.expiredCookie() }
        return response
    }
}

func + (lhs: HTML, rhs: HTML) -> HTML { HTML(trusted: lhs.markup + rhs.markup) }
