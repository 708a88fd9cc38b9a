import Fluent
import Foundation
import SQLKit

/// Market-entity statistics as the offices' reports quote them: the stock of active entities by
/// region, industry section, size, tag and scale, and its growth since the start of the year and
/// since the same day a year before. The stock on a past day is counted from registration and
/// closing dates, so it does not depend on snapshots having been taken.
struct EnterpriseStatistics: Sendable {
    let db: any Database

    struct Count: Sendable, Equatable {
        let key: String
        let label: String
        let count: Int
    }

    struct Growth: Sendable, Equatable {
        let today: CivilDate
        let stock: Int
        /// The stock at the end of last year.
        let stockAtYearStart: Int
        /// The stock on the same day last year.
        let stockYearAgo: Int
        let registeredThisYear: Int
        let closedThisYear: Int

        /// Percent change, one decimal; nil when there is nothing to compare with.
        static func percent(_ now: Int, _ before: Int) -> Double? {
            before == 0 ? nil : (Double(now - before) / Double(before) * 1000).rounded() / 10
        }

        var sinceYearStart: Double? { Self.percent(stock, stockAtYearStart) }
        var yearOnYear: Double? { Self.percent(stock, stockYearAgo) }
    }

    struct Report: Sendable {
        let growth: Growth
        let byRegion: [Count]
        let bySection: [Count]
        let bySize: [Count]
        let byTag: [Count]
        let byScale: [Count]
    }

    /// `regionPath` narrows everything to the firms of one district, town or street.
    func report(today: CivilDate, regionPath: String?, lang: Lang) async throws -> Report {
        let sql = db.sql
        var scope: SQLQueryString = "1 = 1"
        if let regionPath {
            scope = "e.region_unit_id IN (SELECT id FROM units WHERE path LIKE \(bind: SQLLike.escape(regionPath) + "%") ESCAPE '\\')"
        }
        let yearStart = CivilDate(year: today.year - 1, month: 12, day: 31) ?? today
        let yearAgo = CivilDate(year: today.year - 1, month: today.parts.month, day: min(today.parts.day, CivilDate.daysIn(month: today.parts.month, year: today.year - 1))) ?? today
        func stock(_ day: CivilDate) -> SQLQueryString {
            "SUM(CASE WHEN COALESCE(e.registered_on, '0000') <= \(bind: day.description) AND (e.closed_on IS NULL OR e.closed_on > \(bind: day.description)) THEN 1 ELSE 0 END)"
        }
        let thisYear = "\(today.year)-01-01"
        guard let row = try await sql.raw("""
            SELECT \(stock(yearStart)) AS at_start, \(stock(yearAgo)) AS year_ago,
                   SUM(CASE WHEN e.status = 'active' THEN 1 ELSE 0 END) AS stock,
                   SUM(CASE WHEN e.registered_on >= \(bind: thisYear) THEN 1 ELSE 0 END) AS registered,
                   SUM(CASE WHEN e.closed_on >= \(bind: thisYear) THEN 1 ELSE 0 END) AS closed
            FROM enterprises e WHERE \(scope)
            """).first() else { throw AppError.notFound }
        let number = { (column: String) in Int(try row.decode(column: column, as: Int64?.self) ?? 0) }
        let growth = Growth(today: today, stock: try number("stock"), stockAtYearStart: try number("at_start"), stockYearAgo: try number("year_ago"),
                            registeredThisYear: try number("registered"), closedThisYear: try number("closed"))

        // By position: PostgreSQL would see a grouped expression with binds as a different expression.
        func grouped(_ expression: SQLQueryString) async throws -> [(String?, Int)] {
            try await sql.raw("""
                SELECT \(expression) AS k, COUNT(*) AS n FROM enterprises e WHERE e.status = 'active' AND \(scope) GROUP BY 1
                """).all().map { (try $0.decode(column: "k", as: String?.self), try $0.decode(column: "n", as: Int.self)) }
        }
        let none = lang.t("stats.notGiven")
        var regions: [Count] = []
        let regionCounts = try await grouped("CAST(e.region_unit_id AS TEXT)")
        let regionIDs = regionCounts.compactMap { $0.0.flatMap(Int.init) }
        var regionNames: [Int: String] = [:]
        if !regionIDs.isEmpty {
            for unit in try await sql.raw("SELECT id, name FROM units WHERE id IN (\(binds: regionIDs))").all() {
                regionNames[try unit.decode(column: "id", as: Int.self)] = try unit.decode(column: "name", as: String.self)
            }
        }
        for (key, count) in regionCounts {
            regions.append(Count(key: key ?? "", label: key.flatMap(Int.init).flatMap { regionNames[$0] } ?? none, count: count))
        }
        var sections: [String: Int] = [:]
        for (code, count) in try await grouped("e.industry_code") {
            sections[code.flatMap(Industries.find)?.section ?? "", default: 0] += count
        }
        let bySection = sections.map { code, count in
            Count(key: code, label: Industries.find(code).map { "\($0.code) " + (lang == .zh ? $0.nameZH : $0.nameEN) } ?? none, count: count)
        }
        let bySize = try await grouped("e.size").map { key, count in
            Count(key: key ?? "", label: key.flatMap(EnterpriseSize.init(rawValue:)).map { lang.t($0.labelKey) } ?? none, count: count)
        }
        let byTag = try await sql.raw("""
            SELECT g.tag AS k, COUNT(*) AS n FROM enterprise_tags g JOIN enterprises e ON e.id = g.enterprise_id
            WHERE e.status = 'active' AND \(scope) GROUP BY g.tag
            """).all().compactMap { row -> Count? in
                guard let tag = EnterpriseTag(rawValue: try row.decode(column: "k", as: String.self)) else { return nil }
                return Count(key: tag.rawValue, label: lang.t(tag.labelKey), count: try row.decode(column: "n", as: Int.self))
            }
        let byScale = try await grouped("CASE WHEN e.above_scale = \(bind: true) THEN 'above' WHEN e.upgrade_candidate = \(bind: true) THEN 'candidate' ELSE 'other' END")
            .map { key, count in Count(key: key ?? "", label: lang.t("scaleGroup.\(key ?? "other")"), count: count) }
        let descending = { (list: [Count]) in list.sorted { ($1.count, $0.key) < ($0.count, $1.key) } }
        return Report(growth: growth, byRegion: descending(regions), bySection: bySection.sorted { $0.key < $1.key }, bySize: descending(bySize),
                      byTag: descending(byTag), byScale: descending(byScale))
    }
}
