import Fluent
import Foundation
import SQLKit

/// The demo city's market entities: firms with valid credit codes, names an office would recognise,
/// industries, sizes and tags; commissioners and liaisons paired with them by the same rules the
/// office runs (`PairingRules`); and a season of visits. The registry goes in through the import's
/// batch writer, so the demo exercises the path a real registry takes.
enum DemoEnterprises {
    static let defaultCount = 20_000

    struct Loaded: Sendable {
        let firms: Int
        let commissioners: Int
        let liaisons: Int
        let visits: Int
    }

    /// The count of 规上 firms: ~15 % of a small city's register, about 3,000 in a large one.
    static func aboveScaleCount(of count: Int) -> Int { min(3_000, count * 15 / 100) }

    static func load(count: Int, on db: any Database, passwordHash: String, today: CivilDate, logger: Logger? = nil) async throws -> Loaded {
        var random = SeededGenerator(seed: 4754)   // the same register on every machine
        let towns = try await db.sql.raw("""
            SELECT u.id, u.code, u.name, u.path FROM units u WHERE u.kind IN ('town', 'street') AND u.active = \(bind: true) ORDER BY u.code
            """).all().map { (id: try $0.decode(column: "id", as: Int.self), code: try $0.decode(column: "code", as: String.self),
                              name: try $0.decode(column: "name", as: String.self)) }
        guard !towns.isEmpty, let city = try await Unit.query(on: db).filter(\.$kind == .city).first(), let cityID = city.id else {
            throw AppError.conflict(key: "demo.noCity")
        }
        let actor = AuditActor.system("demo")
        let importer = EnterpriseImport(db: db)

        // 1. The register, written a batch at a time through the import's writer.
        let above = aboveScaleCount(of: count)
        let step = max(1, count / max(1, above))
        var seen = Set<String>()
        var perTown = [Int: Int]()
        var batch: [EnterpriseImport.ValidRow] = []
        for serial in 0..<count {
            // Every step-th firm is 规上, spread over the register, until there are `above` of them.
            let firm = makeFirm(serial: serial, isAbove: above > 0 && serial % step == 0 && serial / step < above,
                                towns: towns, today: today, random: &random, seen: &seen)
            perTown[firm.values.regionUnitID ?? 0, default: 0] += 1
            batch.append(EnterpriseImport.ValidRow(row: serial + 2, values: firm.values, contact: firm.contact))
            if batch.count == importer.batchSize || serial == count - 1 {
                let rows = batch
                try await db.writeTransaction { db in _ = try await EnterpriseImport(db: db).apply(rows, source: "demo", by: actor) }
                batch.removeAll(keepingCapacity: true)
                if (serial + 1) % 50_000 == 0 { logger?.info("demo register: \(serial + 1) of \(count) firms") }
            }
        }

        // 2. The people: commissioners city-wide for the key firms, liaisons in each town and
        //    street in proportion to its firms (about one for every twelve).
        let commissioners = max(12, above * 6 / 10)
        var people: [[any Encodable & Sendable]] = []
        var names = Set<String>()
        func personName() -> String {
            var name: String
            repeat {
                name = DemoCityData.surnames.randomElement(using: &random)! + DemoCityData.givenNames.randomElement(using: &random)!
            } while names.count < 2_000 && names.contains(name)
            names.insert(name)
            return name
        }
        let existing = try await db.sql.raw("SELECT COUNT(*) AS n FROM user_roles WHERE role = 'commissioner'").first()?.decode(column: "n", as: Int.self) ?? 0
        let regionUnits = try await Unit.query(on: db).filter(\.$kind ~~ [.district, .county, .countyCity]).sort(\.$code).all()
        for index in existing..<max(existing, commissioners) {
            people.append(["commissioner\(index + 1)", personName(), "服务专员", regionUnits[index % max(1, regionUnits.count)].id ?? cityID])
        }
        var liaisons = 0
        for town in towns {
            let share = max(1, ((perTown[town.id] ?? 0) + 11) / 12)
            for index in 0..<share {
                people.append(["liaison.\(town.code).\(index + 1)", personName(), "企业联络员（\(town.name)）", town.id])
                liaisons += 1
            }
        }
        let now = Date()
        let userRows = people.map { row -> [any Encodable & Sendable] in
            row + ["139" + Int.random(in: 0..<100_000_000, using: &random).padded(to: 8), passwordHash, true, false, 0, Lang.zh.rawValue, now, now]
        }
        try await db.writeTransaction { db in
            try await db.insertAll(userRows, into: User.schema, columns: ["username", "display_name", "title", "unit_id", "phone", "password_hash", "active", "must_change_password",
                                            "failed_logins", "locale", "created_at", "updated_at"])
            try await db.sql.raw("""
                INSERT INTO user_roles (user_id, role)
                SELECT id, 'commissioner' FROM users WHERE (username LIKE 'commissioner%' OR username LIKE 'liaison.%')
                  AND id NOT IN (SELECT user_id FROM user_roles WHERE role = 'commissioner')
                """).run()
        }

        // 3. Pairing by the office's own rules: key firms to commissioners, the rest to their town's liaisons.
        let rules = PairingRules(db: db)
        for (rule, description) in [
            (PairingRule(kind: .commissioner, firms: EnterpriseFilter(scale: .aboveOrCandidate), pool: .unit, poolUnitID: cityID), "规上及小升规企业由服务专员包联"),
            (PairingRule(kind: .liaison, firms: EnterpriseFilter(scale: .other), pool: .firmRegion), "其他企业由所在镇街联络员包联"),
        ] {
            let started = ContinuousClock.now
            let plan = try await rules.apply(rule, description: description, by: actor)
            // The benchmark of rule-based assignment reads these lines (docs/BENCHMARKS.md).
            logger?.info("demo pairing: \(rule.kind.rawValue) rule assigned \(plan.assignments.count) firms in \(started.duration(to: .now))")
        }

        // 4. A season of visits: key firms about monthly, others about once a quarter, some problems raised.
        let visits = try await seasonOfVisits(on: db, today: today, random: &random)

        // 5. The demo enterprise account belongs to the first firm and signs in with its code and number.
        if let firm = try await Enterprise.query(on: db).sort(\.$id).first(), let code = CreditCode(firm.creditCode),
           let user = try await User.query(on: db).join(UserRole.self, on: \User.$id == \UserRole.$user.$id)
            .filter(UserRole.self, \.$role == .enterprise).filter(\.$enterpriseID == nil).first() {
            user.enterpriseID = firm.id
            user.phone = "13900000001"
            user.username = EnterpriseAccounts.username(code: code, phone: "13900000001")
            try await user.save(on: db)
        }
        try await AuditLog.record(AuditEvent(action: "demo.enterprises", entityType: "system", entityID: "",
                                             reason: "\(count) firms, \(commissioners) commissioners, \(liaisons) liaisons, \(visits) visits"), by: actor, on: db)
        return Loaded(firms: count, commissioners: commissioners, liaisons: liaisons, visits: visits)
    }

