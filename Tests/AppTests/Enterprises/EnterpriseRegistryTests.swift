@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@Suite("Enterprise registry and name search")
struct EnterpriseRegistryTests {
    static let today = CivilDate("2026-11-22")!

    /// A valid code whose organisation part is `serial`, zero-padded.
    static func code(_ serial: Int) -> String {
        let first17 = "91100001" + String(format: "%09d", serial)
        return first17 + String(CreditCode.checkCharacter(for: Array(first17))!)
    }

    func input(_ serial: Int, name: String, region: Int? = nil) -> EnterpriseInput {
        var input = EnterpriseInput()
        input.creditCode = Self.code(serial)
        input.name = name
        input.regionUnitID = region
        return input
    }

    @Test func aFormWithManyMistakesHearsOfEachOne() {
        var input = EnterpriseInput()
        input.creditCode = "91350100M000100Y44"
        input.industryCode = "98"
        input.registeredOn = "2027-01-01"
        input.capital = "五百万"
        input.tags = ["high_tech", "高新企业"]
        input.regionUnitID = 999
        input.size = "huge"
        input.employees = -1
        guard case .failure(.validation(let problems)) = input.check(regions: [1], today: Self.today) else {
            Issue.record("accepted a bad form")
            return
        }
        #expect(problems.map(\.field) == ["creditCode", "name", "regionUnitID", "industryCode", "size", "registeredOn", "capital", "employees", "tags"])
        #expect(problems.map(\.key).contains("creditCode.check") && problems.map(\.key).contains("capital.format"))
        #expect(problems.allSatisfy { Catalog.entries[$0.key] != nil })
    }

    @Test func savingAgainRecordsOnlyWhatChangedWithWhoAndFromWhere() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let registry = EnterpriseRegistry(db: app.db)
            let regions = try await registry.regions()
            #expect(regions == [org.street])
            var form = input(1, name: "桐江星河科技有限公司", region: org.street)
            form.industryCode = "65"
            form.capital = "500万元"
            form.tags = ["high_tech"]
            let first = try form.check(regions: regions, today: Self.today).get()
            guard case .created(let id) = try await registry.save(first, source: "manual", by: .system("test")) else { Issue.record("not created"); return }
            #expect(try await registry.save(first, source: "manual", by: .system("test")) == .unchanged(id))
            form.name = "桐江星河智能科技有限公司"
            form.formerNames = ["桐江星河科技有限公司"]
            form.tags = ["high_tech", "specialised"]
            form.creditCode = " " + Self.code(1).lowercased()     // the same firm, typed loosely
            let second = try form.check(regions: regions, today: Self.today).get()
            #expect(try await registry.save(second, source: "import:2026-11.xlsx", by: .system("importer")) == .updated(id))
            let changes = try await app.db.sql.raw("""
                SELECT field, before, after, source, actor_name FROM enterprise_changes WHERE enterprise_id = \(bind: id) AND source <> 'manual' ORDER BY field
                """).all()
            #expect(try changes.map { try $0.decode(column: "field", as: String.self) } == ["former_names", "name", "tags"])
            #expect(try changes[1].decode(column: "before", as: String?.self) == "桐江星河科技有限公司")
            #expect(try changes[2].decode(column: "after", as: String?.self) == "high_tech,specialised")
            #expect(try changes.allSatisfy { try $0.decode(column: "actor_name", as: String.self) == "importer" })
            let stored = try #require(try await Enterprise.find(id, on: app.db))
            #expect(stored.capitalMinor == 500_000_000 && stored.capitalCurrency == "CNY" && stored.industryCode == "65")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["enterprise.create", "enterprise.update"]).count() == 2)
        }
    }

    /// The migration that slims SQLite's name index rebuilds it from the firms already on file, and
    /// undoing it rebuilds the full index; the search reads either (on PostgreSQL both are no-ops).
    @Test func theNameIndexIsRebuiltFromTheFirmsOnFileEitherWay() async throws {
        try await withTestApp { app in
            let registry = EnterpriseRegistry(db: app.db)
            let regions = try await registry.regions()
            for (serial, name) in [(1, "桐江星河科技"), (2, "河星科技"), (3, "星河电子")] {
                _ = try await registry.save(try input(serial, name: name).check(regions: regions, today: Self.today).get(), source: "test", by: .system("test"))
            }
            let search = EnterpriseSearch(db: app.db)
            func names(_ query: String) async throws -> [String] {
                try await search.list(EnterpriseFilter(query: query), page: Pagination(page: 1)).rows.map(\.name).sorted()
            }
            let migration = SlimEnterpriseSearchIndex()
            for step in [migration.revert, migration.prepare] {
                try await step(app.db)
                #expect(try await names("星河科") == ["桐江星河科技"])
                #expect(try await names("星河") == ["星河电子", "桐江星河科技"])
                #expect(try await names("河星") == ["河星科技"])
            }
            if app.db.isSQLite {
                let definition = try await app.db.sql.raw("SELECT sql FROM sqlite_master WHERE name = 'enterprise_search'").first()?
                    .decode(column: "sql", as: String.self)
                #expect(definition?.contains("detail=none") == true)
            }
        }
    }

    /// The search must find exactly the enterprises whose name or a former name contains the
    /// text, on SQLite (FTS5) and on PostgreSQL (GIN), each with the phrase rechecked.
    @Test func nameSearchFindsExactlyTheNamesThatContainTheText() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let registry = EnterpriseRegistry(db: app.db)
            let regions = try await registry.regions()
            var random = SeededGenerator(seed: 300_000)
            let alphabet = Array("桐江星河科技华信远航电子鑫源有限公司")
            var names: [[String]] = []
            for serial in 1...80 {
                // The first holds both pieces of "江科技" but not side by side: the phrase recheck must leave it out.
                let name = serial == 1 ? "江科星科技" : String((0..<Int.random(in: 2...10, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
                var form = input(serial, name: name, region: serial % 2 == 0 ? org.street : nil)
                if serial % 5 == 0 { form.formerNames = ["旧名" + String(alphabet.shuffled(using: &random).prefix(3))] }
                _ = try await registry.save(try form.check(regions: regions, today: Self.today).get(), source: "test", by: .system("test"))
                names.append([form.name] + form.formerNames)
            }
            let search = EnterpriseSearch(db: app.db)
            for query in ["星", "江星", "科技有限", "鑫源电子", "旧名", "公司公", "河", "远航华信科", "江科技", "江科星科技"] {
                let expected = names.filter { $0.contains { $0.contains(query) } }.count
                let found = try await search.list(EnterpriseFilter(query: query), page: Pagination(page: 1, perPage: 200))
                #expect(found.total == expected, "\(query)")
                #expect(found.rows.count == expected)
            }
            // The start of a credit code finds that enterprise; filters narrow.
            let byCode = try await search.list(EnterpriseFilter(query: String(Self.code(42).prefix(16))), page: Pagination(page: 1))
            #expect(byCode.rows.map(\.creditCode).contains(Self.code(42)))
            let street = try #require(try await Unit.find(org.district, on: app.db))
            #expect(try await search.list(EnterpriseFilter(regionPath: street.path), page: Pagination(page: 1)).total == 40)
            #expect(try await search.list(EnterpriseFilter(query: "——"), page: Pagination(page: 1)).total == 80)   // nothing to search for
        }
    }
}
