import Fluent
import SQLKit
import Vapor

/// Resolves who is calling: a bearer API token (for `/api`) or the session cookie.
/// It never rejects a request; the route's policy decides what an anonymous caller may do.
struct AuthenticationMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization?.token {
            guard let principal = try await APITokenService(db: request.db).authenticate(token: bearer) else {
                throw AppError.unauthorized
            }
            request.principal = principal
        } else if let token = request.cookies[CookieNames.session]?.string, !token.isEmpty {
            if let resolved = try await request.sessionStore.resolve(token: token) {
                request.principal = resolved.user.principal(channel: .session(id: resolved.sessionID, csrfToken: resolved.csrfToken))
            }
        }

        // Anonymous visitors get a double-submit token so the login form is CSRF-protected too.
        var newAnonymousToken: String?
        if request.principal == nil, request.cookies[CookieNames.anonymousCSRF] == nil, !request.isAPI {
            newAnonymousToken = Tokens.random()
            request.anonymousCSRFToken = newAnonymousToken
        }
        let response = try await next.respond(to: request)
        if let newAnonymousToken {
            response.cookies[CookieNames.anonymousCSRF] = request.cookie(newAnonymousToken)
        }
        return response
    }
}

extension Request {
    private struct AnonymousCSRFKey: StorageKey { typealias Value = String }

    var anonymousCSRFToken: String? {
        get { storage[AnonymousCSRFKey.self] ?? cookies[CookieNames.anonymousCSRF]?.string }
        set { storage[AnonymousCSRFKey.self] = newValue }
    }

    /// The token forms on this page must carry.
    var csrfToken: String { principal?.csrfToken ?? anonymousCSRFToken ?? "" }
}