    /// The demo enterprise account's sign-in, for `yingshang demo` to print.
    static func enterpriseSignIn(on db: any Database) async throws -> (code: String, phone: String)? {
        guard let row = try await db.sql.raw("""
            SELECT e.credit_code, u.phone FROM users u JOIN enterprises e ON e.id = u.enterprise_id ORDER BY u.id LIMIT 1
            """).first() else { return nil }
        return (try row.decode(column: "credit_code", as: String.self), try row.decode(column: "phone", as: String?.self) ?? "")
    }

    // MARK: The register

    private static let brands = Array("恒信华泰永盛宏远天成瑞丰金鼎嘉禾博通聚源新锐康达润泽鑫隆汇丰中联正邦远航卓越东升晨光凯旋海纳同创")
    private static let divisions: [(code: String, words: [String], weight: Int)] = [
        ("13", ["食品", "粮油"], 3), ("17", ["纺织", "织造"], 4), ("18", ["服饰", "制衣"], 4), ("26", ["化工", "新材料"], 3),
        ("29", ["塑胶", "橡塑"], 3), ("33", ["五金", "金属制品"], 5), ("34", ["机械", "设备制造"], 5), ("38", ["电气", "电器"], 4),
        ("39", ["电子", "智能科技"], 4), ("47", ["建设工程", "建筑"], 4), ("51", ["贸易", "商贸"], 14), ("52", ["商行", "超市"], 16),
        ("54", ["物流", "运输"], 4), ("61", ["酒店", "宾馆"], 2), ("62", ["餐饮", "小吃"], 9), ("64", ["网络科技", "信息技术"], 4),
        ("65", ["软件", "数据科技"], 3), ("70", ["置业", "物业管理"], 2), ("72", ["商务咨询", "企业管理"], 5), ("75", ["科技服务", "技术开发"], 3),
        ("80", ["家政服务", "美容美发"], 5),
    ]
    private static let totalWeight = divisions.reduce(0) { $0 + $1.weight }

