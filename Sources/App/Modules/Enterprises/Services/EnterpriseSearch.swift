import Fluent
import SQLKit

struct EnterpriseFilter: Sendable, Equatable {
    /// A name fragment (Chinese substring) or the start of a credit code.
    var query: String?
    /// Path of a unit: enterprises of the towns and streets under it.
    var regionPath: String?
    /// A GB/T 4754 section (`C`) or division (`39`).
    var industry: String?
    var size: EnterpriseSize?
    var tag: EnterpriseTag?
    var status: EnterpriseStatus? = .active
    var scale: ScaleGroup?
    /// Only firms nobody is paired with (coverage).
    var unpaired = false
}

/// The groups the offices pair and count by: 规上, 小升规, either, or the rest.
enum ScaleGroup: String, Sendable, CaseIterable, CatalogChoice {
    case above, candidate, aboveOrCandidate = "key", other
    var labelKey: String { "scaleGroup.\(rawValue)" }

    var condition: SQLQueryString {
        switch self {
        case .above: "e.above_scale = \(bind: true)"
        case .candidate: "e.upgrade_candidate = \(bind: true)"
        case .aboveOrCandidate: "(e.above_scale = \(bind: true) OR e.upgrade_candidate = \(bind: true))"
        case .other: "(e.above_scale = \(bind: false) AND e.upgrade_candidate = \(bind: false))"
        }
    }
}

struct EnterpriseRow: Sendable, Codable, Equatable {
    let id: Int
    let creditCode: String
    let name: String
    let regionName: String?
    let industryCode: String?
    let size: String?
    let aboveScale: Bool
    let status: String
    let registeredOn: String?
}

/// The registry's list: filters in SQL, name search through `SearchTerms` on either database,
/// only the columns a list shows.
struct EnterpriseSearch: Sendable {
    let db: any Database

    /// `extra` narrows the list further (coverage: firms with nobody paired).
    func list(_ filter: EnterpriseFilter, page: Pagination, and extra: [SQLQueryString] = []) async throws -> (rows: [EnterpriseRow], total: Int) {
        let condition = whereClause(filter, and: extra)
        let sql = db.sql
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM enterprises e \(condition)").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT e.id, e.credit_code, e.name, u.name AS region_name, e.industry_code, e.size, e.above_scale, e.status, e.registered_on
            FROM enterprises e LEFT JOIN units u ON u.id = e.region_unit_id \(condition)
            ORDER BY e.id LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
            """).all().map {
                EnterpriseRow(id: try $0.decode(column: "id", as: Int.self), creditCode: try $0.decode(column: "credit_code", as: String.self),
                              name: try $0.decode(column: "name", as: String.self), regionName: try $0.decode(column: "region_name", as: String?.self),
                              industryCode: try $0.decode(column: "industry_code", as: String?.self), size: try $0.decode(column: "size", as: String?.self),
                              aboveScale: try $0.decode(column: "above_scale", as: Bool.self), status: try $0.decode(column: "status", as: String.self),
                              registeredOn: try $0.decode(column: "registered_on", as: String?.self))
            }
        return (rows, total)
    }

    func whereClause(_ filter: EnterpriseFilter, and extra: [SQLQueryString] = []) -> SQLQueryString {
        let all = conditions(filter) + extra
        return all.isEmpty ? "" : "WHERE " + all.joined(separator: " AND ")
    }

    func conditions(_ filter: EnterpriseFilter) -> [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        if let text = filter.query, let match = match(text) { conditions.append(match) }
        if let path = filter.regionPath {
            conditions.append("e.region_unit_id IN (SELECT id FROM units WHERE path LIKE \(bind: SQLLike.escape(path) + "%") ESCAPE '\\')")
        }
        if let industry = filter.industry.flatMap(Industries.find) {
            if industry.isSection {
                conditions.append("e.industry_code IN (\(binds: Industries.divisions(in: industry.code).map(\.code)))")
            } else {
                conditions.append("e.industry_code = \(bind: industry.code)")
            }
        }
        if let size = filter.size { conditions.append("e.size = \(bind: size.rawValue)") }
        if let tag = filter.tag { conditions.append("e.id IN (SELECT g.enterprise_id FROM enterprise_tags g WHERE g.tag = \(bind: tag.rawValue))") }
        if let status = filter.status { conditions.append("e.status = \(bind: status.rawValue)") }
        if let scale = filter.scale { conditions.append(scale.condition) }
        if filter.unpaired { conditions.append(PairingCoverage.unpaired) }
        return conditions
    }

    /// A name fragment; text that could be the start of a credit code also matches codes.
    private func match(_ text: String) -> SQLQueryString? {
        guard let query = SearchTerms.query(text) else { return nil }
        let pieces: [String]
        switch query {
        case .single(let character): pieces = [character]
        case .phrase(let phrase): pieces = phrase
        }
        // The index finds the firms holding every piece (FTS5 on SQLite, GIN on PostgreSQL; neither
        // keeps positions); the LIKE keeps those that hold them in a row. Pieces are letters and
        // digits only, so nothing in them needs quoting or escaping.
        var name: SQLQueryString = db.isSQLite
            ? "e.id IN (SELECT rowid FROM enterprise_search WHERE enterprise_search MATCH \(bind: pieces.map { "\"\($0)\"" }.joined(separator: " ")))"
            : "string_to_array(e.search_terms, ' ') @> ARRAY[\(binds: pieces)]::text[]"
        if pieces.count > 1 { name = name + " AND (' ' || e.search_terms || ' ') LIKE \(bind: "% " + pieces.joined(separator: " ") + " %")" }
        let code = CreditCode.normalise(text)
        if code.count >= 4, code.count <= 18, code.allSatisfy({ CreditCode.alphabet.contains($0) }) {
            return "(\(name) OR (e.credit_code >= \(bind: code) AND e.credit_code < \(bind: code + "~")))"
        }
        return name
    }
}
