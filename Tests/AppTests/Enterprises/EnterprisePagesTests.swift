@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Enterprise pages: the file, masking, visits, lists and statistics")
struct EnterprisePagesTests {
    struct Fixture {
        let org: TestData.Org
        let firm: Int
        let paired: Int
    }

    /// One firm in the street with a contact, a paired commissioner, an unpaired one, and the office.
    static func fixture(_ app: Application) async throws -> Fixture {
        let org = try await TestData.org(app)
        let firm = try await PairingTests.firms(app, 1, region: org.street)[0]
        try await EnterpriseContacts(db: app.db).add(.init(name: "王经理", role: "总经理", phone: "13812345678", idNumber: "11010519491231002X"),
                                                     to: firm, by: .system("test"))
        let paired = try await TestData.user(app, "paired", roles: [.commissioner], unit: org.department)
        try await TestData.user(app, "stranger", roles: [.commissioner], unit: org.otherDepartment)
        try await TestData.user(app, "office", roles: [.office], unit: org.city)
        try await TestData.user(app, "street.staff", roles: [.unitStaff], unit: org.street)
        try await TestData.user(app, "dept.staff", roles: [.unitStaff], unit: org.department)
        try await PairingService(db: app.db).assign(enterpriseID: firm, kind: .commissioner, userID: paired, reason: "", by: .system("test"))
        return Fixture(org: org, firm: firm, paired: paired)
    }

    static func reveals(_ app: Application) async throws -> [String] {
        try await app.db.sql.raw("SELECT actor_name FROM audit_log WHERE action = 'enterprise.contactsReveal' ORDER BY seq").all()
            .map { try $0.decode(column: "actor_name", as: String.self) }
    }

    @Test func numbersAreMaskedUntilSomeoneWhoServesTheFirmRevealsThemAndEachRevealIsAudited() async throws {
        try await withTestApp { app in
            let fixture = try await Self.fixture(app)
            let page = "/enterprises/\(fixture.firm)"
            for username in ["stranger", "dept.staff"] {
                var browser = Browser(app)
                try await browser.login(username)
                let body = try await browser.get(page).body.string
                #expect(body.contains("138****5678") && !body.contains("13812345678"))
                #expect(body.contains("110105********002X") && !body.contains("11010519491231002X"))
                #expect(!body.contains("/contacts/reveal"))
                #expect(try await browser.post(page + "/contacts/reveal").status == .forbidden)
            }
            #expect(try await Self.reveals(app).isEmpty)
            for username in ["paired", "street.staff", "office"] {
                var browser = Browser(app)
                try await browser.login(username)
                let masked = try await browser.get(page).body.string
                #expect(masked.contains("138****5678") && masked.contains("/contacts/reveal"))
                let revealed = try await browser.post(page + "/contacts/reveal")
                #expect(revealed.status == .ok)
                #expect(revealed.body.string.contains("13812345678") && revealed.body.string.contains("11010519491231002X"))
            }
            #expect(try await Self.reveals(app) == ["paired", "street.staff", "office"])
            // The history keeps the contact with its number masked.
            let history = try await app.db.sql.raw("SELECT after FROM enterprise_changes WHERE field = 'contacts'").all().map { try $0.decode(column: "after", as: String?.self) }
            #expect(history == ["王经理 138****5678"])
        }
    }

