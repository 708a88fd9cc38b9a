import Fluent
import Foundation
import SQLKit

/// Importing a plan's tasks from a spreadsheet: every bad row is reported with its row, column
/// and reason; duplicates (same title and lead unit, in the file or already in the plan) are
/// flagged; nothing is written until the user confirms. The export writes the same columns, so
/// an exported ledger imports again.
struct TaskImport: Sendable {
    let db: any Database

    static let maxRows = 20_000

    static let columns: [(key: String, zh: String, en: String, required: Bool)] = [
        ("code", "编号", "Code", true),
        ("parentCode", "上级编号", "Parent code", false),
        ("domain", "领域", "Domain", true),
        ("title", "任务名称", "Task", true),
        ("measures", "具体举措", "Measures", false),
        ("source", "任务来源", "Source", false),
        ("leadUnit", "牵头单位", "Lead unit", true),
        ("responsibleUnits", "责任单位", "Responsible units", false),
        ("leader", "责任市领导", "City leader", false),
        ("workGroup", "专班", "Task force", false),
        ("outputs", "成果形式", "Outputs", false),
        ("deadline", "完成时限", "Deadline", true),
        ("milestones", "月度节点", "Milestones", false),
        ("isKey", "重点任务", "Key task", false),
        ("isPublic", "公开", "Public", false),
        ("isTest", "测试数据", "Test entry", false),
        ("weight", "权重", "Weight", false),
    ]

    /// A checked row, with every name already resolved to an id.
    struct Row: Sendable, Codable, Equatable {
        let rowNumber: Int
        let code: String
        let parentCode: String?
        let input: TaskInput
    }

    typealias Report = ImportReport<Row>

    /// Names people type for units, leaders, groups and domains, mapped to ids.
    private struct Lookup {
        var units: [String: Int] = [:]
        var leaders: [String: Int] = [:]
        var groups: [String: Int] = [:]
        var domains: [String: Int] = [:]
        var domainOfTask: [String: Int] = [:]
        var storedCodes: Set<String> = []
        var storedTitles: [String: String] = [:]
    }

    private func lookup(planID: Int) async throws -> Lookup {
        let sql = db.sql
        var lookup = Lookup()
        for row in try await sql.raw("SELECT id, code, name, short_name FROM units WHERE active = \(bind: true)").all() {
            let id = try row.decode(column: "id", as: Int.self)
            for column in ["code", "name", "short_name"] { lookup.units[try row.decode(column: column, as: String.self)] = id }
        }
        for row in try await sql.raw("""
            SELECT u.id, u.username, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'leader'
            """).all() {
            let id = try row.decode(column: "id", as: Int.self)
            lookup.leaders[try row.decode(column: "display_name", as: String.self)] = id
            lookup.leaders[try row.decode(column: "username", as: String.self)] = id
        }
        for row in try await sql.raw("SELECT id, name FROM work_groups").all() {
            lookup.groups[try row.decode(column: "name", as: String.self)] = try row.decode(column: "id", as: Int.self)
        }
        for domain in try await PlanService(db: db).domains(of: planID) {
            lookup.domains[domain.name] = domain.id
            lookup.domains[String(domain.number)] = domain.id
        }
        for row in try await sql.raw("SELECT code, title, lead_unit_id, domain_id FROM tasks WHERE plan_id = \(bind: planID)").all() {
            let code = try row.decode(column: "code", as: String.self)
            lookup.storedCodes.insert(code)
            lookup.domainOfTask[code] = try row.decode(column: "domain_id", as: Int.self)
            lookup.storedTitles[Self.duplicateKey(try row.decode(column: "title", as: String.self), try row.decode(column: "lead_unit_id", as: Int.self))] = code
        }
        return lookup
    }

    static func duplicateKey(_ title: String, _ leadUnitID: Int) -> String {
        title.filter { !$0.isWhitespace } + "|" + String(leadUnitID)
    }

    static func source(from text: String) -> TaskSource? {
        if text.isEmpty { return .province }
        return TaskSource.matching(text)
    }

    static func output(from text: String) -> TaskOutput? {
        TaskOutput.matching(text)
    }

