import Fluent
import Vapor

/// The administrators' view of background jobs: what is queued, running, done or failed, and why.
struct JobsController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.jobs.pathComponents, .roles([.admin]), use: index)
        app.endpoint(.POST, SiteURL.jobRetry(.key).pathComponents, .roles([.admin]), use: retry)
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let query = req.queryInput
        let page = Pagination(page: query.int("page"))
        var builder = JobRecord.query(on: req.db)
        let status = query["status"].flatMap(JobStatus.init(rawValue:))
        if let status { builder = builder.filter(\.$status == status) }
        let total = try await builder.count()
        let jobs = try await builder.sort(\.$id, .descending).range(page.offset..<(page.offset + page.perPage)).all()
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, JobsPage(jobs: jobs, total: total, page: page, status: status).render(ctx))
    }

    @Sendable func retry(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        let retried = try await req.db.writeTransaction { db -> Bool in
            guard let job = try await JobRecord.find(id, on: db) else { throw AppError.notFound }
            // Two administrators on the same page: the second finds it already queued.
            guard job.status == .failed else { return false }
            try await JobQueue(db: db).retry(id)
            try await AuditLog.record(AuditEvent(action: "job.retry", entityType: "job", entityID: String(id), reason: job.kind,
                                                 before: "{\"status\":\"failed\"}", after: "{\"status\":\"queued\"}"), by: req.auditActor, on: db)
            return true
        }
        return retried ? req.redirect(to: SiteURL.jobs.path, flash: "job.retried")
                       : req.redirect(to: SiteURL.jobs.path, flash: "job.notFailed", kind: .info)
    }
}

struct JobsPage {
    let jobs: [JobRecord]
    let total: Int
    let page: Pagination
    let status: JobStatus?

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("job.title")) {
            Components.pageHeader(ctx.t("job.title"), subtitle: ctx.t("job.subtitle"))
            H.form(Attr("method", "get"), Attr("action", SiteURL.jobs.path), .cls("filter-bar")) {
                H.label(.cls("sr-only"), Attr("for", "status")) { ctx.t("common.status") }
                H.select(.id("status"), .name("status")) {
                    H.option(.value("")) { ctx.t("job.allStatuses") }
                    for option in JobStatus.allCases {
                        H.option(.value(option.rawValue), .when(status == option, .flag("selected"))) { ctx.t(option.labelKey) }
                    }
                }
                H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("action.filter") }
            }
            if jobs.isEmpty {
                Components.emptyState(ctx, titleKey: "job.empty")
            } else {
                Components.table(caption: ctx.t("job.title"),
                                 headers: ["#", ctx.t("job.kind"), ctx.t("common.status"), ctx.t("job.runAt"), ctx.t("job.attempts"),
                                           ctx.t("job.worker"), ctx.t("job.finishedAt"), ctx.t("job.error"), ""],
                                 rows: jobs.map { job in [
                                    .text(String(job.id ?? 0)), H.code { job.kind }, badge(ctx, job.status), .text(DisplayTime.format(job.runAt)),
                                    .text("\(job.attempts)/\(job.maxAttempts)"), .text(job.lockedBy ?? "—"), .text(DisplayTime.format(job.finishedAt)),
                                    .text(job.lastError.isEmpty ? "—" : String(job.lastError.prefix(120))),
                                    job.status == .failed ? Components.actionButton(ctx, action: SiteURL.jobRetry(.value(job.id!)).path, labelKey: "job.retry") : .empty,
                                 ] })
                Components.pagination(ctx, page: page, total: total) { SiteURL.jobs.with([("status", status?.rawValue ?? ""), ("page", String($0))]) }
            }
        }
    }

    private func badge(_ ctx: PageContext, _ status: JobStatus) -> HTML {
        let tone: Components.Tone = switch status {
        case .queued: .info
        case .running: .warning
        case .done: .success
        case .failed: .danger
        }
        return Components.badge(ctx.t(status.labelKey), tone)
    }
}
