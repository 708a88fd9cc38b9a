import Fluent
import Foundation
import SQLKit

/// The demo city's yearly plan (`Resources/demo-plan.tsv`, ~300 tasks in 19 domains) loaded
/// through the real import, dispatched in February, then lived through to `today` with the real
/// services: units sign (a few late, a few return), report on their milestones, heads approve,
/// the office reviews and verifies completions. Some units fall behind, so the ledger shows every
/// light. The random choices are seeded: the same history on every machine.
enum DemoPlan {
    static let title = "桐江市打造一流营商环境实施方案（2026年）"
    static let dispatchDay = "2026-02-10"

    static func load(on db: any Database, today: CivilDate = .today(), calendar: WorkCalendar) async throws {
        let tsv = try loadTSV()
        var domains: [(Int, String)] = []
        for row in tsv where !domains.contains(where: { $0.0 == Int(row["domain_no"] ?? "") }) {
            domains.append((Int(row["domain_no"] ?? "") ?? 0, row["domain"] ?? ""))
        }
        let system = AuditActor.system("demo")
        let planID = try await PlanService(db: db).create(
            PlanInput(title: title, year: 2026, summary: "对标国家营商环境评价体系，19 个领域、近 300 项改革任务，按月调度、逐项销号。",
                      domains: domains.sorted { $0.0 < $1.0 }.map(\.1), signDays: 3, published: true), by: system)

        // Through the import, as an office would load its spreadsheet.
        let header = TaskImport.columns.map { Cell.text($0.zh) }
        let cells: [[Cell]] = [header] + tsv.map { row in
            [row["code"], row["parent_code"], row["domain"], row["title"], row["measures"], row["source"], row["lead_unit"],
             row["responsible_units"], row["leader"], row["task_force"], row["output"], row["deadline"], row["milestones"], row["key"],
             row["public"], "0", "1"].map { Cell.text($0 ?? "") }
        }
        let report = try await TaskImport(db: db).check(cells, planID: planID)
        guard report.problems.isEmpty else { throw DemoError.badPlanData(report.problems.prefix(5).map { "\($0.row) \($0.column) \($0.key) \($0.args)" }) }
        let office = try await person(role: .office, username: "office", on: db)
        _ = try await TaskImport(db: db).apply(report.valid, planID: planID, filename: "demo-plan.tsv", by: office.actor)
        // A leftover test row, as real ledgers have: it must not show in any statistic.
        _ = try await TaskService(db: db).create(
            TaskInput(code: "99-99", title: "【测试】系统联调用任务，请勿处理", measures: "测试数据", domainID: try await PlanService(db: db).domains(of: planID)[0].id,
                      leadUnitID: try await Unit.query(on: db).filter(\.$code == DemoCityData.officeCode).first()?.id, deadline: "2026-12-31", isPublic: false,
                      isTest: true), planID: planID, by: office.actor)

        let dispatchDate = CivilDate(dispatchDay)!
        let dispatchTime = instant(dispatchDate, hour: 9)
        let roots = try await ReformTask.query(on: db).filter(\.$plan.$id == planID).filter(\.$parent.$id == nil).sort(\.$path).all()
        try await Inbox.$muted.withValue(true) {
            for root in roots {
                try await DispatchService(db: db).dispatch(taskID: root.id!, by: office.actor, now: dispatchTime, calendar: calendar)
            }
        }

        var random = SeededGenerator(seed: 20_260_210)
        var people: [Int: (staff: Person, head: Person)] = [:]
        let orders = try await WorkOrder.query(on: db).join(ReformTask.self, on: \WorkOrder.$task.$id == \ReformTask.$id)
            .filter(ReformTask.self, \.$plan.$id == planID).filter(ReformTask.self, \.$isTest == false).sort(\.$id).all()
        // Units that fall behind: their orders are the overdue ones on the board.
        let unitIDs = Array(Set(orders.map(\.$unit.id))).sorted()
        let laggards = Set(unitIDs.shuffled(using: &random).prefix(4))
        for order in orders {
            let unitID = order.$unit.id
            if people[unitID] == nil {
                guard let staff = try await person(role: .unitStaff, unitID: unitID, on: db),
                      let head = try await person(role: .unitHead, unitID: unitID, on: db) else { continue }
                people[unitID] = (staff, head)
            }
            guard let (staff, head) = people[unitID], let task = try await ReformTask.find(order.$task.id, on: db) else { continue }
            try await live(order: order, task: task, staff: staff, head: head, office: office, lagging: laggards.contains(unitID),
                           today: today, calendar: calendar, random: &random, on: db)
        }
        try await followUpTask(planID: planID, office: office, today: today, calendar: calendar, on: db)
        try await superviseLaggards(planID: planID, laggards: laggards, office: office, people: people, today: today, on: db)
        try await monthlyDispatch(planID: planID, office: office, today: today, calendar: calendar, on: db)
        try await SupervisionScan(db: db).run(now: instant(today, hour: 8), calendar: calendar, dueSoonDays: 5)
    }

