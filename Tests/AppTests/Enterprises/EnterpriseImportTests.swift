@testable import App
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor

@Suite("Importing the enterprise registry")
struct EnterpriseImportTests {
    static let header = ["统一社会信用代码", "企业名称", "曾用名", "所属镇街", "行业", "企业规模", "规上企业", "注册资本", "标签"]

    static func csv(_ rows: [[String]], header: [String] = header) -> Data {
        Data(([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\r\n").utf8)
    }

    static func rows(_ rows: [[String]], header: [String] = header) throws -> SpreadsheetRows {
        try SpreadsheetRows(csv(rows, header: header), filename: "registry.csv")
    }

    static func firms(_ serials: ClosedRange<Int>) -> [[String]] {
        serials.map { serial in
            [EnterpriseRegistryTests.code(serial), "桐江第\(serial)科技有限公司", serial == 3 ? "桐江老三商行" : "", "东风街道", "65",
             serial % 2 == 0 ? "小型" : "微型", serial <= 5 ? "是" : "否", "100万元", serial <= 5 ? "高新技术企业" : ""]
        }
    }

    static func count(_ table: String, _ app: Application) async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test func importsNewFirmsInBatchesAndAReimportChangesOnlyWhatChanged() async throws {
        try await withTestApp { app in
            _ = try await TestData.org(app)
            let importer = EnterpriseImport(db: app.db, batchSize: 10)
            let today = CivilDate("2026-11-22")!
            var rows = Self.firms(1...25)
            let (checked, kept) = try await importer.check(try Self.rows(rows), today: today)
            #expect(checked.problems.isEmpty && checked.validRows == 25 && checked.totalRows == 25)
            #expect(kept.map(\.count) == [10, 10, 5])
            // The first write takes the rows the check kept; the second reads the file again.
            let batches = Batches()
            var outcome = try await importer.write(checked: kept, source: "import:a.csv", by: .system("import")) { _, done, rowsDone, _ in
                batches.append(done, rowsDone)
            }
            #expect(outcome == .init(created: 25, updated: 0, unchanged: 0))
            #expect(batches.all == [[1, 10], [2, 20], [3, 25]])
            #expect(try await Self.count("enterprise_tags", app) == 5)
            let found = try await EnterpriseSearch(db: app.db).list(EnterpriseFilter(query: "老三"), page: Pagination(page: 1))
            #expect(found.rows.map(\.name) == ["桐江第3科技有限公司"])   // found by its former name
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "enterprise.import").count() == 3)
            // Every firm has its own service code.
            #expect(try await app.db.sql.raw("SELECT COUNT(DISTINCT service_code) AS n FROM enterprises").first()?.decode(column: "n", as: Int.self) == 25)

            // The same file again with one firm renamed and one new: one update, one creation.
            rows[6][1] = "桐江第7智能科技有限公司"
            rows.append([EnterpriseRegistryTests.code(26), "桐江第26商行", "", "", "", "", "", "", ""])
            outcome = try await importer.write(try Self.rows(rows), today: today, source: "import:b.csv", by: .system("import")) { _, _, _, _ in }
            #expect(outcome == .init(created: 1, updated: 1, unchanged: 24))
            let history = try await app.db.sql.raw("""
                SELECT c.field, c.before, c.after FROM enterprise_changes c JOIN enterprises e ON e.id = c.enterprise_id
                WHERE e.credit_code = \(bind: EnterpriseRegistryTests.code(7)) ORDER BY c.id
                """).all().map { try "\($0.decode(column: "field", as: String.self)):\($0.decode(column: "after", as: String?.self) ?? "")" }
            #expect(history == ["created:桐江第7科技有限公司", "name:桐江第7智能科技有限公司"])
        }
    }

    /// Each batch is checked while the next is read: rows keep their numbers and order, and a
    /// code repeated batches later still points at its first row.
    @Test func batchesReadAheadKeepTheFileOrder() async throws {
        try await withTestApp { app in
            _ = try await TestData.org(app)
            var rows = Self.firms(1...7)
            rows.insert(["", "", "", "", "", "", "", "", ""], at: 2)   // a blank row between batches
            rows.append(rows[0])                                        // row 10 repeats row 2's code
            let (checked, kept) = try await EnterpriseImport(db: app.db, batchSize: 2).check(try Self.rows(rows), today: CivilDate("2026-11-22")!)
            #expect(kept.map { $0.map(\.row) } == [[2, 3], [5, 6], [7, 8], [9]])
            #expect(checked.totalRows == 8 && checked.validRows == 7 && checked.batchCount == 4)
            #expect(checked.problems.map { "\($0.row) \($0.key) \($0.args)" } == ["10 import.duplicateInFile [\"2\"]"])
        }
    }

    @Test func aBadRowIsReportedAndAFileThatRepeatsACodeSaysWhere() async throws {
        try await withTestApp { app in
            _ = try await TestData.org(app)
            let (checked, kept) = try await EnterpriseImport(db: app.db).check(try Self.rows([
                [EnterpriseRegistryTests.code(1), "甲公司", "", "东风街道", "", "", "", "", ""],
                ["91350100M000100Y44", "乙公司", "", "", "99", "", "", "五百万", "高新企业"],
                [EnterpriseRegistryTests.code(1), "丙公司", "", "", "", "", "", "", ""],
                ["", "", "", "", "", "", "", "", ""],
                [EnterpriseRegistryTests.code(2), "丁公司", "", "西湖镇", "", "", "也许", "", ""],
            ]), today: CivilDate("2026-11-22")!)
            #expect(checked.validRows == 1 && checked.totalRows == 4 && checked.problemRowCount == 3)
            #expect(kept.flatMap { $0 }.map(\.row) == [2])   // only the valid row is kept for writing
            #expect(checked.problems.map { "\($0.row) \($0.column) \($0.key)" } == [
                "3 标签 enterprise.tagUnknown", "3 注册资本 capital.format", "3 统一社会信用代码 creditCode.check", "3 行业 enterprise.industryUnknown",
                "4 统一社会信用代码 import.duplicateInFile",
                "6 所属镇街 enterprise.regionUnknown", "6 规上企业 import.yesNo",
            ])
            // A file without the required columns says which are missing, at its first row.
            let (headerless, _) = try await EnterpriseImport(db: app.db).check(try Self.rows([["甲公司"]], header: ["企业名称"]), today: CivilDate("2026-11-22")!)
            #expect(headerless.problems.map(\.key) == ["import.missingColumns"] && headerless.validRows == 0)
        }
    }

    /// A batch is written whole or not at all; a stopped import resumes after its last whole batch.
    @Test func aStoppedImportResumesAfterItsLastWholeBatch() async throws {
        try await withTestApp { app in
            _ = try await TestData.org(app)
            let importer = EnterpriseImport(db: app.db, batchSize: 10)
            let today = CivilDate("2026-11-22")!
            struct Stop: Error {}
            // Stopped while writing what the check kept, resumed from the file: both count batches alike.
            let (_, kept) = try await importer.check(try Self.rows(Self.firms(1...25)), today: today)
            await #expect(throws: Stop.self) {
                _ = try await importer.write(checked: kept, source: "import:a.csv", by: .system("import")) { _, done, _, _ in
                    if done == 2 { throw Stop() }
                }
            }
            // The first batch stands; the second, stopped inside its transaction, left nothing.
            #expect(try await Self.count("enterprises", app) == 10)
            #expect(try await Self.count("enterprise_changes", app) == 10)
            let outcome = try await importer.write(try Self.rows(Self.firms(1...25)), today: today, source: "import:a.csv", by: .system("import"), from: 1) { _, _, _, _ in }
            #expect(outcome == .init(created: 15, updated: 0, unchanged: 0))
            #expect(try await Self.count("enterprises", app) == 25)
        }
    }

    /// A batch with no valid rows is neither written nor counted, so a resumed write skips the
    /// same batches the first run wrote and writes the rest whole.
    @Test func aResumedWriteCountsOnlyBatchesWithValidRows() async throws {
        try await withTestApp { app in
            _ = try await TestData.org(app)
            let importer = EnterpriseImport(db: app.db, batchSize: 10)
            var rows = Self.firms(1...35)
            for index in 10..<20 { rows[index][0] = "91330000MA2XXXXXX0" }   // the second batch: no valid code
            let counted = NIOLockedValueBox<[Int]>([])
            let outcome = try await importer.write(try Self.rows(rows), today: CivilDate("2026-11-22")!, source: "import:a.csv",
                                                   by: .system("import"), from: 1) { _, done, _, _ in counted.withLockedValue { $0.append(done) } }
            // Batches 2 and 3 are the file's third and fourth; the first was the earlier run's.
            #expect(counted.withLockedValue { $0 } == [2, 3])
            #expect(outcome == .init(created: 15, updated: 0, unchanged: 0))
            let names = try await app.db.sql.raw("SELECT name FROM enterprises ORDER BY id").all().map { try $0.decode(column: "name", as: String.self) }
            #expect(names == (21...35).map { "桐江第\($0)科技有限公司" })
        }
    }

    /// The whole run as the web page and the command line see it: stored file, record, check,
    /// the office's decision to import the valid rows, progress, contacts.
    @Test func theRunnerRecordsProblemsWaitsForTheOfficeAndWritesTheValidRows() async throws {
        try await withTestApp { app in
            _ = try await TestData.org(app)
            let header = Self.header + ["联系人", "联系电话"]
            var rows = Self.firms(1...12).map { $0 + ["王经理", "13812345678"] }
            rows[4][10] = "12345"   // row 6: not a phone number
            let runner = EnterpriseImportRunner(db: app.db, store: app.enterpriseImportStore)
            let record = try await runner.start(Self.csv(rows, header: header), filename: "registry.csv", importValid: false, userID: nil,
                                                by: .system("import"), enqueue: true, batchSize: 3)
            let id = try record.requireID()
            // The job queue runs it, as for a web upload.
            #expect(try await app.jobs.runOnce(on: app.db, logger: app.logger))
            var stored = try #require(try await EnterpriseImportRecord.find(id, on: app.db))
            #expect(stored.status == .invalid && stored.totalRows == 12 && stored.validRows == 11 && stored.problemRows == 1)
            #expect(try await Self.count("enterprises", app) == 0)
            let problems = try await runner.problems(of: id, limit: 10, offset: 0)
            #expect(problems.total == 1 && problems.rows.first.map { "\($0.row) \($0.column) \($0.key)" } == "6 联系电话 contact.phoneInvalid")
            await #expect(throws: AppError.conflict(key: "enterpriseImport.notResumable")) {
                try await runner.resume(id, importValid: false, by: .system("office"))
            }

            try await runner.resume(id, importValid: true, by: .system("office"))
            #expect(try await app.jobs.runOnce(on: app.db, logger: app.logger))
            stored = try #require(try await EnterpriseImportRecord.find(id, on: app.db))
            #expect(stored.status == .done && stored.rowsDone == 11 && stored.createdCount == 11 && stored.percent == 100)
            // Written in the batch size the import was started with: 11 valid rows in batches of 3.
            #expect(stored.batchSize == 3 && stored.batchCount == 4 && stored.batchesDone == 4)
            #expect(try await Self.count("enterprise_contacts", app) == 11)
            // The history keeps the contact masked, as for one added by hand.
            #expect(try await app.db.sql.raw("SELECT after FROM enterprise_changes WHERE field = 'contacts' LIMIT 1").first()?
                .decode(column: "after", as: String.self) == "王经理 138****5678")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action ~~ ["enterpriseImport.start", "enterpriseImport.importValid", "enterpriseImport.done"]).count() == 3)
            // Importing the same numbers again adds no second copy.
            let again = try await runner.start(Self.csv(rows.enumerated().filter { $0.offset != 4 }.map(\.element), header: header), filename: "again.csv",
                                               importValid: false, userID: nil, by: .system("import"), enqueue: false)
            try await runner.run(try again.requireID(), today: CivilDate("2026-11-22")!)
            #expect(try await Self.count("enterprise_contacts", app) == 11)
        }
    }
}

