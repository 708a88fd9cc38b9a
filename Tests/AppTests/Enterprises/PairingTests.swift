@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@Suite("Pairing: rules, hand-over and coverage")
struct PairingTests {
    static let today = CivilDate("2026-11-22")!

    /// `count` firms in `region`; every third one above the designated size.
    static func firms(_ app: Application, _ count: Int, region: Int?, from serial: Int = 1) async throws -> [Int] {
        let registry = EnterpriseRegistry(db: app.db)
        let regions = try await registry.regions()
        var ids: [Int] = []
        for n in serial..<(serial + count) {
            var input = EnterpriseInput()
            input.creditCode = EnterpriseRegistryTests.code(n)
            input.name = "测试企业\(n)有限公司"
            input.regionUnitID = region
            input.aboveScale = n % 3 == 0
            input.registeredOn = "2020-01-01"
            guard case .created(let id) = try await registry.save(try input.check(regions: regions, today: today).get(), source: "manual", by: .system("test")) else {
                throw AppError.conflict(key: "not created")
            }
            ids.append(id)
        }
        return ids
    }

    static func currentPairings(_ app: Application) async throws -> [(enterprise: Int, user: Int, kind: String)] {
        try await app.db.sql.raw("SELECT enterprise_id, user_id, kind FROM enterprise_pairings WHERE ended_at IS NULL ORDER BY enterprise_id").all().map {
            (try $0.decode(column: "enterprise_id", as: Int.self), try $0.decode(column: "user_id", as: Int.self), try $0.decode(column: "kind", as: String.self))
        }
    }

    @Test func aRuleBalancesByLoadStopsAtTheLimitAndThePreviewIsWhatRuns() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let firms = try await Self.firms(app, 30, region: org.street)
            let a = try await TestData.user(app, "commissioner.a", roles: [.commissioner], unit: org.department)
            let b = try await TestData.user(app, "commissioner.b", roles: [.commissioner], unit: org.department)
            _ = try await TestData.user(app, "elsewhere", roles: [.commissioner], unit: org.otherDepartment)
            _ = try await TestData.user(app, "not.commissioner", roles: [.unitStaff], unit: org.department)
            // a already holds one firm of the kind: the rule evens them out.
            try await PairingService(db: app.db).assign(enterpriseID: firms[0], kind: .commissioner, userID: a, reason: "", by: .system("test"))
            try await PairingService(db: app.db).updateSettings(Dictionary(uniqueKeysWithValues: PairingKind.allCases.map { ($0, (visitDays: 30, maxLoad: 4)) }),
                                                                by: .system("test"))
            let rule = PairingRule(kind: .commissioner, firms: EnterpriseFilter(scale: .above), pool: .unit, poolUnitID: org.department)
            let rules = PairingRules(db: app.db)
            let preview = try await rules.plan(rule)
            #expect(preview.matched == 10)          // firms 3, 6, … 30
            #expect(preview.alreadyPaired == 0)     // firm 1 is not above size
            #expect(preview.assignments.count == 7) // a has room for 3 more, b for 4
            #expect(preview.leftOver == 3)
            #expect(Set(preview.people.map(\.id)) == [a, b])
            #expect(preview.people.map(\.loadAfter) == [4, 4])
            #expect(try await Self.currentPairings(app).count == 1)   // a preview writes nothing

