import Fluent
import Foundation
import SQLKit
import Vapor

/// `yingshang bench-tasks`: fills the database with a plan of 100,000 tasks and 300,000 work
/// orders (after the demo city's organisation), then times, in process, the four things the
/// task issue sets goals for: the office's filtered task list, the roll-up after one accepted
/// report, a month's bulletin, and importing a 10,000-row XLSX plan. It prints the SQL of the list
/// so the same query can be timed through the sqlite3 CLI as a baseline.
struct BenchTasksCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "tasks", help: "Tasks to generate (default 100000)") var tasks: Int?
        @Option(name: "runs", help: "Repetitions per measurement (default 200)") var runs: Int?
    }

    var help: String { "Generate a 100k-task plan and time the task list, roll-up, bulletin and a 10k-row import" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let db = app.db
        try await app.autoMigrate()
        guard try await Unit.query(on: db).count() == 0 else { throw CommandFailure(description: "bench-tasks needs an empty database") }
        let taskCount = signature.tasks ?? 100_000
        let runs = signature.runs ?? 200
        let console = context.console
        try await db.writeTransaction { db in try await DemoCity.load(on: db, passwordHash: try await app.passwordHasher.hash("Bench-password-2026")) }
        let calendar = try await app.workCalendar.current(on: db)
        let today = CivilDate.today()
        let clock = TaskClock(calendar: calendar, dueSoonDays: 5)

        var started = ContinuousClock.now
        let planID = try await BenchData.generate(tasks: taskCount, ordersPerTask: 3, today: today, on: db)
        console.print("generated \(taskCount) tasks, \(taskCount * 3) orders in \(started.duration(to: .now))")
        try await db.sql.raw("ANALYZE").run()

        // 1. The office's filtered list: one domain, red lights, first page; count and 50 rows.
        let office = try await BenchData.principal("office", on: db)
        let domain = try await PlanService(db: db).domains(of: planID)[3].id
        let filter = TaskFilter(planID: planID, domainID: domain, light: .red)
        let service = TaskService(db: db)
        var list: [Duration] = []
        var shown = 0
        for _ in 0..<runs {
            started = .now
            shown = try await service.list(for: office, filter: filter, page: Pagination(page: 1), today: clock.today, cutoff: clock.cutoff).total
            list.append(started.duration(to: .now))
        }
        console.print("task list (domain + red light, page 1 of \(shown)): \(BenchData.summary(list))")

        // 2. Roll-up after one accepted report: the order's task and its ancestors.
        let orderIDs = try await db.sql.raw("SELECT o.id, o.task_id FROM work_orders o WHERE o.status = 'in_progress' ORDER BY o.id LIMIT \(bind: runs)").all()
            .map { (try $0.decode(column: "id", as: Int.self), try $0.decode(column: "task_id", as: Int.self)) }
        var rollups: [Duration] = []
        for (orderID, taskID) in orderIDs {
            try await db.sql.raw("UPDATE work_orders SET progress = progress + 1 WHERE id = \(bind: orderID)").run()
            started = .now
            try await ProgressRollup.recompute(taskID: taskID, on: db)
            rollups.append(started.duration(to: .now))
        }
        console.print("roll-up after one report: \(BenchData.summary(rollups))")

        // 3. A month's bulletin: the snapshot the office publishes.
        let cycle = DispatchCycle()
        cycle.$plan.id = planID
        cycle.month = today.monthKey
        cycle.status = .closed
        cycle.deadline = today.description
        cycle.deadlineAt = DispatchCycleService.endOfDay(today)
        cycle.openedAt = Date()
        cycle.note = ""
        try await cycle.create(on: db)
        try await CycleReporting.freeze(cycleID: cycle.requireID(), on: db)
        var bulletins: [Duration] = []
        for _ in 0..<5 {
            started = .now
            _ = try await MonthSnapshotBuilder(db: db).build(cycle: cycle, clock: clock)
            bulletins.append(started.duration(to: .now))
        }
        console.print("month bulletin (snapshot of \(taskCount) tasks): \(BenchData.summary(bulletins))")

        // 4. Importing a 10,000-row XLSX plan: read, check every row, write.
        let xlsx = try await BenchData.importWorkbook(rows: 10_000, on: db)
        let target = try await PlanService(db: db).create(PlanInput(title: "导入基准", year: 2027, domains: TaskDefaults.domains, signDays: 3),
                                                          by: .system("bench"))
        started = .now
        let cells = try SpreadsheetFile.read(xlsx, maxRows: TaskImport.maxRows + 1)
        let read = started.duration(to: .now)
        let report = try await TaskImport(db: db).check(cells, planID: target)
        let checked = started.duration(to: .now)
        let created = try await TaskImport(db: db).apply(report.valid, planID: target, filename: "bench.xlsx", by: .system("bench"))
        let total = started.duration(to: .now)
        console.print("import 10,000-row XLSX (\(xlsx.count / 1024) KB): read \(read), checked \(checked), written \(created) rows, total \(total)")
        console.print("problems: \(report.problems.count)")

        console.print("baseline SQL for the list (run through sqlite3 with .timer on):")
        console.print(BenchData.baselineSQL(TaskService.listQueries(for: office, filter: filter, page: Pagination(page: 1), today: clock.today,
                                                                    cutoff: clock.cutoff), on: db))
    }
}