    private static func makeFirm(serial: Int, isAbove: Bool, towns: [(id: Int, code: String, name: String)], today: CivilDate,
                                 random: inout SeededGenerator, seen: inout Set<String>) -> (values: EnterpriseValues, contact: EnterpriseContacts.Input?) {
        let town = towns[Int.random(in: 0..<towns.count, using: &random)]
        var pick = Int.random(in: 0..<totalWeight, using: &random)
        var division = divisions[0]
        for candidate in divisions {
            if pick < candidate.weight { division = candidate; break }
            pick -= candidate.weight
        }
        let individual = !isAbove && ["52", "62", "80"].contains(division.code) && Int.random(in: 0..<10, using: &random) < 6
        let size: EnterpriseSize = isAbove ? (Int.random(in: 0..<10, using: &random) < 3 ? .large : .medium)
            : individual ? .micro : (Int.random(in: 0..<10, using: &random) < 7 ? .micro : .small)
        // Positions 1–2: 92 for an individual business, 91 for a company; 3–8 the town's district.
        let prefix = (individual ? "92" : "91") + String(town.code.prefix(6))
        var code: CreditCode
        repeat {
            var first17 = Array(prefix)
            for _ in 0..<9 { first17.append(CreditCode.alphabet[Int.random(in: 0..<CreditCode.alphabet.count, using: &random)]) }
            code = CreditCode(String(first17) + String(CreditCode.checkCharacter(for: first17)!))!
        } while !seen.insert(code.value).inserted
        let brand = String(brands[Int.random(in: 0..<brands.count, using: &random)]) + String(brands[Int.random(in: 0..<brands.count, using: &random)])
        let word = division.words[Int.random(in: 0..<division.words.count, using: &random)]
        let place = String(town.name.prefix(2))
        let name = individual ? "\(place)\(brand)\(word)店" : "桐江\(brand)\(word)\(isAbove && size == .large ? "股份" : "")有限公司"
        var tags: [EnterpriseTag] = [individual ? .individual : .privatelyOwned]
        if isAbove || Int.random(in: 0..<100, using: &random) < 3, ["26", "34", "38", "39", "64", "65", "75"].contains(division.code) {
            tags.append(.highTech)
            if Int.random(in: 0..<4, using: &random) == 0 { tags.append(.specialised) }
        }
        if !individual && Int.random(in: 0..<100, using: &random) < 2 { tags = [.foreign] }
        let age = Int.random(in: 30..<(25 * 365), using: &random)
        let registered = today.adding(days: -age)
        let closed = !isAbove && Int.random(in: 0..<100, using: &random) < 4
        let capitalWan = isAbove ? Int.random(in: 1_000..<50_000, using: &random) : individual ? Int.random(in: 1..<50, using: &random) : Int.random(in: 10..<2_000, using: &random)
        let employees = isAbove ? Int.random(in: 80..<2_000, using: &random) : individual ? Int.random(in: 1..<6, using: &random) : Int.random(in: 2..<80, using: &random)
        let surname = DemoCityData.surnames.randomElement(using: &random)!
        let values = EnterpriseValues(
            creditCode: code, name: name, formerNames: serial % 97 == 0 ? ["\(place)\(brand)\(word)经营部"] : [],
            legalRepresentative: surname + DemoCityData.givenNames.randomElement(using: &random)!, regionUnitID: town.id,
            address: "桐江市\(town.name)\(brand)路\(Int.random(in: 1..<999, using: &random))号", industryCode: division.code, size: size,
            aboveScale: isAbove, upgradeCandidate: !isAbove && size == .small && Int.random(in: 0..<100, using: &random) < 12,
            registeredOn: registered, capital: RegisteredCapital(minorUnits: Int64(capitalWan) * 1_000_000, currency: "CNY"), employees: employees,
            tags: tags.sorted { $0.rawValue < $1.rawValue }, status: closed ? (Int.random(in: 0..<4, using: &random) == 0 ? .movedOut : .deregistered) : .active,
            closedOn: closed ? registered.adding(days: Int.random(in: 1...max(1, age - 1), using: &random)) : nil)
        let contact = EnterpriseContacts.Input(name: surname + "经理", role: individual ? "经营者" : "办公室主任",
                                               phone: "13" + Int.random(in: 0..<1_000_000_000, using: &random).padded(to: 9))
        return (values, contact)
    }

