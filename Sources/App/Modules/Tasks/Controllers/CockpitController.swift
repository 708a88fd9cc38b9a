import Fluent
import Vapor

/// The city leader's cockpit and instructions (批示).
struct CockpitController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.cockpit.pathComponents, TaskPolicy.cockpit, use: show)
        app.endpoint(.POST, SiteURL.taskInstructions(.key).pathComponents, TaskPolicy.instruct, use: instruct)
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let clock = try await req.taskClock()
        // City-wide figures (every task force reads the whole plan), so reused like the ledger's lights:
        // a leader's own set, or the one set every non-leader sees.
        let viewer = principal.has(.leader) ? String(principal.userID) : "city"
        let groups = try await req.application.figuresCache.value("cockpit:\(viewer):\(principal.lang):\(clock.today):\(clock.cutoff)") {
            try await CockpitService(db: req.db).groups(for: principal, clock: clock)
        }
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, CockpitPage(groups: groups).render(ctx))
    }

    @Sendable func instruct(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        do {
            try await CockpitService(db: req.db).instruct(taskID: id, text: req.form["text"] ?? "", principal: try req.requirePrincipal(), actor: req.auditActor)
            return req.redirect(to: SiteURL.task(.value(id)).path, flash: "instruction.sent")
        } catch AppError.validation(let problems) {
            return req.redirect(to: SiteURL.task(.value(id)).path, flash: problems.first?.key ?? "instruction.empty", kind: .error)
        }
    }
}
