import Fluent
import SQLKit

/// Public tasks: lists in tree order and one task's page. Every query carries
/// `PortalVisibility.condition`, and selects only columns the portal shows.
struct PortalTaskService: Sendable {
    let db: any Database

    func list(filter: PortalTaskFilter, page: Pagination, today: CivilDate, cutoff: CivilDate) async throws -> (rows: [PortalTaskRow], total: Int) {
        let light = TaskLight.forTasks(today: today, cutoff: cutoff)
        let whereClause = Self.whereClause(filter, light: light)
        let sql = db.sql
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM tasks t JOIN plans p ON p.id = t.plan_id \(whereClause)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        // (plan_id, path) is the tasks_plan_path index: the page is read in index order, no sort.
        let rows = try await sql.raw("""
            SELECT \(Self.columns(light: light)) \(Self.joins) \(whereClause)
            ORDER BY t.plan_id, t.path LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
            """).all()
        return (try rows.map(Self.decode), total)
    }

    /// nil when the task does not exist or the public may not see it: the caller answers 404 either way.
    func detail(_ id: Int, today: CivilDate, cutoff: CivilDate) async throws -> PortalTaskDetail? {
        let light = TaskLight.forTasks(today: today, cutoff: cutoff)
        guard let row = try await db.sql.raw("""
            SELECT t.id, t.plan_id, p.title AS plan_title, t.code, t.title, t.measures, d.name AS domain_name, lu.name AS lead_unit_name,
                   t.deadline, t.progress, t.status, \(light) AS light, pt.id AS parent_id, pt.title AS parent_title
            FROM tasks t JOIN plans p ON p.id = t.plan_id JOIN plan_domains d ON d.id = t.domain_id JOIN units lu ON lu.id = t.lead_unit_id
            LEFT JOIN tasks pt ON pt.id = t.parent_id AND pt.is_public = \(bind: true) AND pt.is_test = \(bind: false)
            WHERE t.id = \(bind: id) AND \(PortalVisibility.condition)
            """).first() else { return nil }
        return PortalTaskDetail(
            id: try row.decode(column: "id", as: Int.self), planID: try row.decode(column: "plan_id", as: Int.self),
            planTitle: try row.decode(column: "plan_title", as: String.self), code: try row.decode(column: "code", as: String.self),
            title: try row.decode(column: "title", as: String.self), measures: try row.decode(column: "measures", as: String.self),
            domainName: try row.decode(column: "domain_name", as: String.self), leadUnitName: try row.decode(column: "lead_unit_name", as: String.self),
            deadline: try row.decode(column: "deadline", as: String.self), progress: try row.decode(column: "progress", as: Int.self),
            status: try row.decode(column: "status", as: String.self), light: try row.decode(column: "light", as: String.self),
            parentID: try row.decode(column: "parent_id", as: Int?.self), parentTitle: try row.decode(column: "parent_title", as: String?.self))
    }

    /// The public sub-tasks of a public task, in tree order.
    func children(of id: Int, today: CivilDate, cutoff: CivilDate) async throws -> [PortalTaskRow] {
        let light = TaskLight.forTasks(today: today, cutoff: cutoff)
        return try await db.sql.raw("""
            SELECT \(Self.columns(light: light)) \(Self.joins) WHERE t.parent_id = \(bind: id) AND \(PortalVisibility.condition) ORDER BY t.path
            """).all().map(Self.decode)
    }

    /// The schedule as it stands; milestones retired from it stay internal.
    func milestones(of id: Int) async throws -> [PortalMilestone] {
        try await db.sql.raw("""
            SELECT due, title FROM task_milestones WHERE task_id = \(bind: id) AND seq < \(bind: TaskMilestone.retiredOffset) ORDER BY seq
            """).all().map { PortalMilestone(due: try $0.decode(column: "due", as: String.self), title: try $0.decode(column: "title", as: String.self)) }
    }

    static func whereClause(_ filter: PortalTaskFilter, light: SQLQueryString) -> SQLQueryString {
        var conditions: [SQLQueryString] = [PortalVisibility.condition]
        if let planID = filter.planID { conditions.append("t.plan_id = \(bind: planID)") }
        if let domainID = filter.domainID { conditions.append("t.domain_id = \(bind: domainID)") }
        if let status = filter.status { conditions.append("t.status = \(bind: status.rawValue)") }
        if let wanted = filter.light { conditions.append("\(light) = \(bind: wanted.rawValue)") }
        if let query = filter.query?.trimmedSpaces, !query.isEmpty {
            let like = "%" + SQLLike.escape(query) + "%"
            conditions.append("(t.title LIKE \(bind: like) ESCAPE '\\' OR t.code LIKE \(bind: like) ESCAPE '\\')")
        }
        return "WHERE " + conditions.joined(separator: " AND ")
    }

    private static func columns(light: SQLQueryString) -> SQLQueryString {
        """
        t.id, t.depth, t.code, t.title, t.deadline, t.progress, t.status, d.name AS domain_name, lu.name AS lead_unit_name, \(light) AS light
        """
    }

    private static let joins: SQLQueryString = """
        FROM tasks t JOIN plans p ON p.id = t.plan_id JOIN plan_domains d ON d.id = t.domain_id JOIN units lu ON lu.id = t.lead_unit_id
        """

    static func decode(_ row: any SQLRow) throws -> PortalTaskRow {
        PortalTaskRow(
            id: try row.decode(column: "id", as: Int.self), depth: try row.decode(column: "depth", as: Int.self),
            code: try row.decode(column: "code", as: String.self), title: try row.decode(column: "title", as: String.self),
            domainName: try row.decode(column: "domain_name", as: String.self), leadUnitName: try row.decode(column: "lead_unit_name", as: String.self),
            deadline: try row.decode(column: "deadline", as: String.self), progress: try row.decode(column: "progress", as: Int.self),
            status: try row.decode(column: "status", as: String.self), light: try row.decode(column: "light", as: String.self))
    }
}
