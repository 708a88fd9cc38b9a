import Fluent
import Vapor

/// The signed-in user's own account: profile, password, API tokens.
struct AccountController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.account.pathComponents, .signedIn, use: show)
        app.endpoint(.GET, SiteURL.accountPassword.pathComponents, .signedIn, beforePasswordChange: true, use: showPassword)
        app.endpoint(.POST, SiteURL.accountPassword.pathComponents, .signedIn, beforePasswordChange: true, use: changePassword)
        app.endpoint(.GET, SiteURL.accountTokens.pathComponents, .signedIn, use: tokens)
        app.endpoint(.POST, SiteURL.accountTokens.pathComponents, .signedIn, use: createToken)
        app.endpoint(.POST, SiteURL.accountTokenRevoke(.key).pathComponents, .signedIn, use: revokeToken)
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let user = try await UserService(db: req.db, hasher: req.passwordHasher).find(principal.userID, for: principal) else { throw AppError.notFound }
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, AccountPage(user: user).render(ctx))
    }

    @Sendable func showPassword(_ req: Request) async throws -> Response {
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, PasswordPage(errors: .none).render(ctx))
    }

    @Sendable func changePassword(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        var keep: String?
        if case .session(let id, _) = principal.channel { keep = id }
        do {
            try await UserService(db: req.db, hasher: req.passwordHasher).changePassword(
                userID: principal.userID, current: req.form.secret("current"), new: req.form.secret("new"), confirmation: req.form.secret("confirmation"),
                keepSession: keep, by: req.auditActor)
        } catch AppError.validation(let problems) {
            let ctx = try await PageContext.load(req)
            return Layout.respond(req, ctx, status: .unprocessableEntity, PasswordPage(errors: FormErrors(problems: problems)).render(ctx))
        }
        return req.redirect(to: SiteURL.account.path, flash: "account.passwordChanged")
    }

    @Sendable func tokens(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let tokens = try await APITokenService(db: req.db).list(for: principal.userID)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, TokensPage(tokens: tokens, newToken: nil, errors: .none, action: SiteURL.accountTokens.path,
                                                   revoke: { SiteURL.accountTokenRevoke(.value($0)).path }).render(ctx))
    }

    @Sendable func createToken(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let service = APITokenService(db: req.db)
        var newToken: String?
        var errors = FormErrors.none
        do {
            newToken = try await service.create(for: principal.userID, name: req.form["name"] ?? "", by: req.auditActor)
        } catch AppError.validation(let problems) {
            errors = FormErrors(problems: problems)
        }
        let ctx = try await PageContext.load(req)
        let page = TokensPage(tokens: try await service.list(for: principal.userID), newToken: newToken, errors: errors,
                              action: SiteURL.accountTokens.path, revoke: { SiteURL.accountTokenRevoke(.value($0)).path })
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity, page.render(ctx))
    }

    /// Users revoke their own tokens; administrators also revoke integration accounts' tokens
    /// and go back to that account's token page.
    @Sendable func revokeToken(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let tokenID = try req.idParameter()
        let isAdmin = principal.has(.admin)
        try await APITokenService(db: req.db).revoke(tokenID: tokenID, ownerID: isAdmin ? nil : principal.userID, by: req.auditActor)
        let owner = try await APIToken.find(tokenID, on: req.db)?.$user.id
        let back = owner.flatMap { $0 == principal.userID ? nil : SiteURL.userTokens(.value($0)).path } ?? SiteURL.accountTokens.path
        return req.redirect(to: back, flash: "token.revoked")
    }
}