    // MARK: Visits

    private static func seasonOfVisits(on db: any Database, today: CivilDate, random: inout SeededGenerator) async throws -> Int {
        let pairings = try await db.sql.raw("""
            SELECT p.enterprise_id, p.user_id, p.kind, u.display_name FROM enterprise_pairings p JOIN users u ON u.id = p.user_id
            WHERE p.ended_at IS NULL ORDER BY p.id
            """).all().map { (firm: try $0.decode(column: "enterprise_id", as: Int.self), user: try $0.decode(column: "user_id", as: Int.self),
                              kind: try $0.decode(column: "kind", as: String.self), name: try $0.decode(column: "display_name", as: String.self)) }
        let methods: [VisitMethod] = [.onSite, .onSite, .onSite, .phone, .wechat, .sms]
        let notes = ["了解企业生产经营情况，企业运行平稳", "宣讲稳岗返还和研发费用加计扣除政策", "走访了解用工需求，企业计划扩招一线工人",
                     "了解企业融资需求，已对接合作银行", "企业反映订单回暖，产能利用率提升", "回访上次反映问题的办理情况，企业表示满意"]
        let problems: [(VisitProblemCategory, String)] = [(.financing, "流动资金紧张，希望对接低息贷款"), (.labour, "一线技术工人招聘难"),
                                                          (.land, "现有厂房不足，希望协调用地"), (.approval, "消防验收办理时间较长"),
                                                          (.policy, "希望了解专精特新申报条件")]
        var visits: [[any Encodable & Sendable]] = []
        var lastVisit: [Int: CivilDate] = [:]
        var raised: [(Int, Int, VisitProblemCategory, String)] = []   // visit index, firm, problem
        for pairing in pairings {
            let key = pairing.kind == PairingKind.commissioner.rawValue
            // Key firms: two or three visits this season; others: most once, some not yet (they show as overdue).
            let count = key ? Int.random(in: 1...3, using: &random) : (Int.random(in: 0..<10, using: &random) < 6 ? 1 : 0)
            for _ in 0..<count {
                let day = today.adding(days: -Int.random(in: 1..<(key ? 75 : 110), using: &random))
                let method = methods.randomElement(using: &random)!
                visits.append([pairing.firm, day.description, method.rawValue, pairing.name, notes.randomElement(using: &random)!, "",
                               nil as String?, pairing.user, pairing.name, Date()])
                if Int.random(in: 0..<10, using: &random) == 0, let problem = problems.randomElement(using: &random) {
                    raised.append((visits.count - 1, pairing.firm, problem.0, problem.1))
                }
                if lastVisit[pairing.firm].map({ $0 < day }) ?? true { lastVisit[pairing.firm] = day }
            }
        }
        let (visitRows, problemRows, lastVisits) = (visits, raised, lastVisit)
        try await db.writeTransaction { db in
            let first = (try await db.sql.raw("SELECT MAX(id) AS n FROM enterprise_visits").first()?.decode(column: "n", as: Int?.self) ?? nil) ?? 0
            try await db.insertAll(visitRows, into: "enterprise_visits", columns: ["enterprise_id", "visited_on", "method", "people", "notes", "policies",
                                                                               "follow_up_on", "recorded_by", "recorder_name", "created_at"])
            // Ids follow insertion order in one transaction on both databases.
            try await db.insertAll(problemRows.map { index, firm, category, text -> [any Encodable & Sendable] in
                [first + index + 1, firm, category.rawValue, text, Date()]
            }, into: "visit_problems", columns: ["visit_id", "enterprise_id", "category", "description", "created_at"])
            let byDay = Dictionary(grouping: lastVisits, by: \.value).mapValues { $0.map(\.key) }
            for (day, firms) in byDay {
                for start in stride(from: 0, to: firms.count, by: 5_000) {
                    try await db.sql.raw("""
                        UPDATE enterprises SET last_visited_on = \(bind: day.description)
                        WHERE id IN (\(binds: Array(firms[start..<min(start + 5_000, firms.count)])))
                        """).run()
                }
            }
        }
        return visits.count
    }
}
