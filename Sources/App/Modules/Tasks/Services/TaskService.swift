import Fluent
import Foundation
import SQLKit

/// Reading and writing tasks. Lists go through SQL and decode only what they show.
struct TaskService: Sendable {
    let db: any Database

    // MARK: Reading

    static func columns(light: SQLQueryString) -> SQLQueryString {
        """
        t.id, t.plan_id, t.parent_id, t.depth, t.code, t.title, t.source, t.status, t.progress, t.rollup, t.weight,
        t.is_key, t.is_public, t.is_test, t.deadline, t.next_due, t.lead_unit_id, d.name AS domain_name,
        lu.short_name AS lead_unit_name, l.display_name AS leader_name,
        (SELECT COUNT(*) FROM tasks c WHERE c.parent_id = t.id) AS child_count, \(light) AS light
        """
    }

    /// "A task with no children", as one set computed once per query: a per-row NOT EXISTS is
    /// planned as a scan per row by SQLite when a plan has few parents.
    /// `children` narrows which children count (the portal counts only the public ones).
    static func isLeaf(_ alias: String = "t", children: SQLQueryString? = nil) -> SQLQueryString {
        let narrowed: SQLQueryString = children.map { " AND \($0)" } ?? ""
        return "\(unsafeRaw: alias).id NOT IN (SELECT c.parent_id FROM tasks c WHERE c.parent_id IS NOT NULL\(narrowed))"
    }

    static let joins: SQLQueryString = """
        FROM tasks t JOIN plan_domains d ON d.id = t.domain_id JOIN units lu ON lu.id = t.lead_unit_id
        LEFT JOIN users l ON l.id = t.leader_id
        """

    /// The tasks a principal may see: the whole city for the office and leaders; for a unit, the
    /// tasks it or one of its sub-units is named on (the tree shows them at their depth).
    static func scopeCondition(_ principal: Principal) -> SQLQueryString? {
        guard let scope = principal.scopePath else { return nil }
        let like = scope + "%"
        return "EXISTS (SELECT 1 FROM task_units tu JOIN units su ON su.id = tu.unit_id WHERE tu.task_id = t.id AND su.path LIKE \(bind: like))"
    }

    /// The WHERE clause of a filtered ledger: shared by the list, its count and the export.
    static func whereClause(for principal: Principal, filter: TaskFilter, light: SQLQueryString) -> SQLQueryString {
        var conditions: [SQLQueryString] = []
        if let planID = filter.planID { conditions.append("t.plan_id = \(bind: planID)") }
        if let scope = Self.scopeCondition(principal) { conditions.append(scope) }
        if !filter.includeTest { conditions.append("t.is_test = \(bind: false)") }
        if let domainID = filter.domainID { conditions.append("t.domain_id = \(bind: domainID)") }
        if let unitID = filter.unitID { conditions.append("EXISTS (SELECT 1 FROM task_units fu WHERE fu.task_id = t.id AND fu.unit_id = \(bind: unitID))") }
        if let source = filter.source { conditions.append("t.source = \(bind: source.rawValue)") }
        if let status = filter.status { conditions.append("t.status = \(bind: status.rawValue)") }
        if let wanted = filter.light { conditions.append("\(light) = \(bind: wanted.rawValue)") }
        if filter.keyOnly { conditions.append("t.is_key = \(bind: true)") }
        if let leaderID = filter.leaderID { conditions.append("t.leader_id = \(bind: leaderID)") }
        if let groupID = filter.workGroupID { conditions.append("t.work_group_id = \(bind: groupID)") }
        if filter.topLevelOnly { conditions.append("t.parent_id IS NULL") }
        if let query = filter.query?.trimmedSpaces, !query.isEmpty {
            let like = "%" + SQLLike.escape(query) + "%"
            conditions.append("(t.title LIKE \(bind: like) ESCAPE '\\' OR t.code LIKE \(bind: like) ESCAPE '\\')")
        }
        return conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }

    func list(for principal: Principal, filter: TaskFilter, page: Pagination, today: CivilDate, cutoff: CivilDate) async throws -> (rows: [TaskRow], total: Int) {
        let queries = Self.listQueries(for: principal, filter: filter, page: page, today: today, cutoff: cutoff)
        let total = try await db.sql.raw(queries.count).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await db.sql.raw(queries.page).all()
        return (try rows.map(Self.decode), total)
    }

