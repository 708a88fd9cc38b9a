import Foundation

/// Reads the registry's spreadsheet (the template's columns, or the titles market-regulation
/// exports use) into `EnterpriseInput`s, one per row, with each cell-level problem at its row and
/// column. The checks every enterprise passes are `EnterpriseInput.check`.
struct EnterpriseSheet: Sendable {
    static let columns: [ImportHeader.Column] = [
        ("creditCode", "统一社会信用代码", "Credit code", true),
        ("name", "企业名称", "Name", true),
        ("formerNames", "曾用名", "Former names", false),
        ("legalRepresentative", "法定代表人", "Legal representative", false),
        ("region", "所属镇街", "Town or street", false),
        ("address", "住所", "Address", false),
        ("industry", "行业", "Industry", false),
        ("size", "企业规模", "Size", false),
        ("aboveScale", "规上企业", "Above designated size", false),
        ("upgradeCandidate", "小升规", "Upgrade candidate", false),
        ("registeredOn", "成立日期", "Registered on", false),
        ("capital", "注册资本", "Registered capital", false),
        ("employees", "从业人数", "Employees", false),
        ("tags", "标签", "Tags", false),
        ("status", "登记状态", "Status", false),
        ("closedOn", "注销或迁出日期", "Closed on", false),
        ("contactName", "联系人", "Contact", false),
        ("contactPhone", "联系电话", "Contact phone", false),
    ]

    /// Titles other exports give the same columns.
    static let aliases: [String: [String]] = [
        "creditCode": ["信用代码", "社会信用代码", "统一代码"],
        "name": ["名称", "市场主体名称", "企业（机构）名称"],
        "legalRepresentative": ["法定代表人（负责人）", "负责人", "经营者"],
        "region": ["所属街道", "所属乡镇", "乡镇（街道）", "属地"],
        "address": ["地址", "经营场所", "注册地址"],
        "industry": ["行业代码", "所属行业", "国民经济行业"],
        "size": ["规模"],
        "aboveScale": ["是否规上", "规上"],
        "upgradeCandidate": ["是否小升规"],
        "registeredOn": ["登记日期", "注册日期", "成立时间"],
        "capital": ["注册资本（万元）", "注册资本(万元)", "注册资本（元）", "注册资本(元)"],
        "employees": ["职工人数", "员工人数"],
        "tags": ["企业标签"],
        "status": ["经营状态", "状态"],
        "closedOn": ["注销日期", "迁出日期", "注（吊）销日期"],
        "contactName": ["联系人姓名", "企业联系人"],
        "contactPhone": ["联系人电话", "联系人手机", "联系方式", "手机号码"],
    ]

    struct Row: Sendable {
        let number: Int
        let input: EnterpriseInput
        let capitalUnit: RegisteredCapital.Unit
        /// A contact to add to the firm if it does not have that number yet.
        var contact: EnterpriseContacts.Input? = nil
    }

    /// A town or street as a file may name it: by code, full name or short name.
    struct Region: Sendable {
        let id: Int
        let code: String
        let name: String
        let shortName: String
    }

    /// Where each column is in one file, and what a bare number of capital means in it.
    struct Layout: Sendable {
        let index: [String: Int]
        let capitalUnit: RegisteredCapital.Unit
    }

    let regions: [Region]
    private let regionsByName: [String: [Int]]

    init(regions: [Region]) {
        self.regions = regions
        var byName: [String: [Int]] = [:]
        for region in regions {
            for key in Set([region.code, region.name, region.shortName]) where !key.isEmpty { byName[key, default: []].append(region.id) }
        }
        regionsByName = byName
    }

    static func layout(header: [Cell]?) -> Result<Layout, ImportProblem> {
        ImportHeader.index(header, columns: columns, aliases: aliases).map { index in
            // The header says what a bare number of capital means: 万元 unless it says 元 alone.
            let title = index["capital"].flatMap { $0 < (header ?? []).count ? header?[$0].text : nil } ?? ""
            return Layout(index: index, capitalUnit: title.contains("元") && !title.contains("万") ? .yuan : .tenThousand)
        }
    }