    /// `2026-06-30:内容；2026-09-30:内容`, with either colon and any list separator but the comma.
    static func milestones(from text: String) -> [TaskInput.Milestone]? {
        var result: [TaskInput.Milestone] = []
        for part in text.split(whereSeparator: { ";；\n".contains($0) }) {
            let item = part.trimmedSpaces
            guard !item.isEmpty else { continue }
            guard let colon = item.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
            result.append(.init(due: String(item[..<colon]).trimmedSpaces,
                                title: String(item[item.index(after: colon)...]).trimmedSpaces))
        }
        return result
    }

    func check(_ cells: [[Cell]], planID: Int) async throws -> Report {
        var report = Report()
        let index: [String: Int]
        switch ImportHeader.index(cells.first, columns: Self.columns) {
        case .success(let found): index = found
        case .failure(let problem):
            report.problems.append(problem)
            return report
        }
        let lookup = try await lookup(planID: planID)
        let columnName = { (key: String) in Self.columns.first { $0.key == key }?.zh ?? key }
        var codesInFile: [String: Int] = [:]
        var titlesInFile: [String: Int] = [:]
        var deadlines: [String: CivilDate] = [:]
        // Parents may come later in the file than their children: collect every code first.
        let fileCodes = Set(cells.dropFirst().compactMap { row -> String? in
            guard let position = index["code"], position < row.count else { return nil }
            return row[position].text.trimmedSpaces.nilIfEmpty
        })

        for (offset, row) in cells.dropFirst().enumerated() {
            let rowNumber = offset + 2
            if row.allSatisfy({ $0.text.trimmedSpaces.isEmpty }) { continue }
            report.totalRows += 1
            func cell(_ key: String) -> Cell {
                guard let position = index[key], position < row.count else { return .empty }
                return row[position]
            }
            func value(_ key: String) -> String { cell(key).text.trimmed }
            var problems: [ImportProblem] = []
            func problem(_ key: String, _ column: String, _ args: String...) {
                problems.append(ImportProblem(row: rowNumber, column: columnName(column), key: key, args: args))
            }

            let code = value("code")
            if code.isEmpty { problem("validation.required", "code") }
            else if (try? TaskService.codePattern.wholeMatch(in: code)) == nil { problem("task.codeFormat", "code") }
            else if lookup.storedCodes.contains(code) { problem("import.taskCodeExists", "code", code) }
            else if let first = codesInFile[code] { problem("import.duplicateInFile", "code", String(first)) }
            let title = value("title")
            if title.isEmpty { problem("validation.required", "title") }
            if title.count > 200 { problem("validation.tooLong", "title", "200") }
            let measures = value("measures")
            if measures.count > 4000 { problem("validation.tooLong", "measures", "4000") }

            let parentCode = value("parentCode").nilIfEmpty
            if let parentCode {
                if parentCode == code { problem("task.parentCycle", "parentCode") }
                else if !fileCodes.contains(parentCode) && !lookup.storedCodes.contains(parentCode) { problem("import.unknownParentTask", "parentCode", parentCode) }
            }
            let domainID = lookup.domains[value("domain")]
            if domainID == nil { problem("import.unknownDomain", "domain", value("domain")) }
            let source = Self.source(from: value("source"))
            if source == nil { problem("validation.invalidChoice", "source") }
            let lead = lookup.units[value("leadUnit")]
            if value("leadUnit").isEmpty { problem("validation.required", "leadUnit") }
            else if lead == nil { problem("import.unknownUnit", "leadUnit", value("leadUnit")) }
            var responsible: [Int] = []
            for name in ImportHeader.list(value("responsibleUnits")) {
                if let id = lookup.units[name] { if id != lead, !responsible.contains(id) { responsible.append(id) } }
                else { problem("import.unknownUnit", "responsibleUnits", name) }
            }
            var leaderID: Int?
            if let name = value("leader").nilIfEmpty {
                leaderID = lookup.leaders[name]
                if leaderID == nil { problem("import.unknownLeader", "leader", name) }
            }
            var groupID: Int?
            if let name = value("workGroup").nilIfEmpty {
                groupID = lookup.groups[name]
                if groupID == nil { problem("import.unknownGroup", "workGroup", name) }
            }
            var outputs: [String] = []
            for name in ImportHeader.list(value("outputs")) {
                if let output = Self.output(from: name) { outputs.append(output.rawValue) } else { problem("import.unknownOutput", "outputs", name) }
            }
            let deadline = CivilDate(cell: cell("deadline"))
            if value("deadline").isEmpty { problem("validation.required", "deadline") } else if deadline == nil { problem("validation.date", "deadline") }
            let milestones = Self.milestones(from: value("milestones"))
            if milestones == nil { problem("import.milestoneFormat", "milestones") }
            var previous: CivilDate?
            for (number, milestone) in (milestones ?? []).enumerated() {
                let label = String(number + 1)
                guard let due = CivilDate(milestone.due) else { problem("task.milestoneDate", "milestones", label); continue }
                if milestone.title.isEmpty { problem("task.milestoneTitle", "milestones", label) }
                if let previous, due <= previous { problem("task.milestoneOrder", "milestones", label) }
                if let deadline, due > deadline { problem("task.milestoneAfterDeadline", "milestones", label) }
                previous = due
            }
            if (milestones ?? []).count > TaskInput.maxMilestones { problem("task.tooManyMilestones", "milestones", String(TaskInput.maxMilestones)) }
            let flags = ["isKey", "isPublic", "isTest"].map { (key: $0, value: ImportHeader.flag(value($0))) }
            for flag in flags where flag.value == nil { problem("import.yesNo", flag.key) }
            let weightText = value("weight")
            let weight = weightText.isEmpty ? 1 : Int(weightText.split(separator: ".").first.map(String.init) ?? "")
            if weight == nil || !(1...100).contains(weight ?? 0) { problem("validation.range", "weight", "1", "100") }
            if let lead, !title.isEmpty {
                let key = Self.duplicateKey(title, lead)
                if let existing = lookup.storedTitles[key] { problem("import.duplicateTask", "title", existing) }
                else if let first = titlesInFile[key] { problem("import.duplicateTaskInFile", "title", String(first)) }
                else { titlesInFile[key] = rowNumber }
            }

            if problems.isEmpty, let domainID, let lead, let deadline, let source {
                codesInFile[code] = rowNumber
                deadlines[code] = deadline
                let input = TaskInput(
                    code: code, title: title, measures: measures, source: source.rawValue, domainID: domainID, parentID: nil, leadUnitID: lead,
                    responsibleUnitIDs: responsible, leaderID: leaderID, workGroupID: groupID, indicatorID: nil, outputs: outputs,
                    deadline: deadline.description, milestones: (milestones ?? []).map { .init(due: CivilDate($0.due)!.description, title: $0.title) },
                    isKey: flags[0].value ?? false, isPublic: value("isPublic").isEmpty ? true : (flags[1].value ?? true), isTest: flags[2].value ?? false,
                    weight: weight, rollup: RollupMethod.weight.rawValue)
                report.valid.append(Row(rowNumber: rowNumber, code: code, parentCode: parentCode, input: input))
            } else {
                if !code.isEmpty, codesInFile[code] == nil { codesInFile[code] = rowNumber }
                report.problems += problems
            }
        }
        // Rows whose parent row failed cannot be placed; children take their parent's domain.
        let validCodes = Set(report.valid.map(\.code))
        var kept: [Row] = []
        for row in report.valid {
            if let parent = row.parentCode, !validCodes.contains(parent), !lookup.storedCodes.contains(parent) {
                report.problems.append(ImportProblem(row: row.rowNumber, column: columnName("parentCode"), key: "import.parentRowInvalid", args: [parent]))
            } else {
                kept.append(row)
            }
        }
        report.valid = kept
        report.problems.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        return report
    }

