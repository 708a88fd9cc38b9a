import Fluent
import Foundation
import SQLKit

/// Contact corrections an enterprise sends: a new contact, or a replacement for one on file. The
/// office reviews each; an approval applies it through `EnterpriseContacts` in the same
/// transaction as the decision, and both are audited.
struct ContactCorrections: Sendable {
    let db: any Database

    enum Status: String, Codable, Sendable, CaseIterable, CatalogChoice {
        case pending, approved, rejected
        var labelKey: String { "contactRequest.status.\(rawValue)" }
    }

    struct Request: Sendable {
        let id: Int
        let enterpriseID: Int
        let enterpriseName: String
        let requesterName: String
        let replacesContactID: Int?
        let replacesName: String?
        let name: String
        let role: String
        let phone: String
        let note: String
        let status: Status
        let reviewerName: String?
        let reviewReason: String?
        let createdAt: Date
    }

    static let maxPending = 10

    func submit(_ input: EnterpriseContacts.Input, replacing contactID: Int?, note rawNote: String, enterpriseID: Int,
                by actor: AuditActor, now: Date = Date()) async throws {
        let checked = try EnterpriseContacts.check(EnterpriseContacts.Input(name: input.name, role: input.role, phone: input.phone)).get()
        let note = rawNote.trimmed
        guard note.count <= 500 else { throw AppError.validation([.init(field: "note", key: "validation.tooLong", args: ["500"])]) }
        try await db.writeTransaction { db in
            if let contactID {
                guard try await db.sql.raw("SELECT id FROM enterprise_contacts WHERE id = \(bind: contactID) AND enterprise_id = \(bind: enterpriseID)").first() != nil else {
                    throw AppError.validation([.init(field: "replaces", key: "validation.invalidChoice")])
                }
            }
            let pending = try await db.sql.raw("""
                SELECT COUNT(*) AS n FROM enterprise_contact_requests WHERE enterprise_id = \(bind: enterpriseID) AND status = 'pending'
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            guard pending < Self.maxPending else { throw AppError.conflict(key: "contactRequest.tooMany") }
            try await db.sql.raw("""
                INSERT INTO enterprise_contact_requests (enterprise_id, requested_by, requester_name, replaces_contact_id, name, role, phone, note, status, created_at)
                VALUES (\(bind: enterpriseID), \(bind: actor.id), \(bind: actor.name), \(bind: contactID), \(bind: checked.name), \(bind: checked.role),
                        \(bind: checked.phone), \(bind: note), 'pending', \(bind: now))
                """).run()
            try await AuditLog.record(AuditEvent(action: "enterprise.contactRequest", entityType: "enterprise", entityID: String(enterpriseID),
                                                 after: EnterpriseContacts.summary(checked.name, checked.phone)), by: actor, on: db, now: now)
        }
    }

    func list(status: Status?, enterpriseID: Int? = nil, id: Int? = nil, limit: Int = 200) async throws -> [Request] {
        var conditions: [SQLQueryString] = []
        if let id { conditions.append("r.id = \(bind: id)") }
        if let status { conditions.append("r.status = \(bind: status.rawValue)") }
        if let enterpriseID { conditions.append("r.enterprise_id = \(bind: enterpriseID)") }
        let filter: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try await db.sql.raw("""
            SELECT r.*, e.name AS enterprise_name, c.name AS replaces_name FROM enterprise_contact_requests r
            JOIN enterprises e ON e.id = r.enterprise_id LEFT JOIN enterprise_contacts c ON c.id = r.replaces_contact_id
            \(filter) ORDER BY r.id DESC LIMIT \(bind: limit)
            """).all().map { row in
                Request(id: try row.decode(column: "id", as: Int.self), enterpriseID: try row.decode(column: "enterprise_id", as: Int.self),
                        enterpriseName: try row.decode(column: "enterprise_name", as: String.self),
                        requesterName: try row.decode(column: "requester_name", as: String.self),
                        replacesContactID: try row.decode(column: "replaces_contact_id", as: Int?.self),
                        replacesName: try row.decode(column: "replaces_name", as: String?.self),
                        name: try row.decode(column: "name", as: String.self), role: try row.decode(column: "role", as: String.self),
                        phone: try row.decode(column: "phone", as: String.self), note: try row.decode(column: "note", as: String.self),
                        status: Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
                        reviewerName: try row.decode(column: "reviewer_name", as: String?.self),
                        reviewReason: try row.decode(column: "review_reason", as: String?.self),
                        createdAt: try row.decode(column: "created_at", as: Date.self))
            }
    }

    /// Approves (applying the change) or rejects (with a reason) a pending request.
    func review(_ requestID: Int, approve: Bool, reason rawReason: String, by actor: AuditActor, now: Date = Date()) async throws {
        let reason = rawReason.trimmed
        if !approve && reason.isEmpty { throw AppError.validation([.init(field: "reason", key: "validation.required")]) }
        guard reason.count <= 500 else { throw AppError.validation([.init(field: "reason", key: "validation.tooLong", args: ["500"])]) }
        try await db.writeTransaction { db in
            guard let request = try await ContactCorrections(db: db).list(status: nil, id: requestID).first else {
                throw AppError.notFound
            }
            guard request.status == .pending else { throw AppError.conflict(key: "contactRequest.alreadyReviewed") }
            if approve {
                let contacts = EnterpriseContacts(db: db)
                if let old = request.replacesContactID,
                   try await db.sql.raw("SELECT id FROM enterprise_contacts WHERE id = \(bind: old)").first() != nil {
                    try await contacts.remove(old, of: request.enterpriseID, by: actor, now: now)
                }
                try await contacts.add(.init(name: request.name, role: request.role, phone: request.phone), to: request.enterpriseID, by: actor, now: now)
            }
            try await db.sql.raw("""
                UPDATE enterprise_contact_requests SET status = \(bind: approve ? "approved" : "rejected"), reviewer_name = \(bind: actor.name),
                    reviewed_at = \(bind: now), review_reason = \(bind: reason) WHERE id = \(bind: requestID)
                """).run()
            try await AuditLog.record(AuditEvent(action: approve ? "enterprise.contactRequestApprove" : "enterprise.contactRequestReject",
                                                 entityType: "enterprise", entityID: String(request.enterpriseID), reason: reason), by: actor, on: db, now: now)
        }
    }
}