    /// The office's hand on the units that fall behind: cards, a sheet, a letter, an interview.
    private static func superviseLaggards(planID: Int, laggards: Set<Int>, office: Person, people: [Int: (staff: Person, head: Person)],
                                          today: CivilDate, on db: any Database) async throws {
        let overdue = try await db.sql.raw("""
            SELECT o.id, o.unit_id FROM work_orders o JOIN tasks t ON t.id = o.task_id
            WHERE t.plan_id = \(bind: planID) AND o.is_test = \(bind: false) AND o.status = 'in_progress' AND o.next_due < \(bind: today.description)
            ORDER BY o.next_due, o.id
            """).all().map { (try $0.decode(column: "id", as: Int.self), try $0.decode(column: "unit_id", as: Int.self)) }
        let lagging = overdue.filter { laggards.contains($0.1) }
        guard lagging.count >= 4 else { return }
        let service = SupervisionService(db: db)
        func issue(_ input: SupervisionInput, _ order: Int, daysAgo: Int) async throws -> Int {
            try await service.issue(input, orderID: order, principal: office.principal, actor: office.actor,
                                    now: instant(today.adding(days: -daysAgo), hour: 10))
        }
        _ = try await issue(SupervisionInput(kind: "yellow_card", content: "连续两个节点未按期完成，进度明显滞后", liftCondition: "完成滞后节点并经营商办核验"), lagging[0].0, daysAgo: 20)
        _ = try await issue(SupervisionInput(kind: "yellow_card", content: "节点超期且未说明原因", liftCondition: "补报进展并完成当前节点"), lagging[1].0, daysAgo: 12)
        let red = try await issue(SupervisionInput(kind: "red_card", content: "黄牌督办后仍无实质进展", liftCondition: "提交书面报告并完成全部滞后节点"),
                                  lagging[2].0, daysAgo: 9)
        if let unit = people[lagging[2].1] {
            try await service.saveWrittenReport("一、滞后原因：系统对接涉及省级平台接口调整。\n二、整改措施：成立专班，每周调度。\n三、完成时限：12 月 15 日前完成全部节点。",
                                                recordID: red, principal: unit.staff.principal, actor: unit.staff.actor)
            try await service.reportAction(.submit, recordID: red, comment: "", principal: unit.staff.principal, actor: unit.staff.actor)
        }
        let sheetDue = today.adding(days: 7).description
        _ = try await issue(SupervisionInput(kind: "sheet", content: "请说明节点超期原因及下一步工作安排", replyDue: sheetDue), lagging[3].0, daysAgo: 3)
        _ = try await issue(SupervisionInput(kind: "notice", content: "该任务已超期，请高度重视，压实责任，加快推进。", replyDue: sheetDue, addressee: "leader"),
                            lagging[0].0, daysAgo: 5)
        _ = try await issue(SupervisionInput(kind: "interview", content: "约谈单位分管负责人，听取滞后原因说明，明确整改时限。", meetingDate: today.adding(days: -6).description,
                                             attendees: "市营商办主任、承办单位分管负责人及经办人", followUp: "两周内报送整改情况"), lagging[0].0, daysAgo: 6)
    }

    /// October is published; November's reporting window is open.
    private static func monthlyDispatch(planID: Int, office: Person, today: CivilDate, calendar: WorkCalendar, on db: any Database) async throws {
        let service = DispatchCycleService(db: db)
        let lastMonth = CivilDate(today.monthKey + "-01")!.adding(days: -1)
        let opened = instant(CivilDate(lastMonth.monthKey + "-20")!, hour: 9)
        let previous = try await service.open(planID: planID, month: lastMonth.monthKey, deadline: lastMonth.description, note: "",
                                              by: office.actor, now: opened)
        let published = instant(calendar.adding(workingDays: 5, to: lastMonth), hour: 16)
        let clock = TaskClock(calendar: calendar, now: published, dueSoonDays: 5)
        try await service.perform(.close, cycleID: previous, by: office.actor, clock: clock)
        try await service.perform(.publish, cycleID: previous, note: "全市任务总体按计划推进，部分领域节点滞后，相关单位须对照通报抓紧整改。",
                                  by: office.actor, clock: clock)
        let end = CivilDate(today.monthKey + "-01")!.adding(days: CivilDate.daysIn(month: today.parts.month, year: today.year) - 1)
        _ = try await service.open(planID: planID, month: today.monthKey, deadline: max(end, today).description, note: "", by: office.actor,
                                   now: instant(calendar.adding(workingDays: -5, to: today), hour: 9))
    }