    /// Writes the checked rows in one transaction with batched inserts: a 10,000-row plan is
    /// one statement per few hundred rows, not tens of thousands of round trips.
    func apply(_ rows: [Row], planID: Int, filename: String, by actor: AuditActor, now: Date = Date()) async throws -> Int {
        try await db.writeTransaction { db in
            let sql = db.sql
            var known: [String: (id: Int, path: String, depth: Int, domain: Int)] = [:]
            for row in try await sql.raw("SELECT id, code, path, depth, domain_id FROM tasks WHERE plan_id = \(bind: planID)").all() {
                known[try row.decode(column: "code", as: String.self)] = (try row.decode(column: "id", as: Int.self), try row.decode(column: "path", as: String.self),
                                                                           try row.decode(column: "depth", as: Int.self), try row.decode(column: "domain_id", as: Int.self))
            }
            if rows.contains(where: { known[$0.code] != nil }) { throw AppError.conflict(key: "import.staleDraft") }
            // Parents before children: place rows level by level.
            var remaining = rows
            var created = 0
            while !remaining.isEmpty {
                let ready = remaining.filter { $0.parentCode == nil || known[$0.parentCode!] != nil }
                guard !ready.isEmpty else { throw AppError.conflict(key: "import.parentCycle") }
                let readyCodes = Set(ready.map(\.code))
                remaining.removeAll { readyCodes.contains($0.code) }
                for batch in stride(from: 0, to: ready.count, by: 400).map({ Array(ready[$0..<min($0 + 400, ready.count)]) }) {
                    try await Self.insertTasks(batch, planID: planID, known: known, now: now, on: db)
                }
                let ids = try await Self.ids(of: Array(readyCodes), planID: planID, on: db)
                for row in ready {
                    guard let id = ids[row.code] else { throw AppError.conflict(key: "import.staleDraft") }
                    let parent = row.parentCode.flatMap { known[$0] }
                    known[row.code] = (id, UnitPath.child(of: parent?.path, id: id), (parent?.depth ?? -1) + 1, parent?.domain ?? row.input.domainID!)
                }
                try await Self.setPaths(ready.map { (known[$0.code]!.id, known[$0.code]!.path) }, on: db)
                try await Self.insertUnitsAndMilestones(ready, ids: ids, on: db)
                created += ready.count
            }
            try await AuditLog.record(AuditEvent(action: "task.import", entityType: "plan", entityID: String(planID), reason: filename,
                                                 after: AuditLog.snapshot(["created": rows.map(\.code)])), by: actor, on: db)
            return created
        }
    }