extension EnterpriseImportTests {
    /// A browser signed in as the city office, which runs registry imports.
    static func officeBrowser(_ app: Application) async throws -> Browser {
        let org = try await TestData.org(app)
        try await TestData.user(app, "office", roles: [.office], unit: org.city)
        var browser = Browser(app)
        try await browser.login("office")
        return browser
    }

    /// The office's pages: upload, the queued job, progress and problems, the decision, the download.
    @Test func theOfficeUploadsFollowsTheProgressAndDecides() async throws {
        try await withTestApp { app in
            var browser = try await Self.officeBrowser(app)
            #expect(try await browser.get("/enterprises/imports").body.string.contains("还没有导入过企业名录"))
            // Not a spreadsheet at all: refused with the reason, nothing recorded.
            var response = try await browser.postMultipart("/enterprises/imports", fields: [], files: [("file", "registry.xlsx", Data("a,b".utf8))])
            #expect(response.status == .unprocessableEntity && response.body.string.contains("role=\"alert\""))
            #expect(try await EnterpriseImportRecord.query(on: app.db).count() == 0)

            var rows = Self.firms(1...4)
            rows[1][0] = "91350100M000100Y44"
            response = try await browser.postMultipart("/enterprises/imports", fields: [], files: [("file", "registry.csv", Self.csv(rows))])
            #expect(response.status == .seeOther)
            let page = try #require(response.headers.first(name: .location))
            response = try await browser.get(page)
            #expect(response.body.string.contains("http-equiv=\"refresh\"") && response.body.string.contains("排队中"))
            #expect(try await app.jobs.runOnce(on: app.db, logger: app.logger))
            response = try await browser.get(page)
            let body = response.body.string
            #expect(body.contains("发现问题") && body.contains("统一社会信用代码校验位不正确") && !body.contains("http-equiv=\"refresh\""))
            let download = try await browser.get(page + "/problems")
            #expect(download.headers.contentType?.subType == "csv" && download.body.string.contains("统一社会信用代码校验位不正确"))

            response = try await browser.post(page + "/import-valid")
            #expect(response.status == .seeOther)
            #expect(try await app.jobs.runOnce(on: app.db, logger: app.logger))
            #expect(try await browser.get(page).body.string.contains("已完成"))
            #expect(try await Self.count("enterprises", app) == 3)
            // Done is done: a second decision is refused with a message, not a second run.
            response = try await browser.post(page + "/import-valid")
            #expect(try await browser.get(page).body.string.contains("该导入当前不能继续"))
            #expect(try await browser.get("/enterprises/imports/999").status == .notFound)
            #expect(try await browser.get("/enterprises/imports/template?format=csv").body.string.contains("统一社会信用代码"))
        }
    }
}

