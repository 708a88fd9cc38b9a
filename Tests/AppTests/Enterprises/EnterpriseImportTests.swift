@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@Suite("Importing the enterprise registry")
struct EnterpriseImportTests {
    static let header = ["统一社会信用代码", "企业名称", "曾用名", "所属镇街", "行业", "企业规模", "规上企业", "注册资本", "标签"]

    func cells(_ rows: [[String]]) -> [[Cell]] { ([Self.header] + rows).map { $0.map { $0.isEmpty ? .empty : .text($0) } } }

    @Test func importsNewFirmsInBatchesAndAReimportChangesOnlyWhatChanged() async throws {
        try await withTestApp { app in
            _ = try await TestData.org(app)
            let importer = EnterpriseImport(db: app.db)
            let today = CivilDate("2026-11-22")!
            var rows = (1...25).map { serial in
                [EnterpriseRegistryTests.code(serial), "桐江第\(serial)科技有限公司", serial == 3 ? "桐江老三商行" : "", "东风街道", "65",
                 serial % 2 == 0 ? "小型" : "微型", serial <= 5 ? "是" : "否", "100万元", serial <= 5 ? "高新技术企业" : ""]
            }
            var checked = try await importer.check(cells(rows), today: today)
            #expect(checked.problems.isEmpty && checked.valid.count == 25)
            var outcome = EnterpriseImport.Outcome()
            for start in stride(from: 0, to: 25, by: 10) {
                outcome = outcome + (try await importer.apply(checked.valid[start..<min(start + 10, 25)], source: "import:a.xlsx", by: .system("import")))
            }
            #expect(outcome == .init(created: 25, updated: 0, unchanged: 0))
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM enterprise_tags").first()?.decode(column: "n", as: Int.self) == 5)
            let found = try await EnterpriseSearch(db: app.db).list(EnterpriseFilter(query: "老三"), page: Pagination(page: 1))
            #expect(found.rows.map(\.name) == ["桐江第3科技有限公司"])   // found by its former name
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "enterprise.import").count() == 3)

            // The same file again with one firm renamed and one new: one update, one creation.
            rows[6][1] = "桐江第7智能科技有限公司"
            rows.append([EnterpriseRegistryTests.code(26), "桐江第26商行", "", "", "", "", "", "", ""])
            checked = try await importer.check(cells(rows), today: today)
            outcome = try await importer.apply(checked.valid[...], source: "import:b.xlsx", by: .system("import"))
            #expect(outcome == .init(created: 1, updated: 1, unchanged: 24))
            let history = try await app.db.sql.raw("""
                SELECT c.field, c.before, c.after FROM enterprise_changes c JOIN enterprises e ON e.id = c.enterprise_id
                WHERE e.credit_code = \(bind: EnterpriseRegistryTests.code(7)) ORDER BY c.id
                """).all().map { try "\($0.decode(column: "field", as: String.self)):\($0.decode(column: "after", as: String?.self) ?? "")" }
            #expect(history == ["created:桐江第7科技有限公司", "name:桐江第7智能科技有限公司"])
        }
    }

    @Test func aBadRowIsReportedAndAFileThatRepeatsACodeSaysWhere() async throws {
        try await withTestApp { app in
            _ = try await TestData.org(app)
            let checked = try await EnterpriseImport(db: app.db).check(cells([
                [EnterpriseRegistryTests.code(1), "甲公司", "", "东风街道", "", "", "", "", ""],
                ["91350100M000100Y44", "乙公司", "", "", "99", "", "", "五百万", "高新企业"],
                [EnterpriseRegistryTests.code(1), "丙公司", "", "", "", "", "", "", ""],
            ]), today: CivilDate("2026-11-22")!)
            #expect(checked.valid.map(\.row) == [2])
            #expect(checked.problems.map { "\($0.row) \($0.column) \($0.key)" } == [
                "3 标签 enterprise.tagUnknown", "3 注册资本 capital.format", "3 统一社会信用代码 creditCode.check", "3 行业 enterprise.industryUnknown",
                "4 统一社会信用代码 import.duplicateInFile",
            ])
        }
    }
}
