import Vapor

enum CookieNames {
    static let session = "ys_session"
    /// Double-submit token for forms shown before sign-in (the login form itself).
    static let anonymousCSRF = "ys_csrf"
    static let flash = "ys_flash"
}

extension Request {
    /// A cookie with the attributes every cookie of ours has: HttpOnly, SameSite=Lax, Path=/,
    /// and Secure whenever the app is served over HTTPS.
    func cookie(_ value: String, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
                          isSecure: application.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    func expiredCookie() -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/",
                          isSecure: application.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}
