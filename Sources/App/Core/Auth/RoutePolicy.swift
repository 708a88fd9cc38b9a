import Vapor

/// Who may call a route. Every route is registered through `endpoint(...)` with one of these;
/// a test walks the route table and fails on any route registered without it.
enum Access: Sendable, Equatable {
    /// Anyone, signed in or not (login page, public portal, OpenAPI document).
    case anyone
    /// Any signed-in user, whatever their roles.
    case signedIn
    /// Signed-in users holding at least one of these roles.
    case roles(Set<Role>)

    func allows(_ principal: Principal?) -> Bool {
        switch self {
        case .anyone: true
        case .signedIn: principal != nil
        case .roles(let roles): principal?.hasAny(roles) ?? false
        }
    }
}

enum RoutePolicyKey {
    static let access = "access"
    /// Routes a user who must change their password may still use.
    static let allowedBeforePasswordChange = "allowedBeforePasswordChange"
}

extension Route {
    var access: Access? { userInfo[RoutePolicyKey.access] as? Access }
}

extension RoutesBuilder {
    /// Registers a route with its access policy. The policy is checked before the handler runs;
    /// unsafe methods called with a session cookie must carry the session's CSRF token.
    @discardableResult
    func endpoint<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod,
        _ path: [PathComponent],
        _ access: Access,
        maxBodySize: ByteCount? = nil,
        beforePasswordChange: Bool = false,
        use handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let body: HTTPBodyStreamStrategy = maxBodySize.map { .collect(maxSize: $0) } ?? .collect
        let route = on(method, path, body: body) { request async throws -> Response in
            try RouteGuard.check(request, access: access, beforePasswordChange: beforePasswordChange)
            return try await handler(request)
        }
        route.userInfo[RoutePolicyKey.access] = access
        route.userInfo[RoutePolicyKey.allowedBeforePasswordChange] = beforePasswordChange
        return route
    }
}

enum RouteGuard {
    static let csrfField = "_csrf"
    static let csrfHeader = "X-CSRF-Token"

    static func check(_ request: Request, access: Access, beforePasswordChange: Bool) throws {
        let principal = request.principal
        if access != .anyone, principal == nil {
            if request.isAPI { throw AppError.unauthorized }
            throw Redirect.toLogin(from: request)
        }
        if !access.allows(principal) { throw AppError.forbidden }
        if let principal, principal.mustChangePassword, !beforePasswordChange, !request.isAPI {
            throw Redirect(to: SiteURL.accountPassword.path)
        }
        try checkCSRF(request)
    }

    /// Cookie-authenticated unsafe requests must echo the session's token (form field or header);
    /// anonymous forms use the double-submit cookie. Bearer-token API calls carry no cookie
    /// credentials, so cross-site forgery does not apply to them.
    static func checkCSRF(_ request: Request) throws {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method) else { return }
        let expected: String
        switch request.principal?.channel {
        case .apiToken: return
        case .session(_, let token): expected = token
        case nil:
            if request.isAPI, request.cookies[CookieNames.session] == nil { return }
            guard let cookieToken = request.cookies[CookieNames.anonymousCSRF]?.string else { throw AppError.badRequest(key: "error.csrf") }
            expected = cookieToken
        }
        let supplied = request.headers.first(name: csrfHeader) ?? request.formValue(csrfField) ?? ""
        guard !expected.isEmpty, Tokens.constantTimeEquals(supplied, expected) else {
            throw AppError.badRequest(key: "error.csrf")
        }
    }
}

/// Thrown to send the browser elsewhere; the error middleware turns it into a 303.
struct Redirect: Error, AbortError {
    let location: String
    init(to location: String) { self.location = location }

    var status: HTTPResponseStatus { .seeOther }
    var headers: HTTPHeaders { ["Location": location] }
    var reason: String { "redirect" }

    static func toLogin(from request: Request) -> Redirect {
        let next = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
        let encoded = next.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=?"))) ?? "/"
        return Redirect(to: SiteURL.login.path + "?next=" + encoded)
    }
}