    /// One data row as an input with its cell-level problems; nil for a blank row.
    func row(_ row: [Cell], number: Int, layout: Layout) -> (Row, [ImportProblem])? {
        if row.allSatisfy({ $0.text.trimmedSpaces.isEmpty }) { return nil }
        var problems: [ImportProblem] = []
        func cell(_ key: String) -> Cell {
            guard let position = layout.index[key], position < row.count else { return .empty }
            return row[position]
        }
        func value(_ key: String) -> String { cell(key).text.trimmed }
        func problem(_ key: String, _ column: String, _ args: String...) {
            problems.append(ImportProblem(row: number, column: Self.columnName(column), key: key, args: args))
        }
        var input = EnterpriseInput()
        input.creditCode = value("creditCode")
        input.name = value("name")
        input.formerNames = ImportHeader.list(value("formerNames"))
        input.legalRepresentative = value("legalRepresentative")
        input.address = value("address")
        input.industryCode = value("industry")
        input.capital = value("capital")
        input.tags = ImportHeader.list(value("tags"))
        let region = value("region")
        if !region.isEmpty {
            switch regionsByName[region] ?? [] {
            case let ids where ids.count == 1: input.regionUnitID = ids[0]
            case []: problem("enterprise.regionUnknown", "region", region)
            default: problem("enterprise.regionAmbiguous", "region", region)
            }
        }
        let size = value("size")
        // 小型 or 小型企业, as exports write it.
        if let found = EnterpriseSize.matching(size) ?? EnterpriseSize.matching(String(size.dropLast(size.hasSuffix("企业") ? 2 : 0))) {
            input.size = found.rawValue
        } else if !size.isEmpty { problem("validation.invalidChoice", "size") }
        for (key, flag) in [("aboveScale", \EnterpriseInput.aboveScale), ("upgradeCandidate", \EnterpriseInput.upgradeCandidate)] {
            if let parsed = ImportHeader.flag(value(key)) { input[keyPath: flag] = parsed } else { problem("import.yesNo", key) }
        }
        // A date cell or text; text that is not a date is left for `check` to report.
        for (key, field) in [("registeredOn", \EnterpriseInput.registeredOn), ("closedOn", \EnterpriseInput.closedOn)] {
            let text = value(key)
            input[keyPath: field] = text.isEmpty ? "" : (CivilDate(cell: cell(key))?.description ?? text)
        }
        let employees = value("employees")
        if !employees.isEmpty {
            if let count = Int(employees) { input.employees = count } else { problem("validation.notANumber", "employees") }
        }
        let status = value("status")
        if !status.isEmpty {
            if let found = Self.status(status) { input.status = found.rawValue } else { problem("validation.invalidChoice", "status") }
        }
        var contact: EnterpriseContacts.Input?
        let contactName = value("contactName"), contactPhone = value("contactPhone")
        if !contactName.isEmpty || !contactPhone.isEmpty {
            switch EnterpriseContacts.check(.init(name: contactName, phone: contactPhone)) {
            case .success(let checked): contact = checked
            case .failure(.validation(let found)):
                for item in found {
                    problems.append(ImportProblem(row: number, column: Self.columnName(item.field == "phone" ? "contactPhone" : "contactName"),
                                                  key: item.key, args: item.args))
                }
            case .failure: break
            }
        }
        return (Row(number: number, input: input, capitalUnit: layout.capitalUnit, contact: contact), problems)
    }

    static func columnName(_ key: String) -> String { columns.first { $0.key == key }?.zh ?? key }

    /// 存续 and the words exports use for it (在业, 开业), 迁出, 注销.
    static func status(_ text: String) -> EnterpriseStatus? {
        if ["在业", "开业", "正常"].contains(text) { return .active }
        return EnterpriseStatus.matching(text)
    }
}
