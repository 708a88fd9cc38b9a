import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// Who did something, as the audit log records it.
struct AuditActor: Sendable {
    let id: Int?
    let name: String
    let address: String

    static func system(_ name: String = "system") -> AuditActor { AuditActor(id: nil, name: name, address: "local") }
}

/// What happened. `before`/`after` are JSON snapshots of the changed record.
struct AuditEvent: Sendable {
    var action: String
    var entityType: String
    var entityID: String
    var reason: String = ""
    var before: String = ""
    var after: String = ""
}

enum AuditLog {
    static let genesisHash = String(repeating: "0", count: 64)

    /// Appends one record. Call it inside the write transaction of the change it describes,
    /// so the change and its record commit or fail together.
    static func record(_ event: AuditEvent, by actor: AuditActor, on db: any Database, now: Date = Date()) async throws {
        try await db.writeTransaction { db in
            let sql = db.sql
            let lock = db.isSQLite ? "" : " FOR UPDATE"
            guard let head = try await sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1\(unsafeRaw: lock)").first() else {
                throw Abort(.internalServerError, reason: "audit_head row is missing")
            }
            let entry = AuditEntry()
            entry.id = try head.decode(column: "seq", as: Int.self) + 1
            entry.atMillis = Int((now.timeIntervalSince1970 * 1000).rounded())
            entry.actorID = actor.id
            entry.actorName = actor.name
            entry.action = event.action
            entry.entityType = event.entityType
            entry.entityID = event.entityID
            entry.address = actor.address
            entry.reason = event.reason
            entry.before = event.before
            entry.after = event.after
            entry.prevHash = try head.decode(column: "hash", as: String.self)
            entry.hash = hash(of: entry)
            // A plain INSERT: this runs on every state change, and a model round trip costs more than the row.
            try await sql.insert(into: AuditEntry.schema)
                .columns("seq", "at_ms", "actor_id", "actor_name", "action", "entity_type", "entity_id", "address", "reason", "before", "after",
                         "prev_hash", "hash")
                .values(SQLBind(entry.id!), SQLBind(entry.atMillis), SQLBind(entry.actorID), SQLBind(entry.actorName), SQLBind(entry.action),
                        SQLBind(entry.entityType), SQLBind(entry.entityID), SQLBind(entry.address), SQLBind(entry.reason), SQLBind(entry.before),
                        SQLBind(entry.after), SQLBind(entry.prevHash), SQLBind(entry.hash))
                .run()
            try await sql.raw("UPDATE audit_head SET seq = \(bind: entry.id!), hash = \(bind: entry.hash) WHERE id = 1").run()
        }
    }

    /// Length-prefixed fields, so no choice of field contents can make two records hash alike.
    static func hash(of entry: AuditEntry) -> String {
        let fields: [String] = [
            entry.prevHash, String(entry.id ?? 0), String(entry.atMillis), entry.actorID.map(String.init) ?? "",
            entry.actorName, entry.action, entry.entityType, entry.entityID, entry.address, entry.reason,
            entry.before, entry.after,
        ]
        var canonical = ""
        for field in fields { canonical += "\(field.utf8.count):\(field);" }
        return Tokens.hex(SHA256.hash(data: Data(canonical.utf8)))
    }

    struct Verification: Sendable, Equatable {
        var checked: Int
        var problem: String?
        var firstBadSeq: Int?
        var ok: Bool { problem == nil }
    }

    /// Walks the chain from the first record: sequence numbers must run without gaps, each
    /// record must point at its predecessor's hash and hash to what it says, and the head must
    /// name the last record.
    static func verify(on db: any Database, batchSize: Int = 2000) async throws -> Verification {
        var expectedPrev = genesisHash
        var expectedSeq = 1
        var checked = 0
        while true {
            let batch = try await AuditEntry.query(on: db)
                .filter(\.$id >= expectedSeq)
                .sort(\.$id)
                .limit(batchSize)
                .all()
            if batch.isEmpty { break }
            for entry in batch {
                let seq = entry.id ?? -1
                if seq != expectedSeq {
                    return Verification(checked: checked, problem: "record \(expectedSeq) is missing (next is \(seq))", firstBadSeq: expectedSeq)
                }
                if entry.prevHash != expectedPrev {
                    return Verification(checked: checked, problem: "record \(seq) does not link to record \(seq - 1)", firstBadSeq: seq)
                }
                if hash(of: entry) != entry.hash {
                    return Verification(checked: checked, problem: "record \(seq) was altered (hash mismatch)", firstBadSeq: seq)
                }
                expectedPrev = entry.hash
                expectedSeq += 1
                checked += 1
            }
        }
        let head = try await db.sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first()
        let headSeq = try head?.decode(column: "seq", as: Int.self) ?? -1
        let headHash = try head?.decode(column: "hash", as: String.self) ?? ""
        if headSeq != checked || headHash != expectedPrev {
            return Verification(checked: checked, problem: "the head names record \(headSeq) but the chain ends at \(checked): records were removed from the end", firstBadSeq: checked + 1)
        }
        return Verification(checked: checked, problem: nil, firstBadSeq: nil)
    }

    /// A stable JSON snapshot for `before`/`after` (sorted keys, so equal records read equal).
    static func snapshot(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? ""
    }
}

extension Request {
    var auditActor: AuditActor {
        AuditActor(id: principal?.userID, name: principal?.username ?? "anonymous", address: clientAddress)
    }
}
