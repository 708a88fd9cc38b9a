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

    static func send(_ message: Message, to userIDs: [Int], on db: any Database, now: Date = Date()) async throws {
        guard !userIDs.isEmpty else { return }
        let rows = Set(userIDs).sorted().map { userID -> InboxMessage in
            let row = InboxMessage()
            row.$user.id = userID
            row.kind = message.kind
            row.title = message.title
            row.body = message.body
            row.link = message.link
            row.createdAt = now
            return row
        }
        // Kept well under PostgreSQL's 65,535 bound parameters per statement.
        for start in stride(from: 0, to: rows.count, by: 1000) {
            try await rows[start..<min(start + 1000, rows.count)].create(on: db)
        }
    }

    /// Sends a catalog message, rendered in each recipient's own language.
    static func notify(_ userIDs: [Int], kind: String, titleKey: String, bodyKey: String, args: [String] = [], link: String = "",
                       on db: any Database, now: Date = Date()) async throws {
        guard !userIDs.isEmpty else { return }
        let recipients = try await User.query(on: db).filter(\.$id ~~ Set(userIDs)).filter(\.$active == true).all()
        let byLang = Dictionary(grouping: recipients) { Lang(code: $0.locale) }
        for (lang, users) in byLang {
            let message = Message(kind: kind, title: Catalog.text(titleKey, lang, args), body: Catalog.text(bodyKey, lang, args), link: link)
            try await send(message, to: users.compactMap(\.id), on: db, now: now)
        }
    }

    /// Active holders of `role`, optionally only in the given units.
    static func holders(of role: Role, inUnits unitIDs: [Int]? = nil, on db: any Database) async throws -> [Int] {
        var query = User.query(on: db).join(UserRole.self, on: \UserRole.$user.$id == \User.$id)
            .filter(UserRole.self, \.$role == role).filter(\.$active == true)
        if let unitIDs { query = query.filter(\.$unit.$id ~~ unitIDs) }
        return try await query.all().compactMap(\.id)
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