    /// The ledger's two statements: the count and one page (the bench prints them for the sqlite3 CLI).
    static func listQueries(for principal: Principal, filter: TaskFilter, page: Pagination, today: CivilDate,
                            cutoff: CivilDate) -> (count: SQLQueryString, page: SQLQueryString) {
        let light = TaskLight.forTasks(today: today, cutoff: cutoff)
        let whereClause = whereClause(for: principal, filter: filter, light: light)
        return ("SELECT COUNT(*) AS n FROM tasks t \(whereClause)", """
            SELECT \(columns(light: light)) \(joins) \(whereClause)
            ORDER BY t.plan_id, t.path LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
            """)
    }

    /// `checkScope: false` when the caller has already checked access another way (the order page).
    func row(_ id: Int, for principal: Principal, checkScope: Bool = true, today: CivilDate, cutoff: CivilDate) async throws -> TaskRow? {
        var conditions: [SQLQueryString] = ["t.id = \(bind: id)"]
        if checkScope, let scope = Self.scopeCondition(principal) { conditions.append(scope) }
        let light = TaskLight.forTasks(today: today, cutoff: cutoff)
        return try await db.sql.raw("SELECT \(Self.columns(light: light)) \(Self.joins) WHERE \(conditions.joined(separator: " AND "))")
            .first().map(Self.decode)
    }

    func detail(_ id: Int, for principal: Principal, checkScope: Bool = true, today: CivilDate, cutoff: CivilDate) async throws -> TaskDetail? {
        guard let row = try await row(id, for: principal, checkScope: checkScope, today: today, cutoff: cutoff),
              let task = try await ReformTask.find(id, on: db) else { return nil }
        let sql = db.sql
        let units = try await sql.raw("""
            SELECT u.id, u.short_name FROM task_units tu JOIN units u ON u.id = tu.unit_id
            WHERE tu.task_id = \(bind: id) AND tu.role = 'responsible' ORDER BY u.path
            """).all().map { UnitRef(id: try $0.decode(column: "id", as: Int.self), name: try $0.decode(column: "short_name", as: String.self)) }
        let light = TaskLight.forTasks(today: today, cutoff: cutoff)
        let children = try await sql.raw("SELECT \(Self.columns(light: light)) \(Self.joins) WHERE t.parent_id = \(bind: id) ORDER BY t.path")
            .all().map(Self.decode)
        let extra = try await sql.raw("""
            SELECT p.title AS plan_title, g.name AS group_name, pt.title AS parent_title FROM tasks t JOIN plans p ON p.id = t.plan_id
            LEFT JOIN work_groups g ON g.id = t.work_group_id LEFT JOIN tasks pt ON pt.id = t.parent_id WHERE t.id = \(bind: id)
            """).first()
        return TaskDetail(
            row: row, measures: task.measures, outputs: task.outputs.split(separator: ",").map(String.init), indicatorID: task.indicatorID,
            domainID: task.$domain.id, leaderID: task.$leader.id, workGroupID: task.$workGroup.id,
            workGroupName: try extra?.decode(column: "group_name", as: String?.self),
            parentTitle: try extra?.decode(column: "parent_title", as: String?.self),
            planTitle: try extra?.decode(column: "plan_title", as: String.self) ?? "",
            responsibleUnits: units, milestones: try await milestones(of: id), children: children)
    }

