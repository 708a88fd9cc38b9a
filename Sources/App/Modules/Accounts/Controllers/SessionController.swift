import Fluent
import SQLKit
import Vapor

/// Sign-in, sign-out and the language switch.
struct SessionController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.login.pathComponents, .anyone, use: showLogin)
        app.endpoint(.POST, SiteURL.login.pathComponents, .anyone, use: login)
        app.endpoint(.POST, SiteURL.logout.pathComponents, .signedIn, beforePasswordChange: true, use: logout)
        app.endpoint(.POST, SiteURL.language.pathComponents, .anyone, beforePasswordChange: true, use: switchLanguage)
    }

    @Sendable func showLogin(_ req: Request) async throws -> Response {
        if req.principal != nil { return req.redirect(to: SiteURL.home.path) }
        let ctx = PageContext(req)
        return Layout.respond(req, ctx, LoginPage(next: safeNext(req.queryInput["next"]), username: "", errorKey: nil).render(ctx))
    }

    @Sendable func login(_ req: Request) async throws -> Response {
        let form = req.form
        let username = form["username"] ?? ""
        let next = safeNext(form["next"])
        let service = LoginService(db: req.db, hasher: req.passwordHasher, config: req.config)
        let outcome = try await service.attempt(username: username, password: form.secret("password"), address: req.clientAddress)
        let ctx = PageContext(req)
        let errorKey: String
        switch outcome {
        case .success(let userID): return try await Self.startSession(req, userID: userID, next: next)
        // The same words for a wrong password and a locked account, so that failing does not
        // reveal which usernames exist.
        case .invalid, .inactive, .locked: errorKey = "login.invalid"
        case .addressThrottled: errorKey = "login.throttled"
        }
        let status: HTTPResponseStatus = outcome == .addressThrottled ? .tooManyRequests : .unauthorized
        return Layout.respond(req, ctx, status: status, LoginPage(next: next, username: username, errorKey: errorKey).render(ctx))
    }

    /// A new session id at every sign-in; any session the browser had is dropped.
    static func startSession(_ req: Request, userID: Int, next: String) async throws -> Response {
        if let old = req.cookies[CookieNames.session]?.string { try await req.sessionStore.destroy(id: Tokens.sha256Hex(old)) }
        let (token, _) = try await req.sessionStore.create(userID: userID, address: req.clientAddress, userAgent: req.headers.first(name: .userAgent) ?? "")
        let response = req.redirect(to: next, redirectType: .normal)
        response.cookies[CookieNames.session] = req.cookie(token)
        response.cookies[CookieNames.anonymousCSRF] = req.expiredCookie()
        return response
    }

    @Sendable func logout(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        if case .session(let id, _) = principal.channel {
            let actor = req.auditActor
            try await req.db.writeTransaction { db in
                try await db.sql.raw("DELETE FROM sessions WHERE id = \(bind: id)").run()
                try await AuditLog.record(AuditEvent(action: "auth.logout", entityType: "user", entityID: String(principal.userID)), by: actor, on: db)
            }
        }
        let response = req.redirect(to: SiteURL.login.path, redirectType: .normal)
        response.cookies[CookieNames.session] = req.expiredCookie()
        return response
    }

    /// Remembered in a cookie for everyone and on the account for signed-in users.
    @Sendable func switchLanguage(_ req: Request) async throws -> Response {
        let lang = Lang(code: req.form["lang"])
        if let principal = req.principal {
            try await User.query(on: req.db).filter(\.$id == principal.userID).set(\.$locale, to: lang.rawValue).update()
        }
        let response = req.redirect(to: safeNext(req.form["back"]), redirectType: .normal)
        var cookie = req.cookie(lang.rawValue, maxAge: 365 * 24 * 3600)
        cookie.isHTTPOnly = false
        response.cookies[Lang.cookieName] = cookie
        return response
    }

    /// Only local paths, so the login form cannot be used to bounce users to another site.
    func safeNext(_ next: String?) -> String {
        // Browsers drop tabs and line breaks, so "/\t/evil.example" would become "//evil.example".
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
              !next.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return SiteURL.home.path }
        return next
    }
}
