import Fluent
import Vapor

/// What every page needs besides its own data: language, who is looking, the CSRF token for
/// its forms, where we are (for navigation) and a one-time message from the previous action.
struct PageContext: Sendable {
    let lang: Lang
    let principal: Principal?
    let csrfToken: String
    let path: String
    let flash: Flash?
    var unreadCount: Int = 0

    init(_ request: Request, unreadCount: Int = 0) {
        self.lang = request.lang
        self.principal = request.principal
        self.csrfToken = request.csrfToken
        self.path = request.url.path
        self.flash = Flash(cookie: request.cookies[CookieNames.flash]?.string)
        self.unreadCount = unreadCount
    }

    /// The context with the inbox badge filled in, for full pages.
    static func load(_ request: Request) async throws -> PageContext {
        guard let principal = request.principal else { return PageContext(request) }
        return PageContext(request, unreadCount: try await Inbox.unreadCount(userID: principal.userID, on: request.db))
    }

    func t(_ key: String, _ args: String...) -> String { Catalog.text(key, lang, args) }

    func can(_ access: Access) -> Bool { access.allows(principal) }
}

/// A one-time message shown after a redirect ("单位已保存"). Only catalog keys travel in the
/// cookie, so nothing a user typed is ever echoed from it.
struct Flash: Sendable {
    enum Kind: String, Sendable { case success, error, info }
    let kind: Kind
    let key: String

    init(kind: Kind, key: String) { self.kind = kind; self.key = key }

    init?(cookie: String?) {
        guard let cookie, let sep = cookie.firstIndex(of: ":"),
              let kind = Kind(rawValue: String(cookie[..<sep])) else { return nil }
        let key = String(cookie[cookie.index(after: sep)...])
        guard Catalog.entries[key] != nil else { return nil }
        self.kind = kind
        self.key = key
    }

    var cookieValue: String { "\(kind.rawValue):\(key)" }
}

extension Request {
    /// A 303 to `location` carrying a one-time message.
    func redirect(to location: String, flash key: String, kind: Flash.Kind = .success) -> Response {
        let response = redirect(to: location, redirectType: .normal)
        response.cookies[CookieNames.flash] = cookie(Flash(kind: kind, key: key).cookieValue, maxAge: 60)
        return response
    }
}
