import Fluent
import Foundation
import Vapor

/// Loads the demo city (桐江市) into an empty database: the administrative tree, the city
/// departments, the leading group and task forces, and accounts for every role.
enum DemoCity {
    /// Every demo account uses this password; it passes the password policy.
    static let password = "Tongjiang#2026"

    struct Account: Sendable {
        let username: String
        let description: String
    }

    /// The accounts printed by `yingshang demo`, one per role (and a district account to show scoping).
    static let accounts: [Account] = [
        Account(username: "admin", description: "系统管理员 (admin)"),
        Account(username: "office", description: "市营商办工作人员 (office)"),
        Account(username: "leader", description: "市领导·常务副市长 (leader)"),
        Account(username: "scjg.staff", description: "市市场监管局经办人 (unit_staff)"),
        Account(username: "scjg.head", description: "市市场监管局负责人 (unit_head)"),
        Account(username: "tonghu.staff", description: "桐湖区营商办经办人，只见本区 (unit_staff)"),
        Account(username: "commissioner", description: "服务专员 (commissioner)"),
        Account(username: "supervisor", description: "特邀监督员 (supervisor)"),
    ]

    static func loadIfEmpty(on db: any Database, hasher: PasswordHasher, logger: Logger, calendar: WorkCalendar,
                            today: CivilDate = .today()) async throws -> Bool {
        guard try await Unit.query(on: db).count() == 0, try await User.query(on: db).count() == 0 else { return false }
        // One Bcrypt hash for all demo accounts: they share the password, and hashing hundreds
        // of accounts one by one would take a minute at production cost.
        let hash = try await hasher.hash(password)
        try await db.writeTransaction { db in
            try await load(on: db, passwordHash: hash)
            try await DemoPlan.load(on: db, today: today, calendar: calendar)
        }
        logger.info("Demo city loaded")
        return true
    }

