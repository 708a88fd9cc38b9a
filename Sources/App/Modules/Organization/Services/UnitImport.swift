import Fluent
import Foundation
import SQLKit

/// Importing units from a spreadsheet: check every row, report every problem with its row and
/// column, and write nothing until the user confirms importing the valid rows.
/// Parents are referenced by code and may be units already stored or rows earlier in the file.
struct UnitImport: Sendable {
    let db: any Database

    /// More rows than any real organisation file has; a larger upload is refused before checking.
    static let maxRows = 50_000

    /// The template's columns, in order; the header row of an upload must match these names
    /// (Chinese or English), in any order.
    static let columns: [(key: String, zh: String, en: String, required: Bool)] = [
        ("code", "单位编码", "Code", true),
        ("name", "单位名称", "Name", true),
        ("shortName", "简称", "Short name", false),
        ("kind", "类型", "Kind", true),
        ("parentCode", "上级单位编码", "Parent code", false),
        ("sortOrder", "排序", "Sort order", false),
        ("contactPerson", "联系人", "Contact person", false),
        ("contactPhone", "联系电话", "Contact phone", false),
    ]

    struct Row: Sendable, Codable, Equatable {
        let rowNumber: Int
        let code: String
        let name: String
        let shortName: String
        let kind: String
        let parentCode: String?
        let sortOrder: Int
        let contactPerson: String?
        let contactPhone: String?
    }

    typealias Report = ImportReport<Row>

    /// Accepts the kind as its stored name or its label in either language, as people type it in Excel.
    static func kind(from text: String) -> UnitKind? {
        UnitKind.matching(text)
    }

    func check(_ cells: [[Cell]]) async throws -> Report {
        var report = Report()
        let index: [String: Int]
        switch ImportHeader.index(cells.first, columns: Self.columns) {
        case .success(let found): index = found
        case .failure(let problem):
            report.problems.append(problem)
            return report
        }

        let stored = try await db.sql.raw("SELECT code, kind FROM units").all()
        var knownKinds: [String: UnitKind] = [:]
        for row in stored {
            knownKinds[try row.decode(column: "code", as: String.self)] = UnitKind(rawValue: try row.decode(column: "kind", as: String.self))
        }
        let storedCodes = Set(knownKinds.keys)
        var seenInFile: [String: Int] = [:]
        let columnName = { (key: String) in Self.columns.first { $0.key == key }?.zh ?? key }

        for (offset, cells) in cells.dropFirst().enumerated() {
            let rowNumber = offset + 2
            func value(_ key: String) -> String {
                guard let position = index[key], position < cells.count else { return "" }
                return cells[position].text.trimmed
            }
            if cells.allSatisfy({ $0.text.trimmedSpaces.isEmpty }) { continue }
            report.totalRows += 1
            var problems: [ImportProblem] = []
            func problem(_ key: String, _ column: String, _ args: String...) {
                problems.append(ImportProblem(row: rowNumber, column: columnName(column), key: key, args: args))
            }

            let code = value("code"), name = value("name")
            if code.isEmpty { problem("validation.required", "code") }
            else if code.wholeMatch(of: UnitService.codePattern) == nil { problem("unit.codeFormat", "code") }
            else if storedCodes.contains(code) { problem("import.unitCodeExists", "code", code) }
            else if let first = seenInFile[code] { problem("import.duplicateInFile", "code", String(first)) }
            if name.isEmpty { problem("validation.required", "name") }
            if name.count > 100 { problem("validation.tooLong", "name", "100") }

            let kind = Self.kind(from: value("kind"))
            if kind == nil { problem("import.unknownKind", "kind", value("kind")) }
            let parentCode = value("parentCode")
            if let kind {
                if kind == .city {
                    if !parentCode.isEmpty { problem("unit.cityIsRoot", "parentCode") }
                    if knownKinds.values.contains(.city) { problem("unit.oneCity", "kind") }
                } else if parentCode.isEmpty {
                    problem("validation.required", "parentCode")
                } else if let parentKind = knownKinds[parentCode] {
                    if !parentKind.allowedChildren.contains(kind) {
                        problem("import.kindNotAllowedUnder", "kind", Catalog.text(kind.labelKey, .zh), Catalog.text(parentKind.labelKey, .zh))
                    }
                } else {
                    problem("import.unknownParent", "parentCode", parentCode)
                }
            }
            let sortText = value("sortOrder")
            let sortOrder = Int(sortText) ?? 0
            if !sortText.isEmpty, Int(sortText) == nil { problem("validation.notANumber", "sortOrder") }

            if problems.isEmpty, let kind {
                seenInFile[code] = rowNumber
                knownKinds[code] = kind
                report.valid.append(Row(rowNumber: rowNumber, code: code, name: name, shortName: value("shortName"), kind: kind.rawValue,
                                        parentCode: parentCode.isEmpty ? nil : parentCode, sortOrder: sortOrder,
                                        contactPerson: value("contactPerson").nilIfEmpty, contactPhone: value("contactPhone").nilIfEmpty))
            } else {
                if !code.isEmpty, seenInFile[code] == nil { seenInFile[code] = rowNumber }
                report.problems += problems
            }
        }
        return report
    }

    /// Creates the checked rows in one transaction, in file order so parents precede children.
    func apply(_ rows: [Row], filename: String, by actor: AuditActor) async throws -> Int {
        try await db.writeTransaction { db in
            var idsByCode: [String: (id: Int, path: String, depth: Int)] = [:]
            for row in try await db.sql.raw("SELECT id, code, path, depth FROM units").all() {
                idsByCode[try row.decode(column: "code", as: String.self)] =
                    (try row.decode(column: "id", as: Int.self), try row.decode(column: "path", as: String.self), try row.decode(column: "depth", as: Int.self))
            }
            for row in rows {
                // A file re-checked against a database that changed since: stop rather than guess.
                if idsByCode[row.code] != nil { throw AppError.conflict(key: "import.staleDraft") }
                let parent = row.parentCode.flatMap { idsByCode[$0] }
                if row.parentCode != nil, parent == nil { throw AppError.conflict(key: "import.staleDraft") }
                let unit = Unit()
                unit.name = row.name
                unit.shortName = row.shortName.isEmpty ? row.name : row.shortName
                unit.code = row.code
                unit.kind = UnitKind(rawValue: row.kind) ?? .department
                unit.$parent.id = parent?.id
                unit.sortOrder = row.sortOrder
                unit.contactPerson = row.contactPerson
                unit.contactPhone = row.contactPhone
                unit.active = true
                try await unit.insert(at: parent.map { ($0.path, $0.depth + 1) }, on: db)
                idsByCode[row.code] = (unit.id!, unit.path, unit.depth)
            }
            try await AuditLog.record(AuditEvent(action: "unit.import", entityType: "unit", entityID: "",
                                                 reason: filename, after: "{\"created\":\(rows.count)}"), by: actor, on: db)
            return rows.count
        }
    }

    /// The downloadable template: the header and two example rows.
    static func templateRows(_ lang: Lang) -> [[Cell]] {
        [
            columns.map { .text(lang == .zh ? $0.zh : $0.en) },
            [.text("D99"), .text("桐江市示例局"), .text("市示例局"), .text("市直部门"), .text("471100"), .number("99"), .text("张三"), .text("0731-12345678")],
            [.text("471101999"), .text("示例街道"), .text(""), .text("街道"), .text("471101"), .number("1"), .text(""), .text("")],
        ]
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