    @Test func aVisitIsRecordedThroughTheFormWithItsProblemsAndBadInputIsExplained() async throws {
        try await withTestApp { app in
            let fixture = try await Self.fixture(app)
            var stranger = Browser(app)
            try await stranger.login("stranger")
            #expect(try await stranger.get("/enterprises/\(fixture.firm)/visits/new").status == .forbidden)

            var browser = Browser(app)
            try await browser.login("paired")
            let form = try await browser.get("/enterprises/\(fixture.firm)/visits/new")
            #expect(form.status == .ok && form.body.string.contains("name=\"problemCategory\""))
            let today = CivilDate.today()
            let bad = try await browser.post("/enterprises/\(fixture.firm)/visits", form: [
                ("visitedOn", today.adding(days: 2).description), ("method", "carrier-pigeon"), ("notes", ""),
                ("problemCategory", "nonsense"), ("problemText", "x"),
            ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("走访日期不能晚于今天") && bad.body.string.contains("必填"))
            #expect(try await Visit.query(on: app.db).count() == 0)

            let good = try await browser.post("/enterprises/\(fixture.firm)/visits", form: [
                ("visitedOn", today.description), ("method", "on_site"), ("people", "paired、街道李四"), ("notes", "企业扩产，需要新增用地"),
                ("policies", "技改补助"), ("problemCategory", "land"), ("problemText", "扩产缺少 20 亩工业用地"),
                ("problemCategory", ""), ("problemText", ""), ("followUpOn", today.adding(days: 14).description),
            ])
            #expect(good.status == .seeOther)
            let problems = try await VisitProblem.query(on: app.db).all()
            #expect(problems.map(\.category) == [.land] && problems.first?.demandID == nil)
            #expect(try await Enterprise.find(fixture.firm, on: app.db)?.lastVisitedOn == today.description)
            let file = try await browser.get("/enterprises/\(fixture.firm)").body.string
            #expect(file.contains("扩产缺少 20 亩工业用地") && file.contains("用地"))
            let mine = try await browser.get("/my/enterprises").body.string
            #expect(mine.contains("企业扩产，需要新增用地") && mine.contains("测试企业1有限公司"))
        }
    }

    @Test func theListSearchesAndFiltersAndRefusesFiltersThatNameNothing() async throws {
        try await withTestApp { app in
            let fixture = try await Self.fixture(app)
            _ = try await PairingTests.firms(app, 5, region: fixture.org.street, from: 10)
            var browser = Browser(app)
            try await browser.login("office")
            let all = try await browser.get("/enterprises").body.string
            #expect(all.contains("测试企业1有限公司") && all.contains("测试企业14有限公司"))
            let found = try await browser.get("/enterprises?q=" + URLQuery.encode("企业12")).body.string
            #expect(found.contains("测试企业12有限公司") && !found.contains("测试企业13有限公司"))
            let bad = try await browser.get("/enterprises?industry=99&size=huge")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("国民经济行业分类"))
            let unpaired = try await browser.get("/enterprises?unpaired=1").body.string
            #expect(!unpaired.contains("测试企业1有限公司") && unpaired.contains("测试企业10有限公司"))
            let csv = try await browser.get("/enterprises/export?format=csv&q=" + URLQuery.encode("企业1"))
            #expect(csv.status == .ok)
            let lines = csv.body.string.split(whereSeparator: \.isNewline)
            #expect(lines.count == 7)   // the header, 测试企业1 and 测试企业10…14: the search is a substring
            #expect(lines.first?.contains("统一社会信用代码") == true)
            // Page by page gives the same rows as the whole, in id order (the CSV streams these pages).
            let filter = EnterpriseFilter(query: "企业1")
            var paged: [[Cell]] = [], after = 0
            while let page = try await EnterpriseExport(db: app.db, pageSize: 2).page(filter, after: after) {
                #expect(page.rows.count <= 2)
                paged += page.rows
                after = page.lastID
            }
            #expect(paged == Array(try await EnterpriseExport(db: app.db).rows(filter, lang: .zh).dropFirst()) && paged.count == 6)
            let xlsx = try await browser.get("/enterprises/export?q=" + URLQuery.encode("企业1"))
            #expect(xlsx.status == .ok && xlsx.headers.contentType?.subType.contains("spreadsheetml") == true)
        }
    }