    /// Every filtered row with the columns of the import template, for the Excel export.
    func exportRows(for principal: Principal, filter: TaskFilter, today: CivilDate, cutoff: CivilDate) async throws -> [TaskImport.ExportRow] {
        let light = TaskLight.forTasks(today: today, cutoff: cutoff)
        let whereClause = Self.whereClause(for: principal, filter: filter, light: light)
        let sql = db.sql
        let rows = try await sql.raw("""
            SELECT t.id, t.code, pt.code AS parent_code, d.name AS domain, t.title, t.measures, t.source, lu.short_name AS lead_unit,
                   l.display_name AS leader, g.name AS work_group, t.outputs, t.deadline, t.is_key, t.is_public, t.is_test, t.weight, t.progress,
                   t.status, \(light) AS light
            FROM tasks t JOIN plan_domains d ON d.id = t.domain_id JOIN units lu ON lu.id = t.lead_unit_id LEFT JOIN users l ON l.id = t.leader_id
            LEFT JOIN work_groups g ON g.id = t.work_group_id LEFT JOIN tasks pt ON pt.id = t.parent_id
            \(whereClause) ORDER BY t.path
            """).all()
        // Units and milestones of the plan in two queries, grouped here, rather than one query per task.
        var units: [Int: [String]] = [:]
        var milestones: [Int: [String]] = [:]
        if let planID = filter.planID {
            for row in try await sql.raw("""
                SELECT tu.task_id, u.short_name FROM task_units tu JOIN tasks t ON t.id = tu.task_id JOIN units u ON u.id = tu.unit_id
                WHERE t.plan_id = \(bind: planID) AND tu.role = 'responsible' ORDER BY tu.task_id, u.path
                """).all() {
                units[try row.decode(column: "task_id", as: Int.self), default: []].append(try row.decode(column: "short_name", as: String.self))
            }
            for row in try await sql.raw("""
                SELECT m.task_id, m.due, m.title FROM task_milestones m JOIN tasks t ON t.id = m.task_id
                WHERE t.plan_id = \(bind: planID) AND m.seq < \(bind: TaskMilestone.retiredOffset) ORDER BY m.task_id, m.seq
                """).all() {
                milestones[try row.decode(column: "task_id", as: Int.self), default: []]
                    .append(try row.decode(column: "due", as: String.self) + ":" + (try row.decode(column: "title", as: String.self)))
            }
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: Int.self)
            return TaskImport.ExportRow(
                code: try row.decode(column: "code", as: String.self), domain: try row.decode(column: "domain", as: String.self),
                title: try row.decode(column: "title", as: String.self), measures: try row.decode(column: "measures", as: String.self),
                source: try row.decode(column: "source", as: String.self), leadUnit: try row.decode(column: "lead_unit", as: String.self),
                responsibleUnits: (units[id] ?? []).joined(separator: "、"), outputs: try row.decode(column: "outputs", as: String.self),
                deadline: try row.decode(column: "deadline", as: String.self), milestones: (milestones[id] ?? []).joined(separator: "；"),
                status: try row.decode(column: "status", as: String.self), light: try row.decode(column: "light", as: String.self),
                parentCode: try row.decode(column: "parent_code", as: String?.self), leader: try row.decode(column: "leader", as: String?.self),
                workGroup: try row.decode(column: "work_group", as: String?.self), isKey: try row.decode(column: "is_key", as: Bool.self),
                isPublic: try row.decode(column: "is_public", as: Bool.self), isTest: try row.decode(column: "is_test", as: Bool.self),
                weight: try row.decode(column: "weight", as: Int.self), progress: try row.decode(column: "progress", as: Int.self))
        }
    }

    func milestones(of taskID: Int) async throws -> [MilestoneRow] {
        try await db.sql.raw("""
            SELECT id, seq, due, title FROM task_milestones WHERE task_id = \(bind: taskID) AND seq < \(bind: TaskMilestone.retiredOffset) ORDER BY seq
            """).all().map {
            MilestoneRow(id: try $0.decode(column: "id", as: Int.self), seq: try $0.decode(column: "seq", as: Int.self),
                         due: try $0.decode(column: "due", as: String.self), title: try $0.decode(column: "title", as: String.self))
        }
    }

    static func decode(_ row: any SQLRow) throws -> TaskRow {
        TaskRow(
            id: try row.decode(column: "id", as: Int.self), planID: try row.decode(column: "plan_id", as: Int.self),
            parentID: try row.decode(column: "parent_id", as: Int?.self), depth: try row.decode(column: "depth", as: Int.self),
            code: try row.decode(column: "code", as: String.self), title: try row.decode(column: "title", as: String.self),
            source: try row.decode(column: "source", as: String.self), status: try row.decode(column: "status", as: String.self),
            progress: try row.decode(column: "progress", as: Int.self), rollup: try row.decode(column: "rollup", as: String.self),
            weight: try row.decode(column: "weight", as: Int.self), isKey: try row.decode(column: "is_key", as: Bool.self),
            isPublic: try row.decode(column: "is_public", as: Bool.self), isTest: try row.decode(column: "is_test", as: Bool.self),
            deadline: try row.decode(column: "deadline", as: String.self), nextDue: try row.decode(column: "next_due", as: String?.self),
            domainName: try row.decode(column: "domain_name", as: String.self), leadUnitID: try row.decode(column: "lead_unit_id", as: Int.self),
            leadUnitName: try row.decode(column: "lead_unit_name", as: String.self),
            leaderName: try row.decode(column: "leader_name", as: String?.self), childCount: try row.decode(column: "child_count", as: Int.self),
            light: try row.decode(column: "light", as: String.self))
    }

    // MARK: Validation

    static var codePattern: Regex<Substring> { /^[A-Za-z0-9][A-Za-z0-9_.\-]{0,31}$/ }

    /// Checks an input against the rules and the stored plan. `existing` is the task being edited.
    func problems(in input: TaskInput, planID: Int, existing: ReformTask? = nil) async throws -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func add(_ field: String, _ key: String, _ args: String...) { problems.append(.init(field: field, key: key, args: args)) }
        let code = input.code.trimmedSpaces
        if code.isEmpty { add("code", "validation.required") } else if (try? Self.codePattern.wholeMatch(in: code)) == nil { add("code", "task.codeFormat") }
        let title = input.title.trimmedSpaces
        if title.isEmpty { add("title", "validation.required") }
        if title.count > 200 { add("title", "validation.tooLong", "200") }
        if input.measures.count > 4000 { add("measures", "validation.tooLong", "4000") }
        if TaskSource(rawValue: input.source) == nil { add("source", "validation.invalidChoice") }
        if RollupMethod(rawValue: input.rollup) == nil { add("rollup", "validation.invalidChoice") }
        if input.outputs.contains(where: { TaskOutput(rawValue: $0) == nil }) { add("outputs", "validation.invalidChoice") }
        if let weight = input.weight, !(1...100).contains(weight) { add("weight", "validation.range", "1", "100") }
        let sql = db.sql

        if !code.isEmpty {
            let clash = try await sql.raw("SELECT id FROM tasks WHERE plan_id = \(bind: planID) AND code = \(bind: code)").first()
                .map { try $0.decode(column: "id", as: Int.self) }
            if let clash, clash != existing?.id { add("code", "task.codeTaken") }
        }
        var domainID = input.domainID
        if let parentID = input.parentID {
            if let parent = try await ReformTask.find(parentID, on: db), parent.$plan.id == planID {
                if let existing, parent.path.hasPrefix(existing.path) { add("parentID", "task.parentCycle") }
                // Children share their parent's domain; a parent that already has orders cannot be split.
                domainID = parent.$domain.id
                let orders = try await WorkOrder.query(on: db).filter(\.$task.$id == parentID).count()
                if orders > 0 { add("parentID", "task.parentHasOrders") }
            } else {
                add("parentID", "validation.notFound")
            }
        }
        if let domainID {
            let ok = try await sql.raw("SELECT 1 AS ok FROM plan_domains WHERE id = \(bind: domainID) AND plan_id = \(bind: planID)").first() != nil
            if !ok { add("domainID", "validation.notFound") }
        } else {
            add("domainID", "validation.required")
        }
        if let lead = input.leadUnitID {
            if try await Unit.query(on: db).filter(\.$id == lead).filter(\.$active == true).count() == 0 { add("leadUnitID", "validation.notFound") }
        } else {
            add("leadUnitID", "validation.required")
        }
        let others = Set(input.responsibleUnitIDs)
        if let lead = input.leadUnitID, others.contains(lead) { add("responsibleUnitIDs", "task.leadAlsoResponsible") }
        if others.count > 50 { add("responsibleUnitIDs", "task.tooManyUnits", "50") }
        if !others.isEmpty, try await Unit.query(on: db).filter(\.$id ~~ others).filter(\.$active == true).count() != others.count {
            add("responsibleUnitIDs", "validation.notFound")
        }
        if let leaderID = input.leaderID {
            let isLeader = try await UserRole.query(on: db).filter(\.$user.$id == leaderID).filter(\.$role == .leader).count() > 0
            if !isLeader { add("leaderID", "task.leaderRoleRequired") }
        }
        if let groupID = input.workGroupID, try await WorkGroup.find(groupID, on: db) == nil { add("workGroupID", "validation.notFound") }

        let deadline = CivilDate(input.deadline)
        if input.deadline.isEmpty { add("deadline", "validation.required") } else if deadline == nil { add("deadline", "validation.date") }
        if input.milestones.count > TaskInput.maxMilestones { add("milestones", "task.tooManyMilestones", String(TaskInput.maxMilestones)) }
        var previous: CivilDate?
        for (index, milestone) in input.milestones.enumerated() {
            let label = String(index + 1)
            guard let due = CivilDate(milestone.due) else { add("milestones", "task.milestoneDate", label); continue }
            if milestone.title.trimmedSpaces.isEmpty { add("milestones", "task.milestoneTitle", label) }
            if milestone.title.count > 200 { add("milestones", "validation.tooLong", "200") }
            if let previous, due <= previous { add("milestones", "task.milestoneOrder", label) }
            if let deadline, due > deadline { add("milestones", "task.milestoneAfterDeadline", label) }
            previous = due
        }
        return problems
    }

    // MARK: Writing

    /// `decisionID`: the meeting decision this task follows up, linked in the same transaction.
    func create(_ input: TaskInput, planID: Int, decisionID: Int? = nil, by actor: AuditActor) async throws -> Int {
        guard try await Plan.find(planID, on: db) != nil else { throw AppError.notFound }
        let problems = try await problems(in: input, planID: planID)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        return try await db.writeTransaction { db in
            let task = ReformTask()
            task.$plan.id = planID
            task.status = .draft
            task.progress = 0
            let parent = try await input.parentID.asyncMap { try await ReformTask.find($0, on: db) } ?? nil
            try await Self.apply(input, to: task, parent: parent, on: db)
            task.depth = (parent?.depth ?? -1) + 1
            task.path = "/pending/"
            try await task.create(on: db)
            task.path = UnitPath.child(of: parent?.path, id: task.id!)
            try await task.save(on: db)
            try await Self.replaceUnitsAndMilestones(of: task, with: input, on: db)
            if let decisionID { try await MeetingService.link(decisionID: decisionID, taskID: task.id!, planID: planID, on: db) }
            try await AuditLog.record(AuditEvent(action: "task.create", entityType: "task", entityID: String(task.id!),
                                                 after: AuditLog.snapshot(input)), by: actor, on: db)
            return task.id!
        }
    }

    /// Saves a task. On a task already dispatched, units that leave get their orders withdrawn
    /// and units that join get new orders, in the same transaction.
    func update(_ id: Int, _ input: TaskInput, reason: String = "", by actor: AuditActor, now: Date = Date(), calendar: WorkCalendar) async throws {
        guard let existing = try await ReformTask.find(id, on: db) else { throw AppError.notFound }
        var fixed = input
        // The tree position is fixed once created: moving a task would move its orders' history with it.
        fixed.parentID = existing.$parent.id
        let input = fixed
        let problems = try await problems(in: input, planID: existing.$plan.id, existing: existing)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        try await db.writeTransaction { db in
            guard let task = try await ReformTask.find(id, on: db) else { throw AppError.notFound }
            let before = try await Self.snapshot(of: task, on: db)
            let parent = try await task.$parent.id.asyncMap { try await ReformTask.find($0, on: db) } ?? nil
            try await Self.apply(input, to: task, parent: parent, on: db)
            try await task.save(on: db)
            // Orders keep a copy of the test flag so statistics can skip them without a join.
            try await db.sql.raw("UPDATE work_orders SET is_test = \(bind: task.isTest) WHERE task_id = \(bind: id)").run()
            try await Self.replaceUnitsAndMilestones(of: task, with: input, on: db)
            if task.status == .dispatched {
                try await DispatchService(db: db).syncOrders(of: task, reason: reason, by: actor, now: now, calendar: calendar)
            }
            try await AuditLog.record(AuditEvent(action: "task.update", entityType: "task", entityID: String(id), reason: reason,
                                                 before: AuditLog.snapshot(before), after: AuditLog.snapshot(input)), by: actor, on: db)
        }
    }

    /// The input that would recreate the task as stored: the form's starting values and the audit "before".
    static func snapshot(of task: ReformTask, on db: any Database) async throws -> TaskInput {
        let id = try task.requireID()
        let units = try await TaskUnit.query(on: db).filter(\.$task.$id == id).filter(\.$role == .responsible).all().map(\.$unit.id)
        let milestones = try await TaskMilestone.query(on: db).filter(\.$task.$id == id).filter(\.$seq < TaskMilestone.retiredOffset)
            .sort(\.$seq).all()
        return TaskInput(code: task.code, title: task.title, measures: task.measures, source: task.source.rawValue, domainID: task.$domain.id,
                         parentID: task.$parent.id, leadUnitID: task.$leadUnit.id, responsibleUnitIDs: units.sorted(), leaderID: task.$leader.id,
                         workGroupID: task.$workGroup.id, indicatorID: task.indicatorID,
                         outputs: task.outputs.split(separator: ",").map(String.init), deadline: task.deadline,
                         milestones: milestones.map { .init(due: $0.due, title: $0.title) }, isKey: task.isKey, isPublic: task.isPublic,
                         isTest: task.isTest, weight: task.weight, rollup: task.rollup.rawValue)
    }

    private static func apply(_ input: TaskInput, to task: ReformTask, parent: ReformTask?, on db: any Database) async throws {
        task.code = input.code.trimmedSpaces
        task.title = input.title.trimmedSpaces
        task.measures = input.measures.trimmed
        task.source = TaskSource(rawValue: input.source) ?? .province
        task.$domain.id = parent?.$domain.id ?? input.domainID!
        task.$parent.id = parent?.id
        task.indicatorID = input.indicatorID
        task.$leadUnit.id = input.leadUnitID!
        task.$leader.id = input.leaderID
        task.$workGroup.id = input.workGroupID
        task.outputs = input.outputs.joined(separator: ",")
        task.deadline = CivilDate(input.deadline)!.description
        task.isKey = input.isKey
        task.isPublic = input.isPublic
        task.isTest = input.isTest
        task.weight = input.weight ?? 1
        task.rollup = RollupMethod(rawValue: input.rollup) ?? .weight
    }

    private static func replaceUnitsAndMilestones(of task: ReformTask, with input: TaskInput, on db: any Database) async throws {
        let id = try task.requireID()
        try await TaskUnit.query(on: db).filter(\.$task.$id == id).delete()
        var rows: [TaskUnit] = []
        for (unitID, role) in [(input.leadUnitID!, OrderRole.lead)] + Set(input.responsibleUnitIDs).sorted().map({ ($0, OrderRole.responsible) }) {
            let row = TaskUnit()
            row.$task.id = id
            row.$unit.id = unitID
            row.role = role
            rows.append(row)
        }
        try await rows.create(on: db)
        // Milestones are matched by position so reports that cite one keep pointing at it.
        let existing = try await TaskMilestone.query(on: db).filter(\.$task.$id == id).filter(\.$seq < TaskMilestone.retiredOffset)
            .sort(\.$seq).all()
        for (index, milestone) in input.milestones.enumerated() {
            let row = index < existing.count ? existing[index] : TaskMilestone()
            row.$task.id = id
            row.seq = index + 1
            row.due = CivilDate(milestone.due)!.description
            row.title = milestone.title.trimmedSpaces
            try await row.save(on: db)
        }
        for row in existing.dropFirst(input.milestones.count) {
            // A milestone a report cites stays; it is only cut from the schedule when nothing refers to it.
            let cited = try await ProgressReport.query(on: db).filter(\.$milestone.$id == row.id!).count()
            if cited == 0 { try await row.delete(on: db) } else { row.seq = TaskMilestone.retiredOffset + row.id!; try await row.save(on: db) }
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
