import Fluent
import Foundation
import SQLKit

/// A bulk-assignment rule: which firms (those of `firms` with no current pairing of `kind`) go
/// to which people (those eligible for `kind` in one unit's subtree, or, for each firm, the
/// people of its own town or street), balanced by load and never past the kind's limit.
struct PairingRule: Sendable, Equatable {
    enum Pool: String, Sendable, CaseIterable, CatalogChoice {
        /// People of one unit and the units under it (e.g. the investment-promotion bureau's commissioners).
        case unit
        /// For each firm, the people of its town or street (its liaisons).
        case firmRegion = "region"
        var labelKey: String { "pairingPool.\(rawValue)" }
    }

    var kind: PairingKind
    var firms: EnterpriseFilter
    var pool: Pool
    var poolUnitID: Int?
}

/// Plans and applies `PairingRule`s. The plan is deterministic (firms by id, ties between people
/// by id), so the preview and the run that follows it agree when nothing changed in between.
struct PairingRules: Sendable {
    let db: any Database

    struct Person: Sendable, Equatable {
        let id: Int
        let name: String
        let unitName: String?
        let loadBefore: Int
        var loadAfter: Int
    }

    struct Plan: Sendable {
        /// Firms the filter matches, paired or not.
        var matched = 0
        /// Of those, firms that already have someone of this kind (left as they are).
        var alreadyPaired = 0
        /// (enterprise, person) pairs to create.
        var assignments: [(enterprise: Int, person: Int)] = []
        /// Firms left unpaired because their pool is empty or full.
        var leftOver = 0
        /// Regions (towns/streets) whose firms found nobody to take them, with how many firms.
        var regionsWithoutPeople: [(name: String, firms: Int)] = []
        var people: [Person] = []
        var maxLoad = 0
    }

    static let insertBatch = 5_000

    static func unpaired(_ kind: PairingKind) -> SQLQueryString {
        "NOT EXISTS (SELECT 1 FROM enterprise_pairings p WHERE p.enterprise_id = e.id AND p.kind = \(bind: kind.rawValue) AND p.ended_at IS NULL)"
    }

    func plan(_ rule: PairingRule) async throws -> Plan {
        let limit = try await PairingService(db: db).settings()[rule.kind].maxLoad
        let sql = db.sql
        let search = EnterpriseSearch(db: db)
        let filter = search.whereClause(rule.firms)
        var plan = Plan(maxLoad: limit)
        plan.matched = try await sql.raw("SELECT COUNT(*) AS n FROM enterprises e \(filter)").first()?.decode(column: "n", as: Int.self) ?? 0
        let firms = try await sql.raw("""
            SELECT e.id, e.region_unit_id FROM enterprises e \(search.whereClause(rule.firms, and: [Self.unpaired(rule.kind)])) ORDER BY e.id
            """).all().map { (id: try $0.decode(column: "id", as: Int.self), region: try $0.decode(column: "region_unit_id", as: Int?.self)) }
        plan.alreadyPaired = plan.matched - firms.count

        var poolScope: SQLQueryString = ""
        if rule.pool == .unit {
            guard let unitID = rule.poolUnitID else { throw AppError.invalid("poolUnit", "validation.required") }
            guard let path = try await UnitService(db: db).path(of: unitID) else { throw AppError.invalid("poolUnit", "validation.invalidChoice") }
            poolScope = "AND un.path LIKE \(bind: SQLLike.escape(path) + "%") ESCAPE '\\'"
        }
        let candidates = try await sql.raw("""
            SELECT u.id, u.display_name, un.name AS unit_name, un.path AS unit_path,
                   (SELECT COUNT(*) FROM enterprise_pairings p WHERE p.user_id = u.id AND p.kind = \(bind: rule.kind.rawValue) AND p.ended_at IS NULL) AS load
            FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = \(bind: rule.kind.requiredRole.rawValue)
            LEFT JOIN units un ON un.id = u.unit_id
            WHERE u.active = \(bind: true) \(poolScope)
            ORDER BY u.id
            """).all()
        var people: [Person] = []
        var unitPaths: [String?] = []
        for row in candidates {
            let load = try row.decode(column: "load", as: Int.self)
            people.append(Person(id: try row.decode(column: "id", as: Int.self), name: try row.decode(column: "display_name", as: String.self),
                                 unitName: try row.decode(column: "unit_name", as: String?.self), loadBefore: load, loadAfter: load))
            unitPaths.append(try row.decode(column: "unit_path", as: String?.self))
        }

        // One pool for a unit's people; one per town or street otherwise.
        var pools: [Int?: LoadHeap] = [:]
        var regionNames: [Int: (name: String, path: String)] = [:]
        if rule.pool == .firmRegion {
            let regionIDs = Set(firms.compactMap(\.region))
            if !regionIDs.isEmpty {
                for row in try await sql.raw("SELECT id, name, path FROM units WHERE id IN (\(binds: Array(regionIDs)))").all() {
                    regionNames[try row.decode(column: "id", as: Int.self)] = (try row.decode(column: "name", as: String.self), try row.decode(column: "path", as: String.self))
                }
            }
            var byPath: [String: [Int]] = [:]
            for (index, path) in unitPaths.enumerated() { if let path { byPath[path, default: []].append(index) } }
            for (regionID, region) in regionNames {
                let members = byPath.filter { $0.key.hasPrefix(region.path) }.flatMap(\.value)
                pools[regionID] = LoadHeap(members: members, people: people)
            }
        } else {
            pools[nil] = LoadHeap(members: Array(people.indices), people: people)
        }

        var starved: [Int: Int] = [:]
        for firm in firms {
            let key: Int? = rule.pool == .firmRegion ? firm.region : nil
            guard let index = pools[key]?.take(limit: limit, people: &people) else {
                plan.leftOver += 1
                if let region = firm.region, rule.pool == .firmRegion { starved[region, default: 0] += 1 }
                continue
            }
            plan.assignments.append((firm.id, people[index].id))
        }
        plan.regionsWithoutPeople = starved.map { (regionNames[$0.key]?.name ?? String($0.key), $0.value) }.sorted { $0.firms > $1.firms }
        plan.people = people
        return plan
    }

