import Vapor

/// A unit's group-robot webhooks: the list with the form to add one, switching one on or off,
/// and sending a test message.
struct WebhooksController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.unitWebhooks(.key).pathComponents, WebhookPolicy.manage, use: index)
        app.endpoint(.POST, SiteURL.unitWebhooks(.key).pathComponents, WebhookPolicy.manage, use: create)
        app.endpoint(.POST, SiteURL.unitWebhookToggle(.key, .key).pathComponents, WebhookPolicy.manage, use: toggle)
        app.endpoint(.POST, SiteURL.unitWebhookTest(.key, .key).pathComponents, WebhookPolicy.manage, use: test)
    }

    private func service(_ req: Request) -> WebhookService {
        WebhookService(db: req.db, rules: WebhookURLRules(config: req.config))
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let unit = try await service(req).unit(try req.idParameter(), for: try req.requirePrincipal())
        return try await page(req, unit: unit, input: WebhookInput(kind: RobotKind.wecom.rawValue, name: "", url: ""), errors: .none)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let service = service(req)
        let unit = try await service.unit(try req.idParameter(), for: try req.requirePrincipal())
        let form = req.form
        let input = WebhookInput(kind: form["kind"] ?? "", name: form["name"] ?? "", url: form["url"] ?? "", secret: form["secret"])
        do {
            _ = try await service.create(input, unitID: unit.id, by: req.auditActor)
            return req.redirect(to: SiteURL.unitWebhooks(.value(unit.id)).path, flash: "webhook.created")
        } catch AppError.validation(let problems) {
            return try await page(req, unit: unit, input: input, errors: FormErrors(problems: problems))
        }
    }

    @Sendable func toggle(_ req: Request) async throws -> Response {
        let service = service(req)
        let unit = try await service.unit(try req.idParameter(), for: try req.requirePrincipal())
        let active = try await service.toggle(try req.itemIDParameter(), unitID: unit.id, by: req.auditActor)
        return req.redirect(to: SiteURL.unitWebhooks(.value(unit.id)).path, flash: active ? "webhook.activated" : "webhook.deactivated")
    }

    @Sendable func test(_ req: Request) async throws -> Response {
        let service = service(req)
        let unit = try await service.unit(try req.idParameter(), for: try req.requirePrincipal())
        let back = SiteURL.unitWebhooks(.value(unit.id)).path
        do {
            try await service.queueTest(try req.itemIDParameter(), unit: unit)
        } catch AppError.conflict(let key) {
            return req.redirect(to: back, flash: key, kind: .error)
        }
        return req.redirect(to: back, flash: "webhook.testQueued")
    }

    private func page(_ req: Request, unit: UnitRow, input: WebhookInput, errors: FormErrors) async throws -> Response {
        let rows = try await service(req).list(unitID: unit.id)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity,
                              WebhookListPage(unit: unit, rows: rows, input: input, errors: errors).render(ctx))
    }
}
