import Fluent
import Vapor

/// `/api/v1` for the organisation: the caller, units, task forces and users.
/// The same services as the web pages, the same policies, JSON in and out.
struct OrganizationAPIController {
    struct Me: Content {
        let id: Int
        let username: String
        let displayName: String
        let unitID: Int?
        let roles: [String]
        let lang: String
    }

    struct CreatedUser: Content {
        let user: UserRow
        /// The single-use link for the person to choose a password (when none was given).
        let activationURL: String?
    }

    static let pageParameters = [
        APIParameter(name: "page", type: "integer", description: "Page number, from 1"),
        APIParameter(name: "perPage", type: "integer", description: "Items per page, at most 200"),
    ]

    func register(_ app: Application) {
        app.apiEndpoint(.GET, "/api/v1/me", .signedIn, summary: "The caller", tag: "Accounts", response: .object("Me"), use: me)

        app.apiEndpoint(.GET, "/api/v1/units", OrganizationPolicy.viewUnits, summary: "List units in the caller's scope", tag: "Units",
                        response: .page("Unit"), query: Self.pageParameters + [
                            APIParameter(name: "q", type: "string", description: "Name, short name or code contains"),
                            APIParameter(name: "kind", type: "string", description: "Unit kind"),
                            APIParameter(name: "parentID", type: "integer", description: "Direct children of this unit"),
                        ], use: listUnits)
        app.apiEndpoint(.GET, "/api/v1/units/:id", OrganizationPolicy.viewUnits, summary: "One unit", tag: "Units", response: .object("Unit"), use: getUnit)
        app.apiEndpoint(.POST, "/api/v1/units", OrganizationPolicy.manageUnits, summary: "Create a unit", tag: "Units",
                        request: "UnitInput", response: .object("Unit"), status: 201, use: createUnit)
        app.apiEndpoint(.PUT, "/api/v1/units/:id", OrganizationPolicy.manageUnits, summary: "Replace a unit's fields", tag: "Units",
                        request: "UnitInput", response: .object("Unit"), use: updateUnit)

        app.apiEndpoint(.GET, "/api/v1/task-forces", OrganizationPolicy.viewGroups, summary: "The leading group and task forces", tag: "Task forces",
                        response: .array("TaskForce"), query: [APIParameter(name: "kind", type: "string", description: "leading_group or task_force")],
                        use: listGroups)
        app.apiEndpoint(.GET, "/api/v1/task-forces/:id", OrganizationPolicy.viewGroups, summary: "One task force", tag: "Task forces",
                        response: .object("TaskForce"), use: getGroup)
        app.apiEndpoint(.POST, "/api/v1/task-forces", OrganizationPolicy.manageGroups, summary: "Create a task force", tag: "Task forces",
                        request: "TaskForceInput", response: .object("TaskForce"), status: 201, use: createGroup)
        app.apiEndpoint(.PUT, "/api/v1/task-forces/:id", OrganizationPolicy.manageGroups, summary: "Replace a task force's fields", tag: "Task forces",
                        request: "TaskForceInput", response: .object("TaskForce"), use: updateGroup)

        app.apiEndpoint(.GET, "/api/v1/users", OrganizationPolicy.viewUsers, summary: "List users in the caller's scope", tag: "Users",
                        response: .page("User"), query: Self.pageParameters + [
                            APIParameter(name: "q", type: "string", description: "Username, name or phone contains"),
                            APIParameter(name: "role", type: "string", description: "Holds this role"),
                            APIParameter(name: "unitID", type: "integer", description: "Belongs to this unit"),
                            APIParameter(name: "status", type: "string", description: "active, inactive or locked"),
                        ], use: listUsers)
        app.apiEndpoint(.GET, "/api/v1/users/:id", OrganizationPolicy.viewUsers, summary: "One user", tag: "Users", response: .object("User"), use: getUser)
        app.apiEndpoint(.POST, "/api/v1/users", OrganizationPolicy.manageUsers, summary: "Create a user (without a password, an activation link is returned once)",
                        tag: "Users", request: "UserInput", response: .object("CreatedUser"), status: 201, use: createUser)
        app.apiEndpoint(.PUT, "/api/v1/users/:id", OrganizationPolicy.manageUsers, summary: "Replace a user's fields (not the password)", tag: "Users",
                        request: "UserInput", response: .object("User"), use: updateUser)
    }

    @Sendable func me(_ req: Request) async throws -> Me {
        let p = try req.requirePrincipal()
        return Me(id: p.userID, username: p.username, displayName: p.displayName, unitID: p.unitID,
                  roles: Role.allCases.filter(p.roles.contains).map(\.rawValue), lang: p.lang.rawValue)
    }

