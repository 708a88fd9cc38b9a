import Fluent
import Foundation
import SQLKit

/// Each kind's visit period and load limit, with the defaults for a kind the table lacks.
struct PairingSettings: Sendable {
    fileprivate(set) var byKind: [PairingKind: (visitDays: Int, maxLoad: Int)] = [:]

    subscript(kind: PairingKind) -> (visitDays: Int, maxLoad: Int) { byKind[kind] ?? (kind.defaultVisitDays, kind.defaultMaxLoad) }
}

struct PairingRow: Sendable, Codable, Equatable {
    let id: Int
    let enterpriseID: Int
    let kind: PairingKind
    let userID: Int
    let userName: String
    let unitName: String?
    let startedAt: Date
    let startedBy: String
    let startReason: String
    let endedAt: Date?
    let endedBy: String?
    let endReason: String?
}

/// Pairs people with enterprises one at a time: assign (ending whoever held that kind before),
/// end, and hand a leaving person's firms to someone else. Every change is a row in the history
/// and an audit entry, in one transaction. Bulk assignment by rules is `PairingRules`.
struct PairingService: Sendable {
    let db: any Database

    static let columns: SQLQueryString = """
        p.id, p.enterprise_id, p.kind, p.user_id, us.display_name AS user_name, un.name AS unit_name, p.started_at, p.started_by,
        p.start_reason, p.ended_at, p.ended_by, p.end_reason
        """

    static func row(_ row: any SQLRow) throws -> PairingRow {
        PairingRow(id: try row.decode(column: "id", as: Int.self), enterpriseID: try row.decode(column: "enterprise_id", as: Int.self),
                   kind: PairingKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .liaison,
                   userID: try row.decode(column: "user_id", as: Int.self), userName: try row.decode(column: "user_name", as: String.self),
                   unitName: try row.decode(column: "unit_name", as: String?.self), startedAt: try row.decode(column: "started_at", as: Date.self),
                   startedBy: try row.decode(column: "started_by", as: String.self), startReason: try row.decode(column: "start_reason", as: String.self),
                   endedAt: try row.decode(column: "ended_at", as: Date?.self), endedBy: try row.decode(column: "ended_by", as: String?.self),
                   endReason: try row.decode(column: "end_reason", as: String?.self))
    }

    /// Every pairing the firm has had, current ones first.
    func history(of enterpriseID: Int) async throws -> [PairingRow] {
        try await rows(where: "p.enterprise_id = \(bind: enterpriseID)")
    }

    /// One pairing of the firm, current or ended; nil when the firm has no such pairing.
    func pairing(_ id: Int, of enterpriseID: Int) async throws -> PairingRow? {
        try await rows(where: "p.id = \(bind: id) AND p.enterprise_id = \(bind: enterpriseID)").first
    }

    /// The firm's current pairing of one kind (a firm has at most one of each).
    func current(of enterpriseID: Int, kind: PairingKind) async throws -> PairingRow? {
        try await rows(where: "p.enterprise_id = \(bind: enterpriseID) AND p.kind = \(bind: kind.rawValue) AND p.ended_at IS NULL").first
    }

    private func rows(where condition: SQLQueryString) async throws -> [PairingRow] {
        try await db.sql.raw("""
            SELECT \(Self.columns) FROM enterprise_pairings p JOIN users us ON us.id = p.user_id LEFT JOIN units un ON un.id = us.unit_id
            WHERE \(condition)
            ORDER BY CASE WHEN p.ended_at IS NULL THEN 0 ELSE 1 END, p.started_at DESC, p.id DESC
            """).all().map(Self.row)
    }

    func settings() async throws -> PairingSettings {
        var settings = PairingSettings()
        for setting in try await PairingKindSetting.query(on: db).all() {
            if let kind = setting.id.flatMap(PairingKind.init(rawValue:)) { settings.byKind[kind] = (setting.visitDays, setting.maxLoad) }
        }
        return settings
    }

