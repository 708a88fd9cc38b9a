import Fluent
import Vapor

/// The office's review desk.
struct ReviewController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.review.pathComponents, TaskPolicy.review, use: index)
    }

    @Sendable func index(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let clock = try await req.taskClock()
        let page = Pagination(page: req.queryInput.int("page"), defaultPerPage: 20)
        let (reports, total) = try await ReportService(db: req.db).officeQueue(page: page)
        let files = try await EvidenceService(db: req.db, store: req.uploadStore).files(ofReports: reports.map(\.id))
        let orders = OrderService(db: req.db)
        let everything = Pagination(page: 1, perPage: 200)
        let completions = try await orders.list(for: principal, filter: OrderFilter(status: .completionRequested, includeTest: true), page: everything,
                                                today: clock.today, cutoff: clock.cutoff).rows
        let returned = try await orders.list(for: principal, filter: OrderFilter(status: .returned, includeTest: true), page: everything,
                                             today: clock.today, cutoff: clock.cutoff).rows
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, ReviewPage(reports: reports, reportTotal: total, page: page, files: files, completions: completions,
                                                   returned: returned).render(ctx))
    }
}