            let applied = try await rules.apply(rule, description: "test rule", by: .system("test"))
            #expect(applied.assignments.map(\.enterprise) == preview.assignments.map(\.enterprise))
            #expect(applied.assignments.map(\.person) == preview.assignments.map(\.person))
            #expect(try await Self.currentPairings(app).count == 8)
            // Running it again finds the same firms paired and nobody with room.
            let again = try await rules.plan(rule)
            #expect(again.alreadyPaired == 7 && again.assignments.isEmpty && again.leftOver == 3)
            let audit = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'pairing.rule'").first()?.decode(column: "n", as: Int.self)
            #expect(audit == 1)
        }
    }

    @Test func eachFirmCanGoToThePeopleOfItsOwnTown() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let actor = AuditActor.system("test")
            let west = try await UnitService(db: app.db).create(UnitInput(name: "西风街道", code: "100002001", kind: "street", parentID: org.otherDistrict), by: actor)
            let eastFirms = try await Self.firms(app, 6, region: org.street)
            let westFirms = try await Self.firms(app, 4, region: west.id!, from: 100)
            let east1 = try await TestData.user(app, "liaison.east1", roles: [.commissioner], unit: org.street)
            let east2 = try await TestData.user(app, "liaison.east2", roles: [.commissioner], unit: org.street)
            let plan = try await PairingRules(db: app.db).apply(PairingRule(kind: .liaison, firms: EnterpriseFilter(), pool: .firmRegion), description: "towns", by: actor)
            #expect(plan.assignments.count == 6)
            #expect(plan.leftOver == 4)
            #expect(plan.regionsWithoutPeople.map(\.name) == ["西风街道"])
            let pairs = try await Self.currentPairings(app)
            #expect(Set(pairs.map(\.enterprise)) == Set(eastFirms))
            #expect(pairs.filter { $0.user == east1 }.count == 3 && pairs.filter { $0.user == east2 }.count == 3)
            #expect(pairs.allSatisfy { !westFirms.contains($0.enterprise) })
        }
    }

    @Test func reassigningKeepsTheHistoryAndAHandOverMovesEverything() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let actor = AuditActor.system("test")
            let firms = try await Self.firms(app, 3, region: org.street)
            let a = try await TestData.user(app, "comm.a", roles: [.commissioner], unit: org.department)
            let b = try await TestData.user(app, "comm.b", roles: [.commissioner], unit: org.department)
            let leader = try await TestData.user(app, "leader.one", roles: [.leader], unit: org.city)
            let service = PairingService(db: app.db)
            // Leader pairing needs a leader; a commissioner is refused.
            await #expect(throws: AppError.self) { _ = try await service.person("comm.a", for: .leader) }
            #expect(try await service.person("leader.one", for: .leader) == leader)
            for firm in firms { try await service.assign(enterpriseID: firm, kind: .commissioner, userID: a, reason: "", by: actor) }
            await #expect(throws: AppError.conflict(key: "pairing.alreadyPaired")) {
                try await service.assign(enterpriseID: firms[0], kind: .commissioner, userID: a, reason: "", by: actor)
            }
            try await service.assign(enterpriseID: firms[0], kind: .commissioner, userID: b, reason: "调整分工", by: actor)
            let history = try await service.history(of: firms[0])
            #expect(history.map(\.userID) == [b, a])
            #expect(history[1].endedAt != nil && history[1].endReason == "调整分工")

            #expect(try await service.handOver(from: a, to: b, reason: "调离", by: actor) == 2)
            #expect(try await Self.currentPairings(app).allSatisfy { $0.user == b })
            await #expect(throws: AppError.conflict(key: "pairing.nothingToHandOver")) { try await service.handOver(from: a, to: b, reason: "调离", by: actor) }
            // With no successor the firms are released and show as unpaired.
            #expect(try await service.handOver(from: b, to: nil, reason: "退休", by: actor) == 3)
            #expect(try await PairingCoverage(db: app.db).summary(today: Self.today).unpairedFirms == 3)
            let count = try await EnterpriseSearch(db: app.db).list(EnterpriseFilter(unpaired: true), page: Pagination(page: 1)).total
            #expect(count == 3)
        }
    }

    @Test func coverageFindsOverloadedPeopleAndOverdueVisitsButNotNewPairings() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let actor = AuditActor.system("test")
            let firms = try await Self.firms(app, 3, region: org.street)
            let a = try await TestData.user(app, "comm.a", roles: [.commissioner], unit: org.department)
            let service = PairingService(db: app.db)
            let longAgo = Self.today.adding(days: -100).startInChina
            for firm in firms { try await service.assign(enterpriseID: firm, kind: .commissioner, userID: a, reason: "", by: actor, now: longAgo) }
            let coverage = PairingCoverage(db: app.db)
            #expect(try await coverage.summary(today: Self.today).overloaded.isEmpty)
            var limits = Dictionary(uniqueKeysWithValues: PairingKind.allCases.map { ($0, (visitDays: Optional(30), maxLoad: Optional(10))) })
            limits[.commissioner] = (30, 2)
            try await service.updateSettings(limits, by: actor)
            #expect(try await coverage.summary(today: Self.today).overloaded.map(\.userID) == [a])

            #expect(try await coverage.overdue(today: Self.today, kind: .commissioner, page: Pagination(page: 1)).total == 3)
            var visit = VisitInput(visitedOn: Self.today.adding(days: -3).description, method: "phone", notes: "了解用工情况")
            visit.problems = [.init(category: "labour", description: "缺少熟练焊工")]
            try await VisitService(db: app.db).record(visit, enterpriseID: firms[0], recorderID: a, by: actor, today: Self.today)
            let overdue = try await coverage.overdue(today: Self.today, kind: nil, page: Pagination(page: 1))
            #expect(overdue.total == 2 && !overdue.rows.contains { $0.enterpriseID == firms[0] })
            // A firm paired yesterday is not overdue, even though it was never visited.
            let fresh = try await Self.firms(app, 1, region: org.street, from: 50)[0]
            let b = try await TestData.user(app, "comm.b", roles: [.commissioner], unit: org.department)
            try await service.assign(enterpriseID: fresh, kind: .commissioner, userID: b, reason: "", by: actor)
            #expect(try await coverage.overdue(today: Self.today, kind: nil, page: Pagination(page: 1)).total == 2)
            let mine = try await coverage.firms(of: a)
            #expect(mine.first?.enterpriseID != firms[0] && mine.last?.enterpriseID == firms[0])
            #expect(mine.last?.dueOn == Self.today.adding(days: 27))
        }
    }
}
