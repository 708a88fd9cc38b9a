@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Units")
struct UnitTests {
    @Test func treePathsAndMoves() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let service = UnitService(db: app.db)
            let street = try #require(try await Unit.find(org.street, on: app.db))
            #expect(street.path == UnitPath.child(of: UnitPath.child(of: UnitPath.child(of: nil, id: org.city), id: org.district), id: org.street))
            #expect(street.path.hasSuffix(String(format: "/%08d/", org.street)))
            #expect(street.depth == 2)
            // Moving the street's district is refused; moving the street to the other district rewrites its path.
            _ = try await service.update(org.street, UnitInput(name: "东风街道", code: "100001001", kind: "street", parentID: org.otherDistrict), by: .system())
            let moved = try #require(try await Unit.find(org.street, on: app.db))
            #expect(moved.path == UnitPath.child(of: UnitPath.child(of: UnitPath.child(of: nil, id: org.city), id: org.otherDistrict), id: org.street))
        }
    }

    @Test func taskForcesAreFilteredByMemberLeaderAndID() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let mayor = try await TestData.user(app, "mayor", roles: [.leader], unit: org.city)
            let service = WorkGroupService(db: app.db)
            let tax = try await service.create(WorkGroupInput(kind: "task_force", name: "纳税专班", leaderUserID: mayor, leadUnitID: org.otherDepartment,
                                                              memberUnitIDs: [org.department]), by: .system())
            let power = try await service.create(WorkGroupInput(kind: "task_force", name: "获得电力专班", leadUnitID: org.otherDepartment,
                                                                memberUnitIDs: []), by: .system())
            #expect(try await service.list(memberOf: org.department).map(\.id) == [tax])
            #expect(Set(try await service.list(memberOf: org.otherDepartment).map(\.id)) == [tax, power])
            #expect(try await service.list(ledBy: mayor).map(\.id) == [tax])
            #expect(try await service.find(power)?.members.map(\.unitID) == [org.otherDepartment])
            #expect(try await service.find(999_999) == nil)
            // The unit page lists its task forces.
            try await TestData.user(app, "root", roles: [.admin], unit: nil)
            var browser = Browser(app)
            try await browser.login("root")
            let page = try await browser.get("/units/\(org.department)").body.string
            #expect(page.contains("纳税专班") && !page.contains("获得电力专班"))
        }
    }

    @Test func validationNamesEachField() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let service = UnitService(db: app.db)
            await #expect(throws: AppError.self) { _ = try await service.create(UnitInput(name: "", code: "D01", kind: "department", parentID: org.city), by: .system()) }
            let problems = try await service.problems(in: UnitInput(name: "", code: "D01", kind: "town", parentID: org.department))
            let fields = Set(problems.map(\.field))
            #expect(fields == ["name", "code", "parentID"])
            #expect(try await service.problems(in: UnitInput(name: "第二个市", code: "X", kind: "city")).contains { $0.key == "unit.oneCity" })
            #expect(try await service.problems(in: UnitInput(name: "环", code: "100001", kind: "district", parentID: org.district),
                                               existing: Unit.find(org.district, on: app.db)).contains { $0.key == "unit.parentCycle" || $0.key == "unit.kindNotAllowedUnder" })
        }
    }

    @Test func districtStaffSeeOnlyTheirSubtree() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            try await TestData.user(app, "east", roles: [.unitStaff], unit: org.district)
            var browser = Browser(app)
            try await browser.login("east")
            let list = try await browser.get("/units")
            #expect(list.body.string.contains("东风街道"))
            #expect(!list.body.string.contains("西区"))
            #expect(!list.body.string.contains("市场监督管理局"))
            #expect(try await browser.get("/units/\(org.otherDistrict)").status == .notFound)
            #expect(try await browser.get("/units/\(org.street)").status == .ok)
        }
    }

    @Test func adminCreatesThroughTheFormAndSeesErrors() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            try await TestData.user(app, "root", roles: [.admin], unit: nil)
            var browser = Browser(app)
            try await browser.login("root")
            try await browser.get("/units/new")
            let bad = try await browser.post("/units", form: [("name", ""), ("code", "bad code!"), ("kind", "department"), ("parentID", String(org.city))])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("必填"))
            #expect(bad.body.string.contains("编码只能包含"))
            let good = try await browser.post("/units", form: [("name", "测试市商务局"), ("code", "D09"), ("kind", "department"), ("parentID", String(org.city))])
            #expect(good.status == .seeOther)
            #expect(try await Unit.query(on: app.db).filter(\.$code == "D09").count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "unit.create").filter(\.$actorName == "root").count() == 1)
        }
    }

    @Test func deactivationNeedsNoActiveChildren() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let service = UnitService(db: app.db)
            await #expect(throws: AppError.self) { try await service.setActive(org.district, false, reason: "撤并", by: .system()) }
            try await service.setActive(org.street, false, reason: "撤并", by: .system())
            try await service.setActive(org.district, false, reason: "撤并", by: .system())
            #expect(try await Unit.find(org.district, on: app.db)?.active == false)
        }
    }

    @Test func importReportsEveryBadRowAndWritesNothingUntilConfirmed() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            _ = org
            let rows: [[Cell]] = [
                [.text("单位编码"), .text("单位名称"), .text("类型"), .text("上级单位编码")],
                [.text("D20"), .text("测试市教育局"), .text("市直部门"), .text("100000")],
                [.text("100001002"), .text("新城街道"), .text("街道"), .text("100001")],
                [.text("D20"), .text("重复的局"), .text("市直部门"), .text("100000")],
                [.text(""), .text("无编码"), .text("市直部门"), .text("100000")],
                [.text("D21"), .text("类型错"), .text("委员会"), .text("100000")],
                [.text("D22"), .text("上级不存在"), .text("市直部门"), .text("999999")],
                [.text("D01"), .text("已存在"), .text("市直部门"), .text("100000")],
                [.text("100001999"), .text("街道挂在部门下"), .text("街道"), .text("D01")],
                [],
            ]
            let importer = UnitImport(db: app.db)
            let report = try await importer.check(rows)
            #expect(report.totalRows == 8)
            #expect(report.valid.map(\.code) == ["D20", "100001002"])
            #expect(report.problems.map(\.row) == [4, 5, 6, 7, 8, 9])
            #expect(report.problems.first { $0.row == 6 }?.column == "类型")
            #expect(report.problems.first { $0.row == 4 }?.key == "import.duplicateInFile")
            let before = try await Unit.query(on: app.db).count()
            #expect(before == 6)
            _ = try await importer.apply(report.valid, filename: "units.xlsx", by: .system())
            #expect(try await Unit.query(on: app.db).count() == 8)
            let street = try #require(try await Unit.query(on: app.db).filter(\.$code == "100001002").first())
            #expect(street.path == UnitPath.child(of: UnitPath.child(of: UnitPath.child(of: nil, id: org.city), id: org.district), id: street.id!))
        }
    }

    @Test func aGBKCSVFromExcelImportsWithItsChineseIntact() async throws {
        try await withTestApp { app in
            _ = try await TestData.org(app)
            let csv = "单位编码,单位名称,类型,上级单位编码\r\nD40,测试市医疗保障局,市直部门,100000\r\n"
            let gbk = try #require(csv.data(using: String.Encoding(rawValue: 0x8000_0632)))
            #expect(gbk != Data(csv.utf8))
            let report = try await UnitImport(db: app.db).check(try SpreadsheetFile.read(gbk))
            #expect(report.problems.isEmpty)
            #expect(report.valid.first?.name == "测试市医疗保障局")
        }
    }

    @Test func importThroughTheUIWithAnXLSXFile() async throws {
        try await withTestApp { app in
            _ = try await TestData.org(app)
            try await TestData.user(app, "root", roles: [.admin], unit: nil)
            var browser = Browser(app)
            try await browser.login("root")
            try await browser.get("/units/import")
            let xlsx = try XLSXWriter.write(sheetName: "单位", rows: [
                [.text("单位编码"), .text("单位名称"), .text("类型"), .text("上级单位编码")],
                [.text("D30"), .text("测试市统计局"), .text("市直部门"), .text("100000")],
                [.text("D31"), .text("坏行"), .text("不知道"), .text("100000")],
            ])
            let boundary = "----ys\(UUID().uuidString)"
            var body = ByteBuffer()
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(browser.csrf)\r\n")
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"units.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(xlsx)
            body.writeString("\r\n--\(boundary)--\r\n")
            var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
            headers.add(name: .cookie, value: browser.cookieHeader)
            var checked: TestingHTTPResponse?
            try await app.testing().test(.POST, "/units/import", headers: headers, body: body) { checked = $0 }
            let page = try #require(checked)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("共 2 行，有效 1 行，有问题 1 行"))
            #expect(try await Unit.query(on: app.db).filter(\.$code == "D30").count() == 0)
            let draft = try #require(page.body.string.range(of: #"name="draft" value="[^"]+""#, options: .regularExpression))
            let draftID = String(page.body.string[draft].dropFirst(#"name="draft" value=""#.count).dropLast())
            let done = try await browser.post("/units/import/confirm", form: [("draft", draftID)])
            #expect(done.status == .seeOther)
            #expect(try await Unit.query(on: app.db).filter(\.$code == "D30").count() == 1)
            // A second confirm of the same draft finds nothing to import.
            let again = try await browser.post("/units/import/confirm", form: [("draft", draftID)])
            #expect(again.headers.first(name: .location) == "/units/import")
        }
    }

    @Test func exportIsAnXLSXThatReadsBack() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            try await TestData.user(app, "office", roles: [.office], unit: org.department)
            var browser = Browser(app)
            try await browser.login("office")
            let xlsx = try await browser.get("/units/export")
            #expect(xlsx.status == .ok)
            let rows = try XLSXReader.read(Data(buffer: xlsx.body))
            #expect(rows.count == 7)
            #expect(rows[0].first?.text == "单位编码")
            #expect(rows.contains { $0.first?.text == "D01" })
            let csv = try await browser.get("/units/export?format=csv")
            #expect(Array(Data(buffer: csv.body).prefix(3)) == [0xEF, 0xBB, 0xBF])

            // An export is every matching row, not one page of them.
            let many = (1...230).map { UnitImport.Row(rowNumber: $0 + 1, code: "B\($0)", name: "测试单位\($0)", shortName: "", kind: "department",
                                                     parentCode: "100000", sortOrder: $0, contactPerson: nil, contactPhone: nil) }
            _ = try await UnitImport(db: app.db).apply(many, filename: "many.csv", by: .system())
            let big = try await browser.get("/units/export")
            #expect(try XLSXReader.read(Data(buffer: big.body)).count == 1 + 6 + 230)
        }
    }
}