    func updateSettings(_ values: [PairingKind: (visitDays: Int?, maxLoad: Int?)], by actor: AuditActor) async throws {
        var problems: [FieldProblem] = []
        for kind in PairingKind.allCases {
            let value = values[kind]
            if value?.visitDays.map({ (1...366).contains($0) }) != true {
                problems.append(.init(field: "visitDays.\(kind.rawValue)", key: "validation.range", args: ["1", "366"]))
            }
            if value?.maxLoad.map({ (1...100_000).contains($0) }) != true {
                problems.append(.init(field: "maxLoad.\(kind.rawValue)", key: "validation.range", args: ["1", "100000"]))
            }
        }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        try await db.writeTransaction { db in
            for kind in PairingKind.allCases {
                guard let days = values[kind]?.visitDays, let load = values[kind]?.maxLoad else { continue }
                try await db.sql.raw("UPDATE pairing_kind_settings SET visit_days = \(bind: days), max_load = \(bind: load) WHERE kind = \(bind: kind.rawValue)").run()
            }
            try await AuditLog.record(AuditEvent(action: "pairing.settings", entityType: "pairing_kind_settings", entityID: "all",
                                                 after: AuditLog.snapshot(Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, "\($0.value.visitDays ?? 0)/\($0.value.maxLoad ?? 0)") }))),
                                      by: actor, on: db)
        }
    }

    /// The active person under this username, if they may be paired in `kind`.
    func person(_ username: String, for kind: PairingKind) async throws -> Int {
        let name = username.trimmedSpaces
        guard !name.isEmpty else { throw AppError.validation([.init(field: "person", key: "validation.required")]) }
        guard let row = try await db.sql.raw("""
            SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
            WHERE u.username = \(bind: name) AND u.active = \(bind: true) AND r.role = \(bind: kind.requiredRole.rawValue)
            """).first() else {
            throw AppError.validation([.init(field: "person", key: "pairing.personNotEligible", args: [name])])
        }
        return try row.decode(column: "id", as: Int.self)
    }

    /// Current pairings per person in `kind`.
    func load(of userID: Int, kind: PairingKind) async throws -> Int {
        try await db.sql.raw("""
            SELECT COUNT(*) AS n FROM enterprise_pairings WHERE user_id = \(bind: userID) AND kind = \(bind: kind.rawValue) AND ended_at IS NULL
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Pairs `userID` with the firm in `kind`, ending the pairing it replaces.
    func assign(enterpriseID: Int, kind: PairingKind, userID: Int, reason: String, by actor: AuditActor, now: Date = Date()) async throws {
        let reason = reason.trimmedSpaces
        guard reason.count <= 200 else { throw AppError.validation([.init(field: "reason", key: "validation.tooLong", args: ["200"])]) }
        let limit = try await settings()[kind].maxLoad
        try await db.writeTransaction { db in
            let service = PairingService(db: db)
            guard try await Enterprise.find(enterpriseID, on: db) != nil else { throw AppError.notFound }
            let current = try await db.sql.raw("""
                SELECT id, user_id FROM enterprise_pairings WHERE enterprise_id = \(bind: enterpriseID) AND kind = \(bind: kind.rawValue) AND ended_at IS NULL
                """).first()
            if let current, try current.decode(column: "user_id", as: Int.self) == userID { throw AppError.conflict(key: "pairing.alreadyPaired") }
            guard try await service.load(of: userID, kind: kind) < limit else { throw AppError.conflict(key: "pairing.overLoad") }
            if let current { try await service.close(try current.decode(column: "id", as: Int.self), reason: reason.isEmpty ? "reassigned" : reason, by: actor, now: now) }
            try await db.sql.raw("""
                INSERT INTO enterprise_pairings (enterprise_id, user_id, kind, started_at, started_by, start_reason)
                VALUES (\(bind: enterpriseID), \(bind: userID), \(bind: kind.rawValue), \(bind: now), \(bind: actor.name), \(bind: reason))
                """).run()
            try await AuditLog.record(AuditEvent(action: "pairing.assign", entityType: "enterprise", entityID: String(enterpriseID), reason: reason,
                                                 after: AuditLog.snapshot(["kind": kind.rawValue, "user_id": String(userID)])), by: actor, on: db, now: now)
        }
    }

    /// Ends one pairing with a reason.
    func end(_ pairingID: Int, reason: String, by actor: AuditActor, now: Date = Date()) async throws {
        let reason = reason.trimmedSpaces
        guard !reason.isEmpty else { throw AppError.validation([.init(field: "reason", key: "validation.required")]) }
        try await db.writeTransaction { db in try await PairingService(db: db).close(pairingID, reason: reason, by: actor, now: now) }
    }

    private func close(_ pairingID: Int, reason: String, by actor: AuditActor, now: Date) async throws {
        guard let row = try await db.sql.raw("SELECT enterprise_id, user_id, kind, ended_at FROM enterprise_pairings WHERE id = \(bind: pairingID)").first() else {
            throw AppError.notFound
        }
        guard try row.decode(column: "ended_at", as: Date?.self) == nil else { throw AppError.conflict(key: "pairing.alreadyEnded") }
        try await db.sql.raw("""
            UPDATE enterprise_pairings SET ended_at = \(bind: now), ended_by = \(bind: actor.name), end_reason = \(bind: reason) WHERE id = \(bind: pairingID)
            """).run()
        try await AuditLog.record(AuditEvent(action: "pairing.end", entityType: "enterprise", entityID: String(try row.decode(column: "enterprise_id", as: Int.self)),
                                             reason: reason, before: AuditLog.snapshot(["kind": try row.decode(column: "kind", as: String.self),
                                                                                        "user_id": String(try row.decode(column: "user_id", as: Int.self))])),
                                  by: actor, on: db, now: now)
    }

    /// When a person leaves: all their current pairings go to `successor` (who must be eligible
    /// for each kind and stay within its load), or, with no successor, end, so that the firms show as
    /// unpaired and the next rule run picks them up. Returns how many pairings moved.
    @discardableResult
    func handOver(from userID: Int, to successor: Int?, reason: String, by actor: AuditActor, now: Date = Date()) async throws -> Int {
        let reason = reason.trimmedSpaces
        guard !reason.isEmpty else { throw AppError.validation([.init(field: "reason", key: "validation.required")]) }
        guard successor != userID else { throw AppError.validation([.init(field: "successor", key: "pairing.handOverToSelf")]) }
        let limits = try await settings()
        return try await db.writeTransaction { db in
            let sql = db.sql
            let held = try await sql.raw("""
                SELECT id, enterprise_id, kind FROM enterprise_pairings WHERE user_id = \(bind: userID) AND ended_at IS NULL ORDER BY id
                """).all().map { (id: try $0.decode(column: "id", as: Int.self), enterprise: try $0.decode(column: "enterprise_id", as: Int.self),
                                  kind: PairingKind(rawValue: try $0.decode(column: "kind", as: String.self)) ?? .liaison) }
            guard !held.isEmpty else { throw AppError.conflict(key: "pairing.nothingToHandOver") }
            if let successor {
                let roles = Set(try await sql.raw("""
                    SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.id = \(bind: successor) AND u.active = \(bind: true)
                    """).all().compactMap { Role(rawValue: try $0.decode(column: "role", as: String.self)) })
                for kind in Set(held.map(\.kind)) {
                    guard roles.contains(kind.requiredRole) else { throw AppError.validation([.init(field: "successor", key: "pairing.successorNotEligible")]) }
                    let load = try await PairingService(db: db).load(of: successor, kind: kind)
                    let incoming = held.filter { $0.kind == kind }.count
                    guard load + incoming <= (limits[kind].maxLoad) else { throw AppError.conflict(key: "pairing.successorOverLoad") }
                }
            }
            try await sql.raw("""
                UPDATE enterprise_pairings SET ended_at = \(bind: now), ended_by = \(bind: actor.name), end_reason = \(bind: reason)
                WHERE user_id = \(bind: userID) AND ended_at IS NULL
                """).run()
            if let successor {
                try await db.insertAll(held.map { item -> [any Encodable & Sendable] in [item.enterprise, successor, item.kind.rawValue, now, actor.name, reason] },
                                       into: Pairing.schema, columns: ["enterprise_id", "user_id", "kind", "started_at", "started_by", "start_reason"])
            }
            try await AuditLog.record(AuditEvent(action: "pairing.handOver", entityType: "user", entityID: String(userID), reason: reason,
                                                 after: AuditLog.snapshot(["successor": successor.map(String.init) ?? "", "pairings": String(held.count)])),
                                      by: actor, on: db, now: now)
            return held.count
        }
    }
}
