import Fluent
import Vapor

/// The leading group and the task forces (专班).
struct WorkGroupsController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.groups.pathComponents, OrganizationPolicy.viewGroups, use: index)
        app.endpoint(.GET, SiteURL.groupNew.pathComponents, OrganizationPolicy.manageGroups, use: new)
        app.endpoint(.POST, SiteURL.groups.pathComponents, OrganizationPolicy.manageGroups, use: create)
        app.endpoint(.GET, SiteURL.group(.key).pathComponents, OrganizationPolicy.viewGroups, use: show)
        app.endpoint(.GET, SiteURL.groupEdit(.key).pathComponents, OrganizationPolicy.manageGroups, use: edit)
        app.endpoint(.POST, SiteURL.group(.key).pathComponents, OrganizationPolicy.manageGroups, use: update)
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let groups = try await WorkGroupService(db: req.db).list()
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, WorkGroupListPage(groups: groups).render(ctx))
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        guard let group = try await WorkGroupService(db: req.db).find(try req.idParameter()) else { throw AppError.notFound }
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, WorkGroupDetailPage(group: group).render(ctx))
    }

    @Sendable func new(_ req: Request) async throws -> Response {
        try await form(req, input: WorkGroupInput(kind: WorkGroupKind.taskForce.rawValue, name: "", memberUnitIDs: []), groupID: nil, errors: .none)
    }

    @Sendable func edit(_ req: Request) async throws -> Response {
        guard let group = try await WorkGroupService(db: req.db).find(try req.idParameter()) else { throw AppError.notFound }
        let input = WorkGroupInput(kind: group.kind, name: group.name, leaderUserID: group.leaderUserID, leadUnitID: group.leadUnitID,
                                   memberUnitIDs: group.members.map(\.unitID), description: group.description)
        return try await form(req, input: input, groupID: group.id, errors: .none)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let input = Self.input(from: req.form)
        do {
            let id = try await WorkGroupService(db: req.db).create(input, by: req.auditActor)
            return req.redirect(to: SiteURL.group(.value(id)).path, flash: "group.saved")
        } catch AppError.validation(let problems) {
            return try await form(req, input: input, groupID: nil, errors: FormErrors(problems: problems))
        }
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        let input = Self.input(from: req.form)
        do {
            try await WorkGroupService(db: req.db).update(id, input, by: req.auditActor)
            return req.redirect(to: SiteURL.group(.value(id)).path, flash: "group.saved")
        } catch AppError.validation(let problems) {
            return try await form(req, input: input, groupID: id, errors: FormErrors(problems: problems))
        }
    }

    static func input(from form: FormInput) -> WorkGroupInput {
        WorkGroupInput(kind: form["kind"] ?? "", name: form["name"] ?? "", leaderUserID: form.int("leaderUserID"),
                       leadUnitID: form.int("leadUnitID"), memberUnitIDs: form.all("memberUnitIDs").compactMap { Int($0) },
                       description: form["description"])
    }

    private func form(_ req: Request, input: WorkGroupInput, groupID: Int?, errors: FormErrors) async throws -> Response {
        let units = try await UnitService(db: req.db).choices(for: nil)
        let leaders = try await User.query(on: req.db).join(UserRole.self, on: \UserRole.$user.$id == \User.$id)
            .filter(UserRole.self, \.$role == .leader).filter(\.$active == true).sort(\.$displayName).all()
            .map { Components.Choice(String($0.id!), $0.title.isEmpty ? $0.displayName : "\($0.displayName)（\($0.title)）") }
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity,
                              WorkGroupFormPage(input: input, groupID: groupID, units: units, leaders: leaders, errors: errors).render(ctx))
    }
}