extension EnterpriseImportTests {
    /// The upload only checks what a file is; its rows are read by the job, which says what went wrong.
    @Test func aWorkbookWithABrokenSheetIsQueuedAndTheJobSaysWhyItFailed() async throws {
        try await withTestApp { app in
            var browser = try await Self.officeBrowser(app)
            let noSheets = try SpreadsheetFixture.zip([("xl/workbook.xml", "<workbook><sheets/></workbook>")])
            var response = try await browser.postMultipart("/enterprises/imports", fields: [], files: [("file", "registry.xlsx", noSheets)])
            #expect(response.status == .unprocessableEntity && response.body.string.contains("工作表"))
            #expect(try await EnterpriseImportRecord.query(on: app.db).count() == 0)

            let broken = try SpreadsheetFixture.workbook(
                sheet: #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>统一社会信用代码</t></is>"#)
            response = try await browser.postMultipart("/enterprises/imports", fields: [], files: [("file", "registry.xlsx", broken)])
            #expect(response.status == .seeOther)
            let page = try #require(response.headers.first(name: .location))
            _ = try await app.jobs.runOnce(on: app.db, logger: app.logger)
            let record = try #require(try await EnterpriseImportRecord.query(on: app.db).first())
            #expect(record.status == .failed && record.error.contains("XML"))
            let body = try await browser.get(page).body.string
            #expect(body.contains("role=\"alert\"") && body.contains("XML") && !body.contains("http-equiv=\"refresh\""))
        }
    }
}

/// Collects progress calls from a `@Sendable` closure.
private final class Batches: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [[Int]] = []
    func append(_ done: Int, _ rows: Int) { lock.withLock { items.append([done, rows]) } }
    var all: [[Int]] { lock.withLock { items } }
}