    /// One order's year, as far as `today`.
    private static func live(order: WorkOrder, task: ReformTask, staff: Person, head: Person, office: Person, lagging: Bool, today: CivilDate,
                             calendar: WorkCalendar, random: inout SeededGenerator, on db: any Database) async throws {
        let orderID = order.id!
        let orders = OrderService(db: db), reports = ReportService(db: db)
        var day = CivilDate(order.signDue)!
        // A few units send the order back first; the office insists after a word with them.
        if Int.random(in: 0..<100, using: &random) < 2 {
            try await quiet(instant(calendar.adding(workingDays: -1, to: day), hour: 16), today: today) {
                try await orders.perform(.giveBack, orderID: orderID, reason: "该事项主要职责不在本单位，建议调整牵头单位", principal: staff.principal,
                                         actor: staff.actor, now: instant(calendar.adding(workingDays: -1, to: day), hour: 16), calendar: calendar)
            }
            try await quiet(instant(calendar.adding(workingDays: 1, to: day), hour: 10), today: today) {
                try await orders.perform(.insist, orderID: orderID, reason: "经协调，按“三定”职责仍由贵单位承担", principal: office.principal, actor: office.actor,
                                         now: instant(calendar.adding(workingDays: 1, to: day), hour: 10), calendar: calendar)
            }
            day = CivilDate(try await WorkOrder.find(orderID, on: db)!.signDue)!
        }
        let late = Int.random(in: 0..<100, using: &random) < 7
        let signDay = late ? calendar.adding(workingDays: Int.random(in: 1...4, using: &random), to: day) : calendar.adding(workingDays: -Int.random(in: 0...2, using: &random), to: day)
        guard signDay <= today else { return }
        try await quiet(instant(signDay, hour: 10), today: today) {
            try await orders.perform(.sign, orderID: orderID, reason: "", principal: staff.principal, actor: staff.actor, now: instant(signDay, hour: 10),
                                     calendar: calendar)
        }

        let milestones = try await TaskService(db: db).milestones(of: task.id!)
        let deadline = CivilDate(task.deadline)!
        for (index, milestone) in milestones.enumerated() {
            let due = CivilDate(milestone.due)!
            // Laggards miss many milestones; others few. A missed milestone is often made up a few weeks late.
            let missed = Int.random(in: 0..<100, using: &random) < (lagging ? 35 : 3)
            if missed && (Int.random(in: 0..<100, using: &random) < 40 || lagging) { break }
            let reportDay = missed ? calendar.adding(workingDays: Int.random(in: 3...12, using: &random), to: due)
                : calendar.adding(workingDays: -Int.random(in: 1...4, using: &random), to: due)
            guard reportDay <= today else { break }
            let percent = min(100, (index + 1) * 100 / max(1, milestones.count) - (index + 1 == milestones.count ? 0 : Int.random(in: 0...8, using: &random)))
            let month = reportDay.monthKey
            let body = progressText(milestone.title, percent: percent, random: &random)
            let reportID = try await reports.saveDraft(ReportInput(month: month, body: body, percent: percent, milestoneID: milestone.id, milestoneMet: true),
                                                      orderID: orderID, reportID: nil, principal: staff.principal, actor: staff.actor)
            // The latest month is still moving through review: some wait for the head, some for the office.
            let recent = today.dayNumber - reportDay.dayNumber < 12
            try await quiet(instant(reportDay, hour: 11), today: today) {
                try await reports.perform(.submit, reportID: reportID, comment: "", principal: staff.principal, actor: staff.actor, now: instant(reportDay, hour: 11))
            }
            if recent && Int.random(in: 0..<3, using: &random) == 0 { return }
            try await quiet(instant(reportDay, hour: 15), today: today) {
                try await reports.perform(.approve, reportID: reportID, comment: "", principal: head.principal, actor: head.actor, now: instant(reportDay, hour: 15))
            }
            if recent && Int.random(in: 0..<2, using: &random) == 0 { return }
            let reviewDay = calendar.adding(workingDays: 1, to: reportDay)
            if Int.random(in: 0..<100, using: &random) < 4 {
                try await quiet(instant(reviewDay, hour: 10), today: today) {
                    try await reports.perform(.officeReturn, reportID: reportID, comment: "佐证材料不足，请补充相关文件或系统截图", principal: office.principal,
                                              actor: office.actor, now: instant(reviewDay, hour: 10))
                }
                try await quiet(instant(calendar.adding(workingDays: 2, to: reviewDay), hour: 9), today: today) {
                    try await reports.perform(.submitAsHead, reportID: reportID, comment: "", principal: head.principal, actor: head.actor,
                                              now: instant(calendar.adding(workingDays: 2, to: reviewDay), hour: 9))
                }
            }
            try await quiet(instant(calendar.adding(workingDays: 2, to: reviewDay), hour: 16), today: today) {
                try await reports.perform(.accept, reportID: reportID, comment: "", principal: office.principal, actor: office.actor,
                                          now: instant(calendar.adding(workingDays: 2, to: reviewDay), hour: 16))
            }
        }
        // Work that met every milestone and whose deadline is near or past applies for completion.
        let current = try await WorkOrder.find(orderID, on: db)!
        if current.status == .inProgress, current.milestonesMet < milestones.count, !lagging,
           CivilDate(milestones[current.milestonesMet].due)! > today, Int.random(in: 0..<100, using: &random) < 45 {
            try await reportThisMonth(current, milestones: milestones, staff: staff, head: head, today: today, calendar: calendar, random: &random, on: db)
            return
        }
        guard current.status == .inProgress, current.milestonesMet == milestones.count, !milestones.isEmpty else { return }
        let applyDay = min(today, calendar.adding(workingDays: 1, to: CivilDate(milestones.last!.due)!))
        guard applyDay <= today, deadline.dayNumber - today.dayNumber < 45 || deadline <= today else { return }
        try await quiet(instant(applyDay, hour: 10), today: today) {
            try await orders.perform(.applyCompletion, orderID: orderID, reason: "各项节点目标均已完成，相关制度文件已印发实施", principal: head.principal,
                                     actor: head.actor, now: instant(applyDay, hour: 10), calendar: calendar)
        }
        let verifyDay = calendar.adding(workingDays: 3, to: applyDay)
        // Some completions wait on the office's desk.
        guard verifyDay <= today, Int.random(in: 0..<100, using: &random) >= 8 else { return }
        try await quiet(instant(verifyDay, hour: 15), today: today) {
            try await orders.perform(.verifyCompletion, orderID: orderID, reason: "", principal: office.principal, actor: office.actor,
                                     now: instant(verifyDay, hour: 15), calendar: calendar)
        }
    }