/// Data and helpers for `bench-tasks`.
enum BenchData {
    static func summary(_ samples: [Duration]) -> String {
        let sorted = samples.sorted()
        func at(_ q: Double) -> String { sorted.isEmpty ? "-" : format(sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))]) }
        return "p50 \(at(0.5)), p90 \(at(0.9)), p99 \(at(0.99)) over \(samples.count) runs"
    }

    static func format(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.2f ms", ms)
    }

    static func principal(_ username: String, on db: any Database) async throws -> Principal {
        guard let user = try await User.query(on: db).filter(\.$username == username).first() else { throw CommandFailure(description: "no \(username)") }
        return try await Principal.of(user, on: db)
    }

    /// A plan of `tasks` top-level tasks spread over the 19 domains, each with two milestones and
    /// `ordersPerTask` orders, in batched INSERTs inside one transaction, as a large first load should be.
    static func generate(tasks: Int, ordersPerTask: Int, today: CivilDate, on db: any Database) async throws -> Int {
        let planID = try await PlanService(db: db).create(PlanInput(title: "基准方案", year: today.year, domains: TaskDefaults.domains, signDays: 3),
                                                          by: .system("bench"))
        let domains = try await PlanService(db: db).domains(of: planID).map(\.id)
        let units = try await Unit.query(on: db).filter(\.$kind ~~ [.department, .district, .county, .countyCity]).all().compactMap(\.id)
        // Every task has a city leader and a task force, as in a real plan, so the cockpit has work to show.
        let leaders = try await db.sql.raw("SELECT user_id FROM user_roles WHERE role = 'leader' ORDER BY user_id").all()
            .map { try $0.decode(column: "user_id", as: Int.self) }
        let groups = try await WorkGroupService(db: db).list(kind: .taskForce).filter(\.active).map(\.id)
        guard !leaders.isEmpty, !groups.isEmpty else { throw CommandFailure(description: "the demo city has no leaders or task forces") }
        let now = Date()
        try await db.writeTransaction { db in
            var random = SeededGenerator(seed: 100_000)
            let sql = db.sql
            for start in stride(from: 0, to: tasks, by: 500) {
                let count = min(500, tasks - start)
                var insert = sql.insert(into: ReformTask.schema).columns(
                    "plan_id", "domain_id", "path", "depth", "code", "title", "measures", "source", "lead_unit_id", "leader_id", "work_group_id", "outputs",
                    "deadline", "is_key", "is_public", "is_test", "weight", "rollup", "progress", "status", "next_due", "created_at", "updated_at")
                for index in start..<(start + count) {
                    let due = today.adding(days: Int.random(in: -60...200, using: &random))
                    let done = Int.random(in: 0..<100, using: &random) < 30
                    let values: [any Encodable & Sendable] = [
                        planID, domains[index % domains.count], "/pending/", 0, String(format: "B%06d", index), "基准任务 \(index) 推进营商环境改革事项",
                        "具体举措", "province", units[index % units.count], leaders[index % leaders.count], groups[index % groups.count], "mechanism", due.adding(days: 30).description, index % 7 == 0, true,
                        false, 1, "weight", done ? 100 : Int.random(in: 0...95, using: &random), done ? "completed" : "dispatched",
                        done ? nil : due.description, now, now,
                    ]
                    insert = insert.values(values.map { SQLBind($0) })
                }
                try await insert.run()
            }
            // Paths from ids in one statement per dialect.
            let pad: SQLQueryString = db.isSQLite ? "printf('/%08d/', id)" : "'/' || lpad(id::text, 8, '0') || '/'"
            try await sql.raw("UPDATE tasks SET path = \(pad) WHERE plan_id = \(bind: planID)").run()
            let rows = try await sql.raw("SELECT id, lead_unit_id, next_due, status FROM tasks WHERE plan_id = \(bind: planID) ORDER BY id").all()
            var orders: [[any Encodable & Sendable]] = []
            var milestones: [[any Encodable & Sendable]] = []
            var taskUnits: [[any Encodable & Sendable]] = []
            for (position, row) in rows.enumerated() {
                let id = try row.decode(column: "id", as: Int.self)
                let lead = try row.decode(column: "lead_unit_id", as: Int.self)
                let nextDue = try row.decode(column: "next_due", as: String?.self)
                let done = try row.decode(column: "status", as: String.self) == "completed"
                for number in 0..<ordersPerTask {
                    let unit = number == 0 ? lead : units[(position * 7 + number * 13) % units.count]
                    if number > 0, unit == lead { continue }
                    taskUnits.append([id, unit, number == 0 ? "lead" : "responsible"])
                    orders.append([id, planID, unit, number == 0 ? "lead" : "responsible", done ? "completed" : "in_progress", today.description, now,
                                   done ? 100 : 50, 0, done ? nil : nextDue, now, false, true])
                }
                milestones.append([id, 1, today.adding(days: -30).description, "节点一"])
                milestones.append([id, 2, (nextDue ?? today.description), "节点二"])
            }
            try await db.insertAll(orders, into: WorkOrder.schema, columns: ["task_id", "plan_id", "unit_id", "role", "status", "sign_due", "signed_at", "progress",
                                                                          "milestones_met", "next_due", "dispatched_at", "is_test", "signed_on_time"])
            try await db.insertAll(taskUnits, into: TaskUnit.schema, columns: ["task_id", "unit_id", "role"])
            try await db.insertAll(milestones, into: TaskMilestone.schema, columns: ["task_id", "seq", "due", "title"])
        }
        return planID
    }

    /// A 10,000-row plan in the template's columns, with the demo city's unit names.
    static func importWorkbook(rows: Int, on db: any Database) async throws -> Data {
        let units = try await Unit.query(on: db).filter(\.$kind == .department).sort(\.$path).all().map(\.shortName)
        var table: [[Cell]] = [TaskImport.columns.map { .text($0.zh) }]
        for index in 0..<rows {
            table.append([.text(String(format: "I%05d", index)), .text(""), .text(TaskDefaults.domains[index % TaskDefaults.domains.count]),
                          .text("导入基准任务 \(index)：优化审批流程压缩办理时限"), .text("具体举措"), .text("省方案认领"), .text(units[index % units.count]),
                          .text(units[(index + 1) % units.count]), .text(""), .text(""), .text("制度机制"), .text("2027-12-31"),
                          .text("2027-06-30:完成方案；2027-12-31:全面完成"), .text("否"), .text("是"), .text("否"), .number("1")])
        }
        return try XLSXWriter.write(sheetName: "任务", rows: table)
    }

    /// The list's own two statements with their values written in, for the sqlite3 CLI.
    static func baselineSQL(_ queries: (count: SQLQueryString, page: SQLQueryString), on db: any Database) -> String {
        [queries.count, queries.page].map { query in
            // SQLite numbers its placeholders (`?1`, `?2`, …).
            let (sql, binds) = db.sql.serialize(query)
            var inlined = ""
            var characters = sql[...]
            while let character = characters.popFirst() {
                guard character == "?" else { inlined.append(character); continue }
                let digits = characters.prefix { $0.isNumber }
                characters = characters.dropFirst(digits.count)
                guard let number = Int(digits), binds.indices.contains(number - 1) else { inlined.append("?" + digits); continue }
                switch binds[number - 1] {
                case let text as String: inlined += "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
                case let flag as Bool: inlined += flag ? "1" : "0"
                case let value: inlined += "\(value)"
                }
            }
            return inlined + ";"
        }.joined(separator: "\n")
    }
}
