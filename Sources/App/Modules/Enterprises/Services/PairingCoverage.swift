import Fluent
import Foundation
import SQLKit

/// How well the city's firms are looked after: firms with nobody paired, people over their load,
/// and firms not visited within the period their pairing's kind requires. A pairing made recently
/// is not overdue until a whole period has passed since it began.
struct PairingCoverage: Sendable {
    let db: any Database

    struct KindFigures: Sendable, Equatable {
        let kind: PairingKind
        let visitDays: Int
        let maxLoad: Int
        var pairedFirms = 0
        var people = 0
        var overloaded = 0
        var overdue = 0
    }

    struct Summary: Sendable {
        let activeFirms: Int
        let unpairedFirms: Int
        let kinds: [KindFigures]
        let overloaded: [Overloaded]
    }


    struct Overloaded: Sendable, Equatable {
        let userID: Int
        let name: String
        let unitName: String?
        let kind: PairingKind
        let load: Int
        let maxLoad: Int
    }

    struct Due: Sendable, Equatable {
        let enterpriseID: Int
        let enterpriseName: String
        let kind: PairingKind
        let userID: Int
        let userName: String
        let lastVisitedOn: String?
        /// The day the next visit was or is due.
        let dueOn: CivilDate
    }

    /// Firms with no current pairing of any kind.
    static let unpaired: SQLQueryString = "NOT EXISTS (SELECT 1 FROM enterprise_pairings p WHERE p.enterprise_id = e.id AND p.ended_at IS NULL)"