    private static func insertTasks(_ rows: [Row], planID: Int, known: [String: (id: Int, path: String, depth: Int, domain: Int)], now: Date,
                                    on db: any Database) async throws {
        var insert = db.sql.insert(into: ReformTask.schema).columns(
            "plan_id", "domain_id", "parent_id", "path", "depth", "code", "title", "measures", "source", "lead_unit_id", "leader_id", "work_group_id",
            "outputs", "deadline", "is_key", "is_public", "is_test", "weight", "rollup", "progress", "status", "created_at", "updated_at")
        for row in rows {
            let input = row.input
            let parent = row.parentCode.flatMap { known[$0] }
            let values: [any Encodable & Sendable] = [
                planID, parent?.domain ?? input.domainID!, parent?.id, "/pending/", (parent?.depth ?? -1) + 1, input.code, input.title, input.measures,
                input.source, input.leadUnitID!, input.leaderID, input.workGroupID, input.outputs.joined(separator: ","), input.deadline, input.isKey,
                input.isPublic, input.isTest, input.weight ?? 1, input.rollup, 0, TaskStatus.draft.rawValue, now, now,
            ]
            insert = insert.values(values.map { SQLBind($0) })
        }
        try await insert.run()
    }

    private static func ids(of codes: [String], planID: Int, on db: any Database) async throws -> [String: Int] {
        var ids: [String: Int] = [:]
        for batch in stride(from: 0, to: codes.count, by: 500).map({ Array(codes[$0..<min($0 + 500, codes.count)]) }) {
            let rows = try await db.sql.select().columns("id", "code").from(ReformTask.schema)
                .where("plan_id", .equal, planID).where("code", .in, batch).all()
            for row in rows { ids[try row.decode(column: "code", as: String.self)] = try row.decode(column: "id", as: Int.self) }
        }
        return ids
    }

    private static func setPaths(_ paths: [(Int, String)], on db: any Database) async throws {
        // One UPDATE … CASE per batch keeps this to a handful of statements.
        for batch in stride(from: 0, to: paths.count, by: 400).map({ Array(paths[$0..<min($0 + 400, paths.count)]) }) {
            var cases: [SQLQueryString] = []
            for (id, path) in batch { cases.append("WHEN \(bind: id) THEN \(bind: path)") }
            let ids = batch.map { String($0.0) }.joined(separator: ",")
            try await db.sql.raw("UPDATE tasks SET path = CASE id \(cases.joined(separator: " ")) END WHERE id IN (\(unsafeRaw: ids))").run()
        }
    }