    @Test func aPairingThatCannotBeMadeIsExplainedOnTheFirmsPageWithWhatWasTyped() async throws {
        try await withTestApp { app in
            let fixture = try await Self.fixture(app)
            var browser = Browser(app)
            try await browser.login("office")
            let page = "/enterprises/\(fixture.firm)"
            try await browser.get(page)
            let refused = try await browser.post(page + "/pairings", form: [("kind", "commissioner"), ("person", "no.such.person"), ("reason", "接替")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("账号“no.such.person”不存在") && refused.body.string.contains("value=\"接替\""))
            let made = try await browser.post(page + "/pairings", form: [("kind", "commissioner"), ("person", "stranger"), ("reason", "调整")])
            #expect(made.status == .seeOther)
            #expect(try await PairingService(db: app.db).history(of: fixture.firm).map(\.userID).count == 2)
        }
    }

    @Test func theOfficeCreatesAndEditsAFirmAndTheHistoryNamesTheChange() async throws {
        try await withTestApp { app in
            let fixture = try await Self.fixture(app)
            var browser = Browser(app)
            try await browser.login("office")
            let code = EnterpriseRegistryTests.code(777)
            let fields: [(String, String)] = [("creditCode", code.lowercased()), ("name", "桐江新材料有限公司"), ("region", String(fixture.org.street)),
                                              ("industry", "39"), ("size", "small"), ("flags", "upgradeCandidate"), ("capital", "800万元"),
                                              ("status", "active"), ("tags", "high_tech")]
            let created = try await browser.post("/enterprises", form: fields)
            #expect(created.status == .seeOther)
            guard let firm = try await Enterprise.query(on: app.db).filter(\.$creditCode == code).first(), let id = firm.id else {
                Issue.record("not created"); return
            }
            #expect(firm.upgradeCandidate && !firm.aboveScale && firm.capitalMinor == 800_000_000)
            let duplicate = try await browser.post("/enterprises", form: fields)
            #expect(duplicate.status == .unprocessableEntity && duplicate.body.string.contains("已属于库中另一家企业"))
            let edited = try await browser.post("/enterprises/\(id)", form: fields.map { $0.0 == "size" ? ("size", "medium") : $0 })
            #expect(edited.status == .seeOther)
            let page = try await browser.get("/enterprises/\(id)").body.string
            #expect(page.contains("企业规模") && page.contains("中型") && page.contains("小型"))
            var stranger = Browser(app)
            try await stranger.login("stranger")
            #expect(try await stranger.post("/enterprises/\(id)", form: fields).status == .forbidden)
        }
    }

    @Test func statisticsCountTheStockOnPastDaysFromRegistrationAndClosingDates() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let registry = EnterpriseRegistry(db: app.db)
            let regions = try await registry.regions()
            let today = CivilDate("2026-11-22")!
            // registered, closed (nil = still active)
            let lives: [(String, String?)] = [("2020-05-01", nil), ("2020-05-01", nil), ("2025-06-01", nil), ("2026-03-01", nil),
                                              ("2019-01-01", "2026-02-01"), ("2019-01-01", "2025-12-01")]
            for (index, life) in lives.enumerated() {
                var input = EnterpriseInput()
                input.creditCode = EnterpriseRegistryTests.code(index + 1)
                input.name = "统计企业\(index)"
                input.regionUnitID = org.street
                input.registeredOn = life.0
                if let closed = life.1 { input.status = "deregistered"; input.closedOn = closed }
                try await registry.save(try input.check(regions: regions, today: today).get(), source: "manual", by: .system("test"))
            }
            let report = try await EnterpriseStatistics(db: app.db).report(today: today, regionPath: nil, lang: .zh)
            let growth = report.growth
            #expect(growth.stock == 4)
            #expect(growth.stockAtYearStart == 4)    // 31 Dec 2025: three registered by then, plus the one that closed in Feb 2026
            #expect(growth.stockYearAgo == 5)        // 22 Nov 2025: both 2019 firms still open, 2025-06 registered, 2026-03 not yet
            #expect(growth.registeredThisYear == 1 && growth.closedThisYear == 1)
            #expect(growth.sinceYearStart == 0 && growth.yearOnYear == -20)
            #expect(report.byRegion.map(\.count) == [4])
            #expect(EnterpriseStatistics.Growth.percent(105, 100) == 5.0)
            var browser = Browser(app)
            try await TestData.user(app, "office", roles: [.office], unit: org.city)
            try await browser.login("office")
            let page = try await browser.get("/enterprises/statistics")
            #expect(page.status == .ok && page.body.string.contains("存续市场主体"))
            #expect(try await browser.get("/enterprises/statistics?region=abc").status == .unprocessableEntity)
        }
    }
}