    func summary(today: CivilDate) async throws -> Summary {
        let settings = try await PairingService(db: db).settings()
        let sql = db.sql
        let active = try await sql.raw("SELECT COUNT(*) AS n FROM enterprises e WHERE e.status = 'active'").first()?.decode(column: "n", as: Int.self) ?? 0
        let unpaired = try await sql.raw("SELECT COUNT(*) AS n FROM enterprises e WHERE e.status = 'active' AND \(Self.unpaired)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        var kinds = PairingKind.allCases.map { KindFigures(kind: $0, visitDays: settings[$0].visitDays, maxLoad: settings[$0].maxLoad) }
        for row in try await sql.raw("""
            SELECT kind, COUNT(*) AS firms, COUNT(DISTINCT user_id) AS people FROM enterprise_pairings WHERE ended_at IS NULL GROUP BY kind
            """).all() {
            guard let index = kinds.firstIndex(where: { $0.kind.rawValue == (try? row.decode(column: "kind", as: String.self)) }) else { continue }
            kinds[index].pairedFirms = try row.decode(column: "firms", as: Int.self)
            kinds[index].people = try row.decode(column: "people", as: Int.self)
        }
        let overloaded = try await overloaded(settings: settings)
        for item in overloaded {
            if let index = kinds.firstIndex(where: { $0.kind == item.kind }) { kinds[index].overloaded += 1 }
        }
        for row in try await sql.raw("""
            SELECT p.kind, COUNT(*) AS n FROM enterprise_pairings p JOIN enterprises e ON e.id = p.enterprise_id
            WHERE p.ended_at IS NULL AND e.status = 'active' AND \(overdueCondition(today: today, settings: settings)) GROUP BY p.kind
            """).all() {
            guard let index = kinds.firstIndex(where: { $0.kind.rawValue == (try? row.decode(column: "kind", as: String.self)) }) else { continue }
            kinds[index].overdue = try row.decode(column: "n", as: Int.self)
        }
        return Summary(activeFirms: active, unpairedFirms: unpaired, kinds: kinds, overloaded: overloaded)
    }

    /// People holding more firms of a kind than its limit (after the limit was lowered, or a hand-over).
    func overloaded(settings: PairingSettings) async throws -> [Overloaded] {
        try await db.sql.raw("""
            SELECT p.user_id, p.kind, COUNT(*) AS load, u.display_name, un.name AS unit_name
            FROM enterprise_pairings p JOIN users u ON u.id = p.user_id LEFT JOIN units un ON un.id = u.unit_id
            WHERE p.ended_at IS NULL GROUP BY p.user_id, p.kind, u.display_name, un.name ORDER BY COUNT(*) DESC
            """).all().compactMap { row in
                guard let kind = PairingKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
                let load = try row.decode(column: "load", as: Int.self), limit = settings[kind].maxLoad
                guard load > limit else { return nil }
                return Overloaded(userID: try row.decode(column: "user_id", as: Int.self), name: try row.decode(column: "display_name", as: String.self),
                                  unitName: try row.decode(column: "unit_name", as: String?.self), kind: kind, load: load, maxLoad: limit)
            }
    }

    /// Firms whose visit is overdue, the longest overdue first.
    func overdue(today: CivilDate, kind: PairingKind?, page: Pagination) async throws -> (rows: [Due], total: Int) {
        let settings = try await PairingService(db: db).settings()
        var condition: SQLQueryString = "p.ended_at IS NULL AND e.status = 'active' AND \(overdueCondition(today: today, settings: settings))"
        if let kind { condition = condition + " AND p.kind = \(bind: kind.rawValue)" }
        let total = try await db.sql.raw("SELECT COUNT(*) AS n FROM enterprise_pairings p JOIN enterprises e ON e.id = p.enterprise_id WHERE \(condition)")
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await dueRows(condition, settings: settings, order: "COALESCE(e.last_visited_on, '') , p.started_at, p.id", limit: page.perPage, offset: page.offset)
        return (rows, total)
    }

    /// A person's firms, the one whose visit falls due first at the top: whom to visit next.
    func firms(of userID: Int) async throws -> [Due] {
        let settings = try await PairingService(db: db).settings()
        return try await dueRows("p.user_id = \(bind: userID) AND p.ended_at IS NULL", settings: settings, order: "p.id", limit: 10_000, offset: 0)
            .sorted { ($0.dueOn, $0.enterpriseID) < ($1.dueOn, $1.enterpriseID) }
    }

    private func dueRows(_ condition: SQLQueryString, settings: PairingSettings, order: String, limit: Int, offset: Int) async throws -> [Due] {
        try await db.sql.raw("""
            SELECT p.enterprise_id, e.name AS enterprise_name, p.kind, p.user_id, u.display_name, e.last_visited_on, p.started_at
            FROM enterprise_pairings p JOIN enterprises e ON e.id = p.enterprise_id JOIN users u ON u.id = p.user_id
            WHERE \(condition) ORDER BY \(unsafeRaw: order) LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all().compactMap { row in
                guard let kind = PairingKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
                let last = try row.decode(column: "last_visited_on", as: String?.self)
                let started = CivilDate(try row.decode(column: "started_at", as: Date.self))
                let from = max(last.flatMap(CivilDate.init) ?? started, started)
                return Due(enterpriseID: try row.decode(column: "enterprise_id", as: Int.self), enterpriseName: try row.decode(column: "enterprise_name", as: String.self),
                           kind: kind, userID: try row.decode(column: "user_id", as: Int.self), userName: try row.decode(column: "display_name", as: String.self),
                           lastVisitedOn: last, dueOn: from.adding(days: settings[kind].visitDays))
            }
    }

    /// Per kind: no visit since the period began, and the pairing older than the period.
    private func overdueCondition(today: CivilDate, settings: PairingSettings) -> SQLQueryString {
        let clauses: [SQLQueryString] = PairingKind.allCases.map { kind in
            let cutoff = today.adding(days: -(settings[kind].visitDays))
            return "(p.kind = \(bind: kind.rawValue) AND COALESCE(e.last_visited_on, '') < \(bind: cutoff.description) AND p.started_at < \(bind: cutoff.startInChina))"
        }
        return "(" + clauses.joined(separator: " OR ") + ")"
    }
}
