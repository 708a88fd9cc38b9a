import Fluent
import Foundation
import SQLKit

/// Reads what the monthly dispatch published for the public (`published_task_progress`, written
/// by the dispatch cycles). The portal shows these snapshots as they were published, not
/// recomputed, so a month's figure never changes after the fact.
struct PublishedProgressReader: Sendable {
    let db: any Database

    /// Newest first; bounded so a very old task cannot make the page unbounded.
    func history(of taskID: Int, limit: Int = 120) async throws -> [PortalHistoryRow] {
        try await db.sql.raw("""
            SELECT month, progress, status, light, published_at FROM published_task_progress WHERE task_id = \(bind: taskID)
            ORDER BY month DESC, published_at DESC, id DESC LIMIT \(bind: limit)
            """).all().map { row in
            PortalHistoryRow(month: try row.decode(column: "month", as: String.self), progress: try row.decode(column: "progress", as: Int.self),
                             status: try row.decode(column: "status", as: String.self), light: try row.decode(column: "light", as: String.self),
                             publishedAt: try row.decode(column: "published_at", as: Date?.self))
        }
    }
}
