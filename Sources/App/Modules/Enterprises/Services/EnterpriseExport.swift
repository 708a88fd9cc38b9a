import Fluent
import SQLKit

/// The filtered registry as a sheet in `EnterpriseSheet`'s columns and words, so that an exported
/// file imports again unchanged. Read a page of firms at a time by id, with their former names and
/// tags in one query each per page: a CSV of the whole city streams out page by page (the server
/// never holds it), an XLSX (a ZIP, built whole) is limited to `maxXLSXRows`.
struct EnterpriseExport: Sendable {
    let db: any Database
    var pageSize = Self.pageSize

    static let pageSize = 5_000
    /// An XLSX is assembled in memory; beyond this many rows the office exports CSV.
    static let maxXLSXRows = 50_000

    static func header(_ lang: Lang) -> [Cell] { EnterpriseSheet.columns.map { .text(lang == .zh ? $0.zh : $0.en) } }

    func count(_ filter: EnterpriseFilter) async throws -> Int {
        try await db.sql.raw("SELECT COUNT(*) AS n FROM enterprises e \(EnterpriseSearch(db: db).whereClause(filter))").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    /// Every matching firm with the header first, for an XLSX.
    func rows(_ filter: EnterpriseFilter, lang: Lang) async throws -> [[Cell]] {
        guard try await count(filter) <= Self.maxXLSXRows else { throw AppError.badRequest(key: "enterprise.exportTooLarge") }
        var table = [Self.header(lang)]
        var after = 0
        while let page = try await page(filter, after: after), !page.rows.isEmpty {
            table += page.rows
            after = page.lastID
        }
        return table
    }

    /// The firms after id `after` (at most `pageSize`), and the last id among them; nil when none are left.
    func page(_ filter: EnterpriseFilter, after: Int) async throws -> (rows: [[Cell]], lastID: Int)? {
        let search = EnterpriseSearch(db: db)
        let condition = search.whereClause(filter, and: ["e.id > \(bind: after)"])
        let sql = db.sql
        let firms = try await sql.raw("""
            SELECT e.id, e.credit_code, e.name, e.legal_representative, u.code AS region_code, e.address, e.industry_code, e.size, e.above_scale,
                   e.upgrade_candidate, e.registered_on, e.capital_minor, e.capital_currency, e.employees, e.status, e.closed_on
            FROM enterprises e LEFT JOIN units u ON u.id = e.region_unit_id \(condition) ORDER BY e.id LIMIT \(bind: pageSize)
            """).all()
        guard let last = firms.last else { return nil }
        let ids = try firms.map { try $0.decode(column: "id", as: Int.self) }
        let (names, tags) = try await EnterpriseRegistry(db: db).namesAndTags(of: ids)
        let yesNo = { (flag: Bool) in Cell.text(flag ? "是" : "否") }
        let rows = try firms.map { row -> [Cell] in
            let id = try row.decode(column: "id", as: Int.self)
            let minor = try row.decode(column: "capital_minor", as: Int64?.self), currency = try row.decode(column: "capital_currency", as: String?.self)
            let capital = minor.flatMap { minor in currency.map { RegisteredCapital(minorUnits: minor, currency: $0).formatted(.zh) } }
            let text = { (column: String) in Cell.text(try row.decode(column: column, as: String?.self) ?? "") }
            return [
                try text("credit_code"), try text("name"), .text((names[id] ?? []).joined(separator: "；")), try text("legal_representative"),
                try text("region_code"), try text("address"), try text("industry_code"),
                .text(try row.decode(column: "size", as: String?.self).flatMap(EnterpriseSize.init(rawValue:)).map { Catalog.text($0.labelKey, .zh) } ?? ""),
                yesNo(try row.decode(column: "above_scale", as: Bool.self)), yesNo(try row.decode(column: "upgrade_candidate", as: Bool.self)),
                try text("registered_on"), .text(capital ?? ""),
                try row.decode(column: "employees", as: Int?.self).map { Cell.number(String($0)) } ?? .empty,
                .text((tags[id] ?? []).map { Catalog.text($0.labelKey, .zh) }.joined(separator: "；")),
                .text(EnterpriseStatus(rawValue: try row.decode(column: "status", as: String.self)).map { Catalog.text($0.labelKey, .zh) } ?? ""),
                try text("closed_on"),
                // Contact numbers are revealed one firm at a time, audited; an export never carries them.
                .empty, .empty,
            ]
        }
        return (rows, try last.decode(column: "id", as: Int.self))
    }
}