    /// A task added after a dispatch meeting and sent out this week: most units still have to
    /// sign, one has signed, one has sent it back and waits for the office.
    private static func followUpTask(planID: Int, office: Person, today: CivilDate, calendar: WorkCalendar, on db: any Database) async throws {
        let regions = try await Unit.query(on: db).filter(\.$kind ~~ [.district, .county, .countyCity]).sort(\.$path).all()
        guard let lead = try await Unit.query(on: db).filter(\.$code == "D03").first() ?? regions.first, regions.count >= 3 else { return }
        let domain = try await PlanService(db: db).domains(of: planID).last!.id
        let deadline = calendar.adding(workingDays: 40, to: today)
        let taskID = try await TaskService(db: db).create(
            TaskInput(code: "19-90", title: "开展营商环境体验官“走流程、找堵点”专项行动",
                      measures: "组织体验官以企业身份实地办理开办、报建、纳税等高频事项，形成问题清单，逐项交办整改并跟踪销号。",
                      source: TaskSource.city.rawValue, domainID: domain, leadUnitID: lead.id, responsibleUnitIDs: regions.compactMap(\.id),
                      outputs: [TaskOutput.report.rawValue], deadline: deadline.description,
                      milestones: [.init(due: calendar.adding(workingDays: 15, to: today).description, title: "形成问题清单并交办"),
                                   .init(due: deadline.description, title: "整改销号并形成专题报告")], isKey: true),
            planID: planID, by: office.actor)
        let sent = calendar.adding(workingDays: -2, to: today)
        try await DispatchService(db: db).dispatch(taskID: taskID, by: office.actor, now: instant(sent, hour: 9), calendar: calendar)
        let orders = try await WorkOrder.query(on: db).filter(\.$task.$id == taskID).filter(\.$role == .responsible).sort(\.$id).all()
        if let signer = try await person(role: .unitStaff, unitID: orders[0].$unit.id, on: db) {
            try await OrderService(db: db).perform(.sign, orderID: orders[0].id!, reason: "", principal: signer.principal, actor: signer.actor,
                                                   now: instant(sent, hour: 15), calendar: calendar)
        }
        if let returner = try await person(role: .unitHead, unitID: orders[1].$unit.id, on: db) {
            try await OrderService(db: db).perform(.giveBack, orderID: orders[1].id!, reason: "本区已于上月开展同类行动，建议合并实施，请营商办统筹",
                                                   principal: returner.principal, actor: returner.actor, now: instant(calendar.adding(workingDays: 1, to: sent), hour: 11),
                                                   calendar: calendar)
        }
    }