    static func load(on db: any Database, passwordHash: String) async throws {
        var random = SeededGenerator(seed: 2026)  // the same city on every machine
        var usedUsernames = Set<String>()

        func unit(_ name: String, short: String? = nil, code: String, kind: UnitKind, parent: Unit?, order: Int) async throws -> Unit {
            let unit = Unit()
            unit.name = name
            unit.shortName = short ?? name
            unit.code = code
            unit.kind = kind
            unit.$parent.id = parent?.id
            unit.sortOrder = order
            unit.active = true
            try await unit.insert(at: parent?.childPlace, on: db)
            return unit
        }

        func personName() -> String {
            DemoCityData.surnames.randomElement(using: &random)! + DemoCityData.givenNames.randomElement(using: &random)!
        }

        func user(_ username: String, name: String, title: String, unit: Unit?, roles: [Role]) async throws -> User {
            var login = username
            var suffix = 2
            while usedUsernames.contains(login) { login = "\(username)\(suffix)"; suffix += 1 }
            usedUsernames.insert(login)
            let user = User()
            user.username = login
            user.displayName = name
            user.title = title
            user.$unit.id = unit?.id
            user.phone = "139" + String(format: "%08d", Int.random(in: 0..<100_000_000, using: &random))
            user.passwordHash = passwordHash
            user.active = true
            user.mustChangePassword = false
            user.failedLogins = 0
            user.locale = Lang.zh.rawValue
            try await user.create(on: db)
            try await roles.map { UserRole(userID: user.id!, role: $0) }.create(on: db)
            return user
        }

        // The administrative tree.
        let city = try await unit(DemoCityData.cityName, code: DemoCityData.cityCode, kind: .city, parent: nil, order: 0)
        var regionUnits: [String: Unit] = [:]
        for (index, region) in DemoCityData.regions.enumerated() {
            let kind: UnitKind = region.kind == "district" ? .district : (region.name.hasSuffix("市") ? .countyCity : .county)
            let regionUnit = try await unit(region.name, code: region.code, kind: kind, parent: city, order: index + 1)
            regionUnits[region.code] = regionUnit
            for (townIndex, town) in region.towns.enumerated() {
                _ = try await unit(town.name, code: town.code, kind: town.kind == "street" ? .street : .town, parent: regionUnit, order: townIndex + 1)
            }
        }
        var departments: [String: Unit] = [:]
        for (index, department) in DemoCityData.departments.enumerated() {
            departments[department.code] = try await unit(department.name, short: department.shortName, code: department.code,
                                                          kind: .department, parent: city, order: 100 + index)
        }

        // City leaders.
        var leaders: [User] = []
        for (index, leader) in DemoCityData.leaders.enumerated() {
            let username = index == 2 ? "leader" : "leader\(index + 1)"
            leaders.append(try await user(username, name: leader.name, title: leader.title, unit: city, roles: [.leader]))
        }

        // The office, the featured department, a district, and staff for every department and region.
        let office = departments[DemoCityData.officeCode]!
        _ = try await user("admin", name: "系统管理员", title: "系统管理员", unit: office, roles: [.admin])
        _ = try await user("office", name: personName(), title: "营商办综合科科长", unit: office, roles: [.office])
        for _ in 0..<4 { _ = try await user("office.staff", name: personName(), title: "营商办工作人员", unit: office, roles: [.office]) }

        let featured = DemoCityData.departments.first { $0.shortName.contains("市场监管") } ?? DemoCityData.departments[1]
        _ = try await user("scjg.staff", name: personName(), title: "经办人", unit: departments[featured.code], roles: [.unitStaff])
        _ = try await user("scjg.head", name: personName(), title: "分管副局长", unit: departments[featured.code], roles: [.unitHead])
        for department in DemoCityData.departments where department.code != featured.code && department.code != DemoCityData.officeCode {
            let slug = department.code.lowercased()
            _ = try await user("\(slug).staff", name: personName(), title: "经办人", unit: departments[department.code], roles: [.unitStaff])
            _ = try await user("\(slug).head", name: personName(), title: "分管负责人", unit: departments[department.code], roles: [.unitHead])
        }
        // The office also leads tasks of its own, so it has a unit's staff and head like any department.
        _ = try await user("yshb.staff", name: personName(), title: "经办人", unit: office, roles: [.unitStaff])
        _ = try await user("yshb.head", name: personName(), title: "营商办副主任", unit: office, roles: [.unitHead])
        for (index, region) in DemoCityData.regions.enumerated() {
            let slug = index == 0 ? "tonghu" : "r\(region.code)"
            _ = try await user("\(slug).staff", name: personName(), title: "区县营商办经办人", unit: regionUnits[region.code], roles: [.unitStaff])
            _ = try await user("\(slug).head", name: personName(), title: "区县营商办主任", unit: regionUnits[region.code], roles: [.unitHead])
        }
        let commissionerUnits = Array(regionUnits.values).sorted { $0.code < $1.code }
        for index in 0..<12 {
            let home = commissionerUnits[index % commissionerUnits.count]
            _ = try await user(index == 0 ? "commissioner" : "commissioner\(index + 1)", name: personName(), title: "服务专员",
                               unit: home, roles: [.commissioner])
        }
        _ = try await user("enterprise", name: personName(), title: "企业联系人", unit: nil, roles: [.enterprise])
        for index in 0..<3 {
            _ = try await user(index == 0 ? "supervisor" : "supervisor\(index + 1)", name: personName(), title: "特邀监督员", unit: nil, roles: [.supervisor])
        }

        // The leading group (the mayor leads; the office is its office) and the task forces,
        // each led by the leader whose title the data names, rotating among equal titles.
        func leaderID(for title: String, turn: Int) -> Int? {
            let matches = leaders.enumerated().filter { DemoCityData.leaders[$0.offset].title == title }.map(\.element)
            return matches.isEmpty ? nil : matches[turn % matches.count].id
        }
        try await makeGroup(kind: .leadingGroup, name: DemoCityData.leadingGroupName, leaderID: leaderID(for: "市长", turn: 0),
                            leadUnitID: office.id!, memberIDs: departments.values.compactMap(\.id),
                            description: "统筹全市优化营商环境工作，研究解决重大问题；办公室设在市营商办。", on: db)
        for (index, force) in DemoCityData.taskForces.enumerated() {
            guard let lead = departments[force.leadDepartmentCode] else { continue }
            try await makeGroup(kind: .taskForce, name: force.name, leaderID: leaderID(for: force.leaderTitle, turn: index),
                                leadUnitID: lead.id!, memberIDs: force.memberDepartmentCodes.compactMap { departments[$0]?.id },
                                description: "", on: db)
        }

        try await AuditLog.record(AuditEvent(action: "demo.load", entityType: "system", entityID: "",
                                             reason: "demo city \(DemoCityData.cityName)"), by: .system("demo"), on: db)
    }

    private static func makeGroup(kind: WorkGroupKind, name: String, leaderID: Int?, leadUnitID: Int, memberIDs: [Int],
                                  description: String, on db: any Database) async throws {
        let group = WorkGroup()
        group.kind = kind
        group.name = name
        group.$leader.id = leaderID
        group.$leadUnit.id = leadUnitID
        group.description = description
        group.active = true
        try await group.create(on: db)
        let unitIDs = Set(memberIDs + [leadUnitID]).sorted()
        try await unitIDs.map { WorkGroupMember(groupID: group.id!, unitID: $0) }.create(on: db)
        // The same message the task-force service sends, so the demo's inboxes are not empty.
        try await WorkGroupService.tellNewMembers(unitIDs, group: group, on: db)
    }
}
