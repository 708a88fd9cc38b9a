import Fluent
import SQLKit

/// The filtered registry as a sheet in `EnterpriseSheet`'s columns and words, so that an exported
/// file imports again unchanged. Former names and tags are read for the whole selection in one
/// query each, not per row.
struct EnterpriseExport: Sendable {
    let db: any Database

    /// Above this, the office narrows the filter (or uses the command line); a browser download
    /// of the whole city is a backup, not an export.
    static let maxRows = 300_000

    func rows(_ filter: EnterpriseFilter, lang: Lang) async throws -> [[Cell]] {
        let search = EnterpriseSearch(db: db)
        let condition = search.whereClause(filter)
        let sql = db.sql
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM enterprises e \(condition)").first()?.decode(column: "n", as: Int.self) ?? 0
        guard total <= Self.maxRows else { throw AppError.badRequest(key: "enterprise.exportTooLarge") }
        var names: [Int: [String]] = [:]
        for row in try await sql.raw("""
            SELECT enterprise_id, name FROM enterprise_names WHERE enterprise_id IN (SELECT e.id FROM enterprises e \(condition)) ORDER BY enterprise_id, position
            """).all() {
            names[try row.decode(column: "enterprise_id", as: Int.self), default: []].append(try row.decode(column: "name", as: String.self))
        }
        var tags: [Int: [String]] = [:]
        for row in try await sql.raw("""
            SELECT enterprise_id, tag FROM enterprise_tags WHERE enterprise_id IN (SELECT e.id FROM enterprises e \(condition)) ORDER BY enterprise_id, tag
            """).all() {
            if let tag = EnterpriseTag(rawValue: try row.decode(column: "tag", as: String.self)) {
                tags[try row.decode(column: "enterprise_id", as: Int.self), default: []].append(Catalog.text(tag.labelKey, .zh))
            }
        }
        let yesNo = { (flag: Bool) in Cell.text(flag ? "是" : "否") }
        var table: [[Cell]] = [EnterpriseSheet.columns.map { .text(lang == .zh ? $0.zh : $0.en) }]
        table.reserveCapacity(total + 1)
        for row in try await sql.raw("""
            SELECT e.id, e.credit_code, e.name, e.legal_representative, u.code AS region_code, e.address, e.industry_code, e.size, e.above_scale,
                   e.upgrade_candidate, e.registered_on, e.capital_minor, e.capital_currency, e.employees, e.status, e.closed_on
            FROM enterprises e LEFT JOIN units u ON u.id = e.region_unit_id \(condition) ORDER BY e.id
            """).all() {
            let id = try row.decode(column: "id", as: Int.self)
            let minor = try row.decode(column: "capital_minor", as: Int64?.self), currency = try row.decode(column: "capital_currency", as: String?.self)
            let capital = minor.flatMap { minor in currency.map { RegisteredCapital(minorUnits: minor, currency: $0).formatted(.zh) } }
            let text = { (column: String) in Cell.text(try row.decode(column: column, as: String?.self) ?? "") }
            table.append([
                try text("credit_code"), try text("name"), .text((names[id] ?? []).joined(separator: "；")), try text("legal_representative"),
                try text("region_code"), try text("address"), try text("industry_code"),
                .text(try row.decode(column: "size", as: String?.self).flatMap(EnterpriseSize.init(rawValue:)).map { Catalog.text($0.labelKey, .zh) } ?? ""),
                yesNo(try row.decode(column: "above_scale", as: Bool.self)), yesNo(try row.decode(column: "upgrade_candidate", as: Bool.self)),
                try text("registered_on"), .text(capital ?? ""),
                try row.decode(column: "employees", as: Int?.self).map { Cell.number(String($0)) } ?? .empty,
                .text((tags[id] ?? []).joined(separator: "；")),
                .text(EnterpriseStatus(rawValue: try row.decode(column: "status", as: String.self)).map { Catalog.text($0.labelKey, .zh) } ?? ""),
                try text("closed_on"),
                // Contact numbers are revealed one firm at a time, audited; an export never carries them.
                .empty, .empty,
            ])
        }
        return table
    }
}