    // MARK: Units

    @Sendable func listUnits(_ req: Request) async throws -> APIPage<UnitRow> {
        let principal = try req.requirePrincipal()
        let query = req.queryInput
        let page = Pagination(page: query.int("page"), perPage: query.int("perPage"))
        var filter = UnitFilter(query: query["q"], parentID: query.int("parentID"))
        filter.kind = try query.choice("kind", as: UnitKind.self)
        let (rows, total) = try await UnitService(db: req.db).list(for: principal, filter: filter, page: page)
        return APIPage(items: rows, page: page.page, perPage: page.perPage, total: total)
    }

    @Sendable func getUnit(_ req: Request) async throws -> UnitRow {
        guard let unit = try await UnitService(db: req.db).find(try req.idParameter(), for: try req.requirePrincipal()) else { throw AppError.notFound }
        return unit
    }

    @Sendable func createUnit(_ req: Request) async throws -> Response {
        let input = try req.content.decode(UnitInput.self)
        let service = UnitService(db: req.db)
        let unit = try await service.create(input, by: req.auditActor)
        return try await APIResponse.created(service.find(unit.id!, for: try req.requirePrincipal()))
    }

    @Sendable func updateUnit(_ req: Request) async throws -> UnitRow {
        let input = try req.content.decode(UnitInput.self)
        let service = UnitService(db: req.db)
        let unit = try await service.update(try req.idParameter(), input, by: req.auditActor)
        guard let row = try await service.find(unit.id!, for: try req.requirePrincipal()) else { throw AppError.notFound }
        return row
    }

    // MARK: Task forces

    @Sendable func listGroups(_ req: Request) async throws -> [WorkGroupRow] {
        let kind = try req.queryInput.choice("kind", as: WorkGroupKind.self)
        return try await WorkGroupService(db: req.db).list(kind: kind)
    }

    @Sendable func getGroup(_ req: Request) async throws -> WorkGroupRow {
        guard let group = try await WorkGroupService(db: req.db).find(try req.idParameter()) else { throw AppError.notFound }
        return group
    }

    @Sendable func createGroup(_ req: Request) async throws -> Response {
        let input = try req.content.decode(WorkGroupInput.self)
        let service = WorkGroupService(db: req.db)
        let id = try await service.create(input, by: req.auditActor)
        return try await APIResponse.created(service.find(id))
    }

    @Sendable func updateGroup(_ req: Request) async throws -> WorkGroupRow {
        let input = try req.content.decode(WorkGroupInput.self)
        let service = WorkGroupService(db: req.db)
        let id = try req.idParameter()
        try await service.update(id, input, by: req.auditActor)
        guard let group = try await service.find(id) else { throw AppError.notFound }
        return group
    }

    // MARK: Users

    @Sendable func listUsers(_ req: Request) async throws -> APIPage<UserRow> {
        let principal = try req.requirePrincipal()
        let query = req.queryInput
        let page = Pagination(page: query.int("page"), perPage: query.int("perPage"))
        var filter = UserFilter(query: query["q"], unitID: query.int("unitID"), status: query["status"])
        filter.role = try query.choice("role", as: Role.self)
        let service = UserService(db: req.db, hasher: req.passwordHasher)
        let (rows, total) = try await service.list(for: principal, filter: filter, page: page)
        return APIPage(items: rows, page: page.page, perPage: page.perPage, total: total)
    }

    @Sendable func getUser(_ req: Request) async throws -> UserRow {
        let service = UserService(db: req.db, hasher: req.passwordHasher)
        guard let user = try await service.find(try req.idParameter(), for: try req.requirePrincipal()) else { throw AppError.notFound }
        return user
    }

    @Sendable func createUser(_ req: Request) async throws -> Response {
        let input = try req.content.decode(UserInput.self)
        let service = UserService(db: req.db, hasher: req.passwordHasher)
        let result = try await service.create(input, by: req.auditActor)
        guard let user = try await service.find(result.id, for: try req.requirePrincipal()) else { throw AppError.notFound }
        let link = result.activationToken.map { PasswordLinkService.url($0, base: req.config.baseURL) }
        return try await APIResponse.created(CreatedUser(user: user, activationURL: link))
    }

    @Sendable func updateUser(_ req: Request) async throws -> UserRow {
        let input = try req.content.decode(UserInput.self)
        let service = UserService(db: req.db, hasher: req.passwordHasher)
        let id = try req.idParameter()
        try await service.update(id, input, by: req.auditActor)
        guard let user = try await service.find(id, for: try req.requirePrincipal()) else { throw AppError.notFound }
        return user
    }

}
