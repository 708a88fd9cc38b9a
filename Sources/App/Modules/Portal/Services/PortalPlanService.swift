import Fluent
import SQLKit

/// Published plans with figures over their public tasks. Internal tasks are neither listed nor
/// counted, so the figures agree with the lists a visitor can open.
struct PortalPlanService: Sendable {
    let db: any Database

    func list() async throws -> [PortalPlanRow] {
        try await db.sql.raw("""
            SELECT \(Self.columns) \(Self.from(planID: nil)) WHERE p.published = \(bind: true) ORDER BY p.year DESC, p.id DESC
            """).all().map(Self.decode)
    }

    func find(_ id: Int) async throws -> PortalPlanRow? {
        try await db.sql.raw("""
            SELECT \(Self.columns) \(Self.from(planID: id)) WHERE p.published = \(bind: true) AND p.id = \(bind: id)
            """).first().map(Self.decode)
    }

    /// How many public tasks stand at each light; the same expression the list filters by, so a
    /// figure and the list it links to always agree.
    func lightCounts(planID: Int, today: CivilDate, cutoff: CivilDate) async throws -> [TaskLight: Int] {
        let light = TaskLight.forTasks(today: today, cutoff: cutoff)
        let rows = try await db.sql.raw("""
            SELECT \(light) AS light, COUNT(*) AS n FROM tasks t JOIN plans p ON p.id = t.plan_id
            WHERE t.plan_id = \(bind: planID) AND \(PortalVisibility.condition) GROUP BY 1
            """).all()
        var counts: [TaskLight: Int] = [:]
        for row in rows {
            if let light = TaskLight(rawValue: try row.decode(column: "light", as: String.self)) { counts[light] = try row.decode(column: "n", as: Int.self) }
        }
        return counts
    }

    func domains(of planID: Int) async throws -> [DomainRow] {
        try await PlanService(db: db).domains(of: planID)
    }

    private static let columns: SQLQueryString = """
        p.id, p.title, p.year, p.summary, COALESCE(s.task_count, 0) AS task_count, COALESCE(s.completed_count, 0) AS completed_count,
        COALESCE(s.leaf_progress, 0) AS leaf_progress, COALESCE(s.leaf_count, 0) AS leaf_count
        """

    /// One pass over the published plans' public tasks instead of a subquery per figure; one plan's
    /// page passes its id so the other plans' tasks are not counted for nothing.
    private static func from(planID: Int?) -> SQLQueryString {
        let onePlan: SQLQueryString = planID.map { " AND t.plan_id = \(bind: $0)" } ?? ""
        return """
        FROM plans p LEFT JOIN (
            SELECT t.plan_id, COUNT(*) AS task_count,
                   SUM(CASE WHEN t.status IN ('completed', 'closed') THEN 1 ELSE 0 END) AS completed_count,
                   CAST(SUM(CASE WHEN \(PortalVisibility.publicLeaf) THEN t.progress ELSE 0 END) AS BIGINT) AS leaf_progress,
                   SUM(CASE WHEN \(PortalVisibility.publicLeaf) THEN 1 ELSE 0 END) AS leaf_count
            FROM tasks t JOIN plans p ON p.id = t.plan_id
            WHERE \(PortalVisibility.condition)\(onePlan) GROUP BY t.plan_id
        ) s ON s.plan_id = p.id
        """
    }

    static func decode(_ row: any SQLRow) throws -> PortalPlanRow {
        let leafCount = try row.decode(column: "leaf_count", as: Int.self)
        let leafProgress = try row.decode(column: "leaf_progress", as: Int.self)
        return PortalPlanRow(
            id: try row.decode(column: "id", as: Int.self), title: try row.decode(column: "title", as: String.self),
            year: try row.decode(column: "year", as: Int.self), summary: try row.decode(column: "summary", as: String.self),
            taskCount: try row.decode(column: "task_count", as: Int.self), completedCount: try row.decode(column: "completed_count", as: Int.self),
            progress: leafCount == 0 ? 0 : (leafProgress + leafCount / 2) / leafCount)
    }
}
