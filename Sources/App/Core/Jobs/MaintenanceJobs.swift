import Fluent
import Foundation
import SQLKit

/// Housekeeping that keeps the security tables small: expired sessions, old login failures,
/// abandoned import drafts; and SQLite's planner statistics are refreshed. Runs hourly on whichever instance claims it.
enum MaintenanceJobs {
    static let prune = "maintenance.prune"

    static func register(on runner: JobRunner, sessionIdle: TimeInterval, sessionMax: TimeInterval) {
        runner.register(prune, every: 3600) { context in
            let now = context.now
            try await SessionStore(db: context.db, idleTimeout: sessionIdle, absoluteTimeout: sessionMax).pruneExpired(now: now)
            try await LoginFailure.query(on: context.db).filter(\.$at < now.addingTimeInterval(-86_400)).delete()
            try await ImportDraft.query(on: context.db).filter(\.$createdAt < now.addingTimeInterval(-ImportDraftStore.lifetime)).delete()
            // Finished jobs are kept a month for the administrators' job page.
            try await context.db.sql.raw("DELETE FROM jobs WHERE status = 'done' AND finished_at < \(bind: now.addingTimeInterval(-30 * 86_400))").run()
            try await SQLiteStatistics.refresh(context.db.sql)
        }
    }
}
