@testable import App
import Foundation
import Testing

@Suite("Reading the enterprise spreadsheet")
struct EnterpriseSheetTests {
    let sheet = EnterpriseSheet(regions: [
        .init(id: 7, code: "471102001", name: "桐湖区东门街道", shortName: "东门街道"),
        .init(id: 8, code: "471103001", name: "江北区东门街道", shortName: "东门街道"),
        .init(id: 9, code: "471102101", name: "桐湖区白沙镇", shortName: "白沙镇"),
    ])

    func cells(_ rows: [[String]]) -> [[Cell]] { rows.map { $0.map { $0.isEmpty ? .empty : .text($0) } } }

    @Test func readsAnExportWithItsOwnTitlesAndTheHeadersUnit() {
        let (rows, problems) = sheet.read(cells([
            ["企业（机构）名称", "统一社会信用代码", "所属乡镇", "行业代码", "规模", "是否规上", "注册资本(元)", "经营状态", "企业标签", "成立时间"],
            ["桐江星河科技有限公司", "91350100M000100Y43", "白沙镇", "65", "小型企业", "是", "5000000", "在业", "高新技术企业、民营", "2019-03-08"],
            ["", "", "", "", "", "", "", "", "", ""],
            ["桐江鑫源商行", "91350100M000100Y43", "471102001", "", "微型", "否", "", "注销", "", ""],
        ]))
        #expect(problems.isEmpty)
        #expect(rows.map(\.number) == [2, 4])
        let first = rows[0].input
        #expect(first.regionUnitID == 9 && first.industryCode == "65" && first.size == "small" && first.aboveScale && first.status == "active")
        #expect(first.tags == ["高新技术企业", "民营"] && first.registeredOn == "2019-03-08")
        #expect(rows[0].capitalUnit == .yuan)
        #expect(rows[1].input.regionUnitID == 7 && rows[1].input.status == "deregistered")
        // The tags' Chinese labels are what `check` accepts.
        let values = try? first.check(regions: [9], today: CivilDate("2026-11-22")!, capitalUnit: rows[0].capitalUnit).get()
        #expect(values?.tags == [.privatelyOwned, .highTech].sorted { $0.rawValue < $1.rawValue })
        #expect(values?.capital == RegisteredCapital(minorUnits: 500_000_000, currency: "CNY"))
    }

    @Test func reportsEachBadCellAtItsRowAndColumn() {
        let (rows, problems) = sheet.read(cells([
            ["统一社会信用代码", "企业名称", "所属镇街", "企业规模", "规上企业", "从业人数", "登记状态"],
            ["91350100M000100Y43", "甲", "东门街道", "巨型", "也许", "很多", "吊销"],
            ["91350100M000100Y43", "乙", "西门街道", "", "", "12", ""],
        ]))
        #expect(rows.count == 2)
        #expect(problems.map { "\($0.row) \($0.column) \($0.key)" } == [
            "2 所属镇街 enterprise.regionAmbiguous", "2 企业规模 validation.invalidChoice", "2 规上企业 import.yesNo",
            "2 从业人数 validation.notANumber", "2 登记状态 validation.invalidChoice", "3 所属镇街 enterprise.regionUnknown",
        ])
        #expect(problems.allSatisfy { Catalog.entries[$0.key] != nil })
    }

    @Test func refusesAFileWithoutTheRequiredColumns() {
        let (rows, problems) = sheet.read(cells([["企业名称", "行业"], ["甲", "65"]]))
        #expect(rows.isEmpty && problems.map(\.key) == ["import.missingColumns"] && problems[0].args == ["统一社会信用代码"])
    }
}

extension EnterpriseSheet {
    /// Every row of a sheet held in memory (the header first), as the import reads them a batch at a time.
    func read(_ cells: [[Cell]]) -> (rows: [Row], problems: [ImportProblem]) {
        let layout: Layout
        switch Self.layout(header: cells.first) {
        case .success(let found): layout = found
        case .failure(let problem): return ([], [problem])
        }
        var rows: [Row] = []
        var problems: [ImportProblem] = []
        for (offset, cells) in cells.dropFirst().enumerated() {
            guard case let (row, rowProblems)? = row(cells, number: offset + 2, layout: layout) else { continue }
            rows.append(row)
            problems += rowProblems
        }
        return (rows, problems)
    }
}
