import Fluent
import Vapor

/// Managing accounts: create, edit roles and unit, deactivate, reset password, unlock, and
/// integration tokens.
struct UsersController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.users.pathComponents, OrganizationPolicy.viewUsers, use: index)
        app.endpoint(.GET, SiteURL.userNew.pathComponents, OrganizationPolicy.manageUsers, use: new)
        app.endpoint(.POST, SiteURL.users.pathComponents, OrganizationPolicy.manageUsers, use: create)
        app.endpoint(.GET, SiteURL.user(.key).pathComponents, OrganizationPolicy.viewUsers, use: show)
        app.endpoint(.GET, SiteURL.userEdit(.key).pathComponents, OrganizationPolicy.manageUsers, use: edit)
        app.endpoint(.POST, SiteURL.user(.key).pathComponents, OrganizationPolicy.manageUsers, use: update)
        app.endpoint(.POST, SiteURL.userToggle(.key).pathComponents, OrganizationPolicy.manageUsers, use: toggle)
        app.endpoint(.POST, SiteURL.userResetPassword(.key).pathComponents, OrganizationPolicy.manageUsers, use: resetPassword)
        app.endpoint(.POST, SiteURL.userUnlock(.key).pathComponents, OrganizationPolicy.manageUsers, use: unlock)
        app.endpoint(.GET, SiteURL.userTokens(.key).pathComponents, OrganizationPolicy.manageUsers, use: tokens)
        app.endpoint(.POST, SiteURL.userTokens(.key).pathComponents, OrganizationPolicy.manageUsers, use: createToken)
    }

    private func service(_ req: Request) -> UserService { UserService(db: req.db, hasher: req.passwordHasher) }

    @Sendable func index(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let query = req.queryInput
        let page = Pagination(page: query.int("page"))
        let filter = UserFilter(query: query["q"], role: query["role"].flatMap(Role.init(rawValue:)), unitID: query.int("unit"), status: query["status"])
        let (rows, total) = try await service(req).list(for: principal, filter: filter, page: page)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, UserListPage(rows: rows, total: total, page: page, query: query).render(ctx))
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        guard let user = try await service(req).find(try req.idParameter(), for: try req.requirePrincipal()) else { throw AppError.notFound }
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, UserDetailPage(user: user, link: nil).render(ctx))
    }

    @Sendable func new(_ req: Request) async throws -> Response {
        let input = UserInput(username: "", displayName: "", unitID: req.queryInput.int("unit"), roles: [Role.unitStaff.rawValue])
        return try await form(req, input: input, userID: nil, errors: .none)
    }

    @Sendable func edit(_ req: Request) async throws -> Response {
        guard let user = try await service(req).find(try req.idParameter(), for: try req.requirePrincipal()) else { throw AppError.notFound }
        let input = UserInput(username: user.username, displayName: user.displayName, title: user.title, unitID: user.unitID,
                              phone: user.phone, email: user.email, roles: user.roles)
        return try await form(req, input: input, userID: user.id, errors: .none)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let input = Self.input(from: req.form)
        do {
            let created = try await service(req).create(input, by: req.auditActor)
            guard let user = try await service(req).find(created.id, for: try req.requirePrincipal()) else { throw AppError.notFound }
            // The activation link is shown on this one response and never again.
            let ctx = try await PageContext.load(req)
            let link = created.activationToken.map { PasswordLinkService.url($0, base: req.config.baseURL) }
            return Layout.respond(req, ctx, status: .created, UserDetailPage(user: user, link: link.map { ($0, "user.activationLink") }).render(ctx))
        } catch AppError.validation(let problems) {
            return try await form(req, input: input, userID: nil, errors: FormErrors(problems: problems))
        }
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        let input = Self.input(from: req.form)
        do {
            try await service(req).update(id, input, by: req.auditActor)
            return req.redirect(to: SiteURL.user(.value(id)).path, flash: "user.saved")
        } catch AppError.validation(let problems) {
            return try await form(req, input: input, userID: id, errors: FormErrors(problems: problems))
        }
    }

    @Sendable func toggle(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        guard let user = try await User.find(id, on: req.db) else { throw AppError.notFound }
        guard let reason = req.form["reason"] else { return req.redirect(to: SiteURL.user(.value(id)).path, flash: "common.reasonRequired", kind: .error) }
        do {
            try await service(req).setActive(id, !user.active, reason: String(reason.prefix(200)), by: req.auditActor)
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.user(.value(id)).path, flash: key, kind: .error)
        }
        return req.redirect(to: SiteURL.user(.value(id)).path, flash: user.active ? "user.deactivated" : "user.activated")
    }

    @Sendable func resetPassword(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        let token = try await service(req).resetPassword(id, by: req.auditActor)
        guard let user = try await service(req).find(id, for: try req.requirePrincipal()) else { throw AppError.notFound }
        let ctx = try await PageContext.load(req)
        let link = PasswordLinkService.url(token, base: req.config.baseURL)
        return Layout.respond(req, ctx, UserDetailPage(user: user, link: (link, "user.resetLink")).render(ctx))
    }

    @Sendable func unlock(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        try await service(req).unlock(id, by: req.auditActor)
        return req.redirect(to: SiteURL.user(.value(id)).path, flash: "user.unlocked")
    }

    @Sendable func tokens(_ req: Request) async throws -> Response {
        try await tokensPage(req, newToken: nil, errors: .none)
    }

    @Sendable func createToken(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        do {
            let token = try await APITokenService(db: req.db).create(for: id, name: req.form["name"] ?? "", by: req.auditActor)
            return try await tokensPage(req, newToken: token, errors: .none)
        } catch AppError.validation(let problems) {
            return try await tokensPage(req, newToken: nil, errors: FormErrors(problems: problems))
        }
    }

    private func tokensPage(_ req: Request, newToken: String?, errors: FormErrors) async throws -> Response {
        guard let user = try await service(req).find(try req.idParameter(), for: try req.requirePrincipal()) else { throw AppError.notFound }
        let tokens = try await APITokenService(db: req.db).list(for: user.id)
        let ctx = try await PageContext.load(req)
        let page = TokensPage(tokens: tokens, newToken: newToken, errors: errors, action: SiteURL.userTokens(.value(user.id)).path,
                              revoke: { SiteURL.accountTokenRevoke(.value($0)).path }, subject: ctx.t("token.forUser", user.displayName))
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity, page.render(ctx))
    }

    static func input(from form: FormInput) -> UserInput {
        UserInput(username: form["username"] ?? "", displayName: form["displayName"] ?? "", title: form["title"], unitID: form.int("unitID"),
                  phone: form["phone"], email: form["email"], roles: form.all("roles"),
                  password: form.secret("password"))
    }

    private func form(_ req: Request, input: UserInput, userID: Int?, errors: FormErrors) async throws -> Response {
        let units = try await UnitService(db: req.db).choices(for: nil)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity,
                              UserFormPage(input: input, userID: userID, units: units, errors: errors).render(ctx))
    }
}