    private static func insertUnitsAndMilestones(_ rows: [Row], ids: [String: Int], on db: any Database) async throws {
        var units: [[any Encodable & Sendable]] = []
        var milestones: [[any Encodable & Sendable]] = []
        for row in rows {
            let id = ids[row.code]!
            units.append([id, row.input.leadUnitID!, OrderRole.lead.rawValue])
            for unit in row.input.responsibleUnitIDs { units.append([id, unit, OrderRole.responsible.rawValue]) }
            for (index, milestone) in row.input.milestones.enumerated() { milestones.append([id, index + 1, milestone.due, milestone.title]) }
        }
        for batch in stride(from: 0, to: units.count, by: 1000).map({ Array(units[$0..<min($0 + 1000, units.count)]) }) {
            var insert = db.sql.insert(into: TaskUnit.schema).columns("task_id", "unit_id", "role")
            for values in batch { insert = insert.values(values.map { SQLBind($0) }) }
            try await insert.run()
        }
        for batch in stride(from: 0, to: milestones.count, by: 1000).map({ Array(milestones[$0..<min($0 + 1000, milestones.count)]) }) {
            var insert = db.sql.insert(into: TaskMilestone.schema).columns("task_id", "seq", "due", "title")
            for values in batch { insert = insert.values(values.map { SQLBind($0) }) }
            try await insert.run()
        }
    }

    /// The downloadable template: the header and example rows, a task and its sub-task.
    static func templateRows(_ lang: Lang) -> [[Cell]] {
        [
            columns.map { .text(lang == .zh ? $0.zh : $0.en) },
            [.text("01-01"), .text(""), .text("开办企业"), .text("推行企业开办全程网上办理"), .text("整合登记、刻章、发票申领和社保登记，一网通办"),
             .text("省方案认领"), .text("市市场监管局"), .text("市税务局、市人社局"), .text(""), .text(""), .text("系统上线、服务事项"),
             .text("2026-12-31"), .text("2026-06-30:系统上线试运行；2026-09-30:全面推行"), .text("是"), .text("是"), .text("否"), .number("1")],
            [.text("01-01-1"), .text("01-01"), .text("开办企业"), .text("实现电子营业执照全场景应用"), .text(""), .text("对照细化"),
             .text("市市场监管局"), .text(""), .text(""), .text(""), .text("创新举措"), .text("2026-09-30"), .text("2026-09-30:完成"), .text("否"),
             .text("是"), .text("否"), .number("2")],
        ]
    }

    /// Ledger rows in the template's columns.
    static func exportRows(_ rows: [ExportRow], lang: Lang) -> [[Cell]] {
        var table: [[Cell]] = [columns.map { .text(lang == .zh ? $0.zh : $0.en) } + [.text(lang.t("task.progress")), .text(lang.t("common.status")),
                                                                                      .text(lang.t("task.light"))]]
        let yes = lang == .zh ? "是" : "yes", no = lang == .zh ? "否" : "no"
        for row in rows {
            table.append([
                .text(row.code), .text(row.parentCode ?? ""), .text(row.domain), .text(row.title), .text(row.measures),
                .text(lang.t("taskSource.\(row.source)")), .text(row.leadUnit), .text(row.responsibleUnits), .text(row.leader ?? ""),
                .text(row.workGroup ?? ""), .text(row.outputs.split(separator: ",").map { lang.t("taskOutput.\($0)") }.joined(separator: "、")),
                .text(row.deadline), .text(row.milestones), .text(row.isKey ? yes : no), .text(row.isPublic ? yes : no), .text(row.isTest ? yes : no),
                .number(String(row.weight)), .number(String(row.progress)), .text(lang.t("taskStatus.\(row.status)")), .text(lang.t("light.\(row.light)")),
            ])
        }
        return table
    }

    struct ExportRow: Sendable {
        let code, domain, title, measures, source, leadUnit, responsibleUnits, outputs, deadline, milestones, status, light: String
        let parentCode, leader, workGroup: String?
        let isKey, isPublic, isTest: Bool
        let weight, progress: Int
    }
}