    /// Plans the rule again inside one transaction and writes all its pairings, or none.
    func apply(_ rule: PairingRule, description: String, by actor: AuditActor, now: Date = Date()) async throws -> Plan {
        try await db.writeTransaction { db in
            let plan = try await PairingRules(db: db).plan(rule)
            for start in stride(from: 0, to: plan.assignments.count, by: Self.insertBatch) {
                let batch = plan.assignments[start..<min(start + Self.insertBatch, plan.assignments.count)]
                try await db.insertAll(batch.map { item -> [any Encodable & Sendable] in
                    [item.enterprise, item.person, rule.kind.rawValue, now, actor.name, description]
                }, into: Pairing.schema, columns: ["enterprise_id", "user_id", "kind", "started_at", "started_by", "start_reason"])
            }
            try await AuditLog.record(AuditEvent(action: "pairing.rule", entityType: "pairing_rule", entityID: rule.kind.rawValue, reason: description,
                                                 after: AuditLog.snapshot(["assigned": String(plan.assignments.count), "leftOver": String(plan.leftOver),
                                                                           "alreadyPaired": String(plan.alreadyPaired)])),
                                      by: actor, on: db, now: now)
            return plan
        }
    }
}

/// People of one pool by current load, lightest first (ties by position, i.e. by user id).
private struct LoadHeap: Sendable {
    private var items: [(load: Int, index: Int)]

    init(members: [Int], people: [PairingRules.Person]) {
        items = []
        for index in members.sorted() { push((people[index].loadAfter, index)) }
    }

    /// The lightest person still under `limit`, whose load then grows by one.
    mutating func take(limit: Int, people: inout [PairingRules.Person]) -> Int? {
        guard let top = items.first, top.load < limit else { return nil }
        people[top.index].loadAfter += 1
        items[0].load += 1
        siftDown(0)
        return top.index
    }

    private static func less(_ a: (load: Int, index: Int), _ b: (load: Int, index: Int)) -> Bool {
        (a.load, a.index) < (b.load, b.index)
    }

    private mutating func push(_ item: (load: Int, index: Int)) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count, Self.less(items[left], items[smallest]) { smallest = left }
            if right < items.count, Self.less(items[right], items[smallest]) { smallest = right }
            if smallest == parent { return }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