    /// This month's report on work between milestones, caught at every step of its review.
    private static func reportThisMonth(_ order: WorkOrder, milestones: [MilestoneRow], staff: Person, head: Person, today: CivilDate,
                                        calendar: WorkCalendar, random: inout SeededGenerator, on db: any Database) async throws {
        let next = milestones[order.milestonesMet]
        let percent = min(95, order.progress + Int.random(in: 5...20, using: &random))
        let reportID = try await ReportService(db: db).saveDraft(
            ReportInput(month: today.monthKey, body: "围绕“\(next.title)”推进：\(progressText(next.title, percent: percent, random: &random))", percent: percent,
                        milestoneID: next.id, milestoneMet: false),
            orderID: order.id!, reportID: nil, principal: staff.principal, actor: staff.actor)
        let step = Int.random(in: 0..<3, using: &random)
        guard step > 0 else { return }
        let submitted = instant(calendar.adding(workingDays: -Int.random(in: 1...4, using: &random), to: today), hour: 10)
        try await ReportService(db: db).perform(.submit, reportID: reportID, comment: "", principal: staff.principal, actor: staff.actor, now: submitted)
        guard step > 1 else { return }
        try await ReportService(db: db).perform(.approve, reportID: reportID, comment: "", principal: head.principal, actor: head.actor,
                                                now: submitted.addingTimeInterval(4 * 3600))
    }

    /// Events of the last fortnight reach the inboxes, as they would have; older history is loaded quietly.
    private static func quiet(_ when: Date, today: CivilDate, _ body: () async throws -> Void) async throws {
        try await Inbox.$muted.withValue(when < instant(today.adding(days: -14), hour: 8)) { try await body() }
    }

    private static func progressText(_ milestone: String, percent: Int, random: inout SeededGenerator) -> String {
        let openings = ["已按计划", "本月", "经多轮协调，已", "会同相关单位"]
        let closings = ["下一步将持续跟踪运行情况，及时总结经验做法。", "相关文件和截图已作为佐证材料报送。", "存在的问题已列出清单，逐项推进整改。"]
        return "\(openings.randomElement(using: &random)!)完成“\(milestone)”，整体进度约 \(percent)%。\(closings.randomElement(using: &random)!)"
    }

    // MARK: People

    struct Person: Sendable {
        let principal: Principal
        let actor: AuditActor
    }

    private static func person(role: Role, username: String, on db: any Database) async throws -> Person {
        guard let user = try await User.query(on: db).filter(\.$username == username).first() else { throw DemoError.missingPerson(username) }
        return try await person(user, on: db)
    }

    private static func person(role: Role, unitID: Int, on db: any Database) async throws -> Person? {
        guard let user = try await User.query(on: db).join(UserRole.self, on: \UserRole.$user.$id == \User.$id)
            .filter(UserRole.self, \.$role == role).filter(\.$unit.$id == unitID).sort(\.$id).first() else { return nil }
        return try await person(user, on: db)
    }

    private static func person(_ user: User, on db: any Database) async throws -> Person {
        let principal = try await Principal.of(user, on: db)
        return Person(principal: principal, actor: AuditActor(id: user.id, name: user.displayName, address: "demo"))
    }

    /// A moment of a Beijing working day.
    static func instant(_ day: CivilDate, hour: Int) -> Date {
        day.startInChina.addingTimeInterval(TimeInterval(hour * 3600))
    }

    // MARK: Data

    enum DemoError: Error, CustomStringConvertible {
        case missingData, badPlanData([String]), missingPerson(String)
        var description: String {
            switch self {
            case .missingData: "demo-plan.tsv is missing from the app's resources"
            case .badPlanData(let problems): "demo-plan.tsv does not import cleanly: \(problems)"
            case .missingPerson(let name): "demo user \(name) is missing"
            }
        }
    }

    static func loadTSV() throws -> [[String: String]] {
        guard let url = Bundle.module.url(forResource: "demo-plan", withExtension: "tsv", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { throw DemoError.missingData }
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { throw DemoError.missingData }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}
