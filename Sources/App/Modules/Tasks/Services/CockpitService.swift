import Fluent
import Foundation
import SQLKit

struct InstructionRow: Sendable, Codable, Equatable {
    let id: Int
    let leaderName: String
    let text: String
    let createdAt: Date
}

/// One task force (or the leader's own tasks) as the cockpit shows it.
struct CockpitGroup: Sendable {
    var id: Int?
    var name: String
    var lights: [TaskLight: Int] = [:]
    var progress = 0
    /// Average progress and overdue count per published month, oldest first.
    var trend: [(month: String, progress: Int, overdue: Int)] = []
    var attention: [TaskRow] = []
}

/// The leader's cockpit (驾驶舱) and instructions (批示).
struct CockpitService: Sendable {
    let db: any Database

    /// The groups a leader leads; for the office, every task force.
    func groups(for principal: Principal, clock: TaskClock) async throws -> [CockpitGroup] {
        let forces = principal.has(.leader)
            ? try await WorkGroupService(db: db).list(kind: .taskForce, ledBy: principal.userID)
            : try await WorkGroupService(db: db).list(kind: .taskForce)
        let active = forces.filter(\.active)
        let byForce = active.isEmpty ? [:]
            : try await figures(key: "t.work_group_id", condition: "t.work_group_id IN (\(binds: active.map(\.id)))", clock: clock)
        var result = active.map { force in
            var group = byForce[force.id] ?? CockpitGroup(id: force.id, name: "")
            group.name = force.name
            return group
        }
        if principal.has(.leader) {
            var mine = try await figures(key: "t.leader_id", condition: "t.leader_id = \(bind: principal.userID)", clock: clock)[principal.userID]
                ?? CockpitGroup(id: nil, name: "")
            (mine.id, mine.name) = (nil, Catalog.text("cockpit.myTasks", principal.lang))
            result.insert(mine, at: 0)
        }
        return result
    }

    /// Every group's figures in three queries (lights, trend, attention) rather than three per
    /// group: the office's cockpit shows every task force of a 100,000-task plan.
    private func figures(key: SQLQueryString, condition: SQLQueryString, clock: TaskClock) async throws -> [Int: CockpitGroup] {
        let light = TaskLight.forTasks(today: clock.today, cutoff: clock.cutoff)
        let leaf: SQLQueryString = "t.is_test = \(bind: false) AND \(TaskService.isLeaf()) AND \(condition)"
        var groups: [Int: CockpitGroup] = [:]
        var totals: [Int: (count: Int, sum: Int)] = [:]
        func group(_ id: Int) -> CockpitGroup { groups[id] ?? CockpitGroup(id: id, name: "") }
        for row in try await db.sql.raw("""
            SELECT \(key) AS group_key, \(light) AS light, COUNT(*) AS n, CAST(SUM(t.progress) AS BIGINT) AS progress
            FROM tasks t WHERE \(leaf) GROUP BY 1, 2
            """).all() {
            let id = try row.decode(column: "group_key", as: Int.self)
            let count = try row.decode(column: "n", as: Int.self)
            var figures = group(id)
            if let value = TaskLight(rawValue: try row.decode(column: "light", as: String.self)) { figures.lights[value] = count }
            groups[id] = figures
            let sum = try row.decode(column: "progress", as: Int?.self) ?? 0
            totals[id] = ((totals[id]?.count ?? 0) + count, (totals[id]?.sum ?? 0) + sum)
        }
        for (id, total) in totals where total.count > 0 {
            groups[id]?.progress = Int((Double(total.sum) / Double(total.count)).rounded())
        }
        for row in try await db.sql.raw("""
            SELECT \(key) AS group_key, p.month, CAST(AVG(p.progress) AS DOUBLE PRECISION) AS progress,
                   SUM(CASE WHEN p.light = 'red' THEN 1 ELSE 0 END) AS overdue
            FROM published_task_progress p JOIN tasks t ON t.id = p.task_id WHERE \(leaf) GROUP BY 1, 2 ORDER BY 1, 2
            """).all() {
            let id = try row.decode(column: "group_key", as: Int.self)
            var figures = group(id)
            figures.trend.append((try row.decode(column: "month", as: String.self), Int((try row.decode(column: "progress", as: Double?.self) ?? 0).rounded()),
                                  try row.decode(column: "overdue", as: Int?.self) ?? 0))
            groups[id] = figures
        }
        // Red first, then yellow: what the leader may want to write on; ten per group.
        for row in try await db.sql.raw("""
            SELECT * FROM (
                SELECT \(TaskService.columns(light: light)), \(key) AS group_key,
                       ROW_NUMBER() OVER (PARTITION BY \(key) ORDER BY CASE WHEN \(light) = 'red' THEN 0 ELSE 1 END, t.next_due, t.path) AS place
                \(TaskService.joins) WHERE \(leaf) AND \(light) IN ('red', 'yellow')) ranked
            WHERE ranked.place <= 10 ORDER BY ranked.group_key, ranked.place
            """).all() {
            let id = try row.decode(column: "group_key", as: Int.self)
            var figures = group(id)
            figures.attention.append(try TaskService.decode(row))
            groups[id] = figures
        }
        return groups
    }

    func instructions(taskID: Int) async throws -> [InstructionRow] {
        try await db.sql.raw("""
            SELECT i.id, u.display_name, i.text, i.created_at FROM task_instructions i JOIN users u ON u.id = i.leader_id
            WHERE i.task_id = \(bind: taskID) ORDER BY i.created_at DESC
            """).all().map {
                InstructionRow(id: try $0.decode(column: "id", as: Int.self), leaderName: try $0.decode(column: "display_name", as: String.self),
                               text: try $0.decode(column: "text", as: String.self), createdAt: try $0.decode(column: "created_at", as: Date.self))
            }
    }

    /// A leader writes on a task; its units and the office are told.
    func instruct(taskID: Int, text: String, principal: Principal, actor: AuditActor, now: Date = Date()) async throws {
        guard principal.has(.leader) else { throw AppError.forbidden }
        let body = text.trimmed
        if body.isEmpty { throw AppError.invalid("text", "instruction.empty") }
        if body.count > 1000 { throw AppError.invalid("text", "instruction.tooLong") }
        try await db.writeTransaction { db in
            guard let task = try await ReformTask.find(taskID, on: db), !task.isTest else { throw AppError.notFound }
            let instruction = TaskInstruction()
            instruction.$task.id = taskID
            instruction.$leader.id = principal.userID
            instruction.text = body
            instruction.createdAt = now
            try await instruction.create(on: db)
            try await AuditLog.record(AuditEvent(action: "task.instruct", entityType: "task", entityID: String(taskID), after: body), by: actor, on: db,
                                      now: now)
            let units = try await TaskUnit.query(on: db).filter(\.$task.$id == taskID).all().map(\.$unit.id)
            let args = [principal.displayName, task.title, body]
            let link = SiteURL.task(.value(taskID)).path
            try await DispatchService.tellUnits(units, titleKey: "notice.instruction.title", bodyKey: "notice.instruction.body", args: args, link: link, on: db)
            try await Inbox.notify(try await Inbox.holders(of: .office, on: db), kind: "notice.instruction.title", titleKey: "notice.instruction.title",
                                   bodyKey: "notice.instruction.body", args: args, link: link, on: db)
        }
    }
}
