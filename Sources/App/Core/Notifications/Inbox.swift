import Fluent
import Foundation
import SQLKit

/// The notification service: every event that asks someone to act lands in their inbox.
enum Inbox {
    struct Message: Sendable {
        var kind: String
        var title: String
        var body: String
        var link: String = ""
    }

    /// Set while loading history (the demo's past months), when nobody is waiting to be told.
    @TaskLocal static var muted = false

    static func send(_ message: Message, to userIDs: [Int], on db: any Database, now: Date = Date()) async throws {
        guard !userIDs.isEmpty, !muted else { return }
        let recipients = Set(userIDs).sorted()
        // Kept well under PostgreSQL's 65,535 bound parameters per statement.
        for start in stride(from: 0, to: recipients.count, by: 1000) {
            var insert = db.sql.insert(into: InboxMessage.schema).columns("user_id", "kind", "title", "body", "link", "created_at")
            for userID in recipients[start..<min(start + 1000, recipients.count)] {
                insert = insert.values(SQLBind(userID), SQLBind(message.kind), SQLBind(message.title), SQLBind(message.body), SQLBind(message.link),
                                       SQLBind(now))
            }
            try await insert.run()
        }
    }

    /// Sends a catalog message, rendered in each recipient's own language.
    static func notify(_ userIDs: [Int], kind: String, titleKey: String, bodyKey: String, args: [String] = [], link: String = "",
                       on db: any Database, now: Date = Date()) async throws {
        guard !userIDs.isEmpty, !muted else { return }
        let ids = Set(userIDs).sorted().map(String.init).joined(separator: ",")
        let rows = try await db.sql.raw("SELECT id, locale FROM users WHERE id IN (\(unsafeRaw: ids)) AND active = \(bind: true)").all()
        var byLang: [Lang: [Int]] = [:]
        for row in rows { byLang[Lang(code: try row.decode(column: "locale", as: String.self)), default: []].append(try row.decode(column: "id", as: Int.self)) }
        for (lang, users) in byLang {
            let message = Message(kind: kind, title: Catalog.text(titleKey, lang, args), body: Catalog.text(bodyKey, lang, args), link: link)
            try await send(message, to: users, on: db, now: now)
        }
    }

    /// Active holders of `role`, optionally only in the given units.
    static func holders(of role: Role, inUnits unitIDs: [Int]? = nil, on db: any Database) async throws -> [Int] {
        var conditions: [SQLQueryString] = ["r.role = \(bind: role.rawValue)", "u.active = \(bind: true)"]
        if let unitIDs {
            guard !unitIDs.isEmpty else { return [] }
            conditions.append("u.unit_id IN (\(unsafeRaw: Set(unitIDs).sorted().map(String.init).joined(separator: ",")))")
        }
        return try await db.sql.raw("""
            SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE \(conditions.joined(separator: " AND ")) ORDER BY u.id
            """).all().map { try $0.decode(column: "id", as: Int.self) }
    }

    static func unreadCount(userID: Int, on db: any Database) async throws -> Int {
        try await InboxMessage.query(on: db).filter(\.$user.$id == userID).filter(\.$readAt == nil).count()
    }

    static func markRead(messageID: Int, userID: Int, on db: any Database, now: Date = Date()) async throws -> Bool {
        guard let message = try await InboxMessage.query(on: db)
            .filter(\.$id == messageID).filter(\.$user.$id == userID).first() else { return false }
        if message.readAt == nil {
            message.readAt = now
            try await message.save(on: db)
        }
        return true
    }

    static func markAllRead(userID: Int, on db: any Database, now: Date = Date()) async throws {
        try await InboxMessage.query(on: db)
            .filter(\.$user.$id == userID).filter(\.$readAt == nil)
            .set(\.$readAt, to: now).update()
    }
}
