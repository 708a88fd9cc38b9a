import Fluent
import Vapor

struct InboxController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.inbox.pathComponents, .signedIn, use: index)
        app.endpoint(.POST, SiteURL.inboxRead(.key).pathComponents, .signedIn, use: read)
        app.endpoint(.POST, SiteURL.inboxReadAll.pathComponents, .signedIn, use: readAll)
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let query = req.queryInput
        let page = Pagination(page: query.int("page"), defaultPerPage: 30)
        let unreadOnly = query["filter"] == "unread"
        var builder = InboxMessage.query(on: req.db).filter(\.$user.$id == principal.userID)
        if unreadOnly { builder = builder.filter(\.$readAt == nil) }
        let total = try await builder.count()
        let messages = try await builder.sort(\.$createdAt, .descending).sort(\.$id, .descending)
            .range(page.offset..<(page.offset + page.perPage)).all()
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, InboxPage(messages: messages, total: total, page: page, unreadOnly: unreadOnly).render(ctx))
    }

    @Sendable func read(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let id = try req.idParameter()
        guard try await Inbox.markRead(messageID: id, userID: principal.userID, on: req.db) else { throw AppError.notFound }
        let link = try await InboxMessage.find(id, on: req.db)?.link ?? ""
        return req.redirect(to: link.hasPrefix("/") && !link.hasPrefix("//") ? link : SiteURL.inbox.path, redirectType: .normal)
    }

    @Sendable func readAll(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        try await Inbox.markAllRead(userID: principal.userID, on: req.db)
        return req.redirect(to: SiteURL.inbox.path, flash: "inbox.allRead")
    }
}

struct InboxPage {
    let messages: [InboxMessage]
    let total: Int
    let page: Pagination
    let unreadOnly: Bool

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("inbox.title")) {
            Components.pageHeader(ctx.t("inbox.title")) {
                H.a(.cls(unreadOnly ? "btn btn-secondary" : "btn btn-ghost"), .href(SiteURL.inbox.with([("filter", unreadOnly ? "" : "unread")]))) {
                    ctx.t(unreadOnly ? "inbox.showAll" : "inbox.showUnread")
                }
                if ctx.unreadCount > 0 { Components.actionButton(ctx, action: SiteURL.inboxReadAll.path, labelKey: "inbox.markAllRead") }
            }
            if messages.isEmpty {
                Components.emptyState(ctx, titleKey: "inbox.empty", hintKey: "inbox.emptyHint")
            } else {
                H.ul(.cls("message-list")) {
                    for message in messages {
                        H.li(.cls(message.readAt == nil ? "message unread" : "message")) {
                            H.div(.cls("message-head")) {
                                H.strong { message.title }
                                H.span(.cls("muted")) { DisplayTime.format(message.createdAt) }
                            }
                            H.p { message.body }
                            if message.readAt == nil || !message.link.isEmpty {
                                Components.actionButton(ctx, action: SiteURL.inboxRead(.value(message.id!)).path,
                                                        labelKey: message.link.isEmpty ? "inbox.markRead" : "inbox.open")
                            }
                        }
                    }
                }
                Components.pagination(ctx, page: page, total: total) { SiteURL.inbox.with([("page", String($0)), ("filter", unreadOnly ? "unread" : "")]) }
            }
        }
    }
}
