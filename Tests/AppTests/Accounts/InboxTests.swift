@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Inbox and notifications")
struct InboxTests {
    @Test func lockingAnAccountTellsTheAdministrators() async throws {
        try await withTestApp { app in
            let admin = try await TestData.user(app, "root", roles: [.admin], unit: nil)
            try await TestData.user(app, "alice", roles: [.admin], unit: nil)
            var browser = Browser(app)
            for _ in 0..<5 { try await browser.login("alice", password: "not-the-password") }
            let messages = try await InboxMessage.query(on: app.db).filter(\.$user.$id == admin).all()
            #expect(messages.count == 1)
            #expect(messages.first?.title.contains("alice") == true)
            #expect(messages.first?.link.hasPrefix("/users/") == true)
        }
    }

    @Test func resetAndUnlockTellTheUserInTheirLanguage() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let id = try await TestData.user(app, "bob", roles: [.unitStaff], unit: org.department)
            try await User.query(on: app.db).filter(\.$id == id).set(\.$locale, to: "en").update()
            let service = UserService(db: app.db, hasher: app.passwordHasher)
            _ = try await service.resetPassword(id, by: AuditActor(id: nil, name: "root", address: "x"))
            try await service.unlock(id, by: AuditActor(id: nil, name: "root", address: "x"))
            let titles = try await InboxMessage.query(on: app.db).filter(\.$user.$id == id).sort(\.$id).all().map(\.title)
            #expect(titles == ["Your password was reset", "Your account was unlocked"])
        }
    }

    @Test func unitHeadsHearWhenTheirUnitJoinsATaskForce() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let head = try await TestData.user(app, "head", roles: [.unitHead], unit: org.otherDepartment)
            let staff = try await TestData.user(app, "staff", roles: [.unitStaff], unit: org.otherDepartment)
            let service = WorkGroupService(db: app.db)
            let input = WorkGroupInput(kind: "task_force", name: "纳税专班", leadUnitID: org.department, memberUnitIDs: [org.otherDepartment])
            let groupID = try await service.create(input, by: .system())
            #expect(try await InboxMessage.query(on: app.db).filter(\.$user.$id == head).count() == 1)
            #expect(try await InboxMessage.query(on: app.db).filter(\.$user.$id == staff).count() == 0)
            // Saving again without changes tells nobody twice.
            try await service.update(groupID, input, by: .system())
            #expect(try await InboxMessage.query(on: app.db).filter(\.$user.$id == head).count() == 1)

            var browser = Browser(app)
            try await browser.login("head")
            let home = try await browser.get("/")
            #expect(home.body.string.contains(#"<span class="badge badge-count">1</span>"#))
            let inbox = try await browser.get("/inbox")
            #expect(inbox.body.string.contains("纳税专班"))
            let messageID = try #require(try await InboxMessage.query(on: app.db).filter(\.$user.$id == head).first()?.id)
            let open = try await browser.post("/inbox/\(messageID)/read")
            #expect(open.headers.first(name: .location) == "/groups/\(groupID)")
            #expect(try await Inbox.unreadCount(userID: head, on: app.db) == 0)
            // Someone else's message is not found, not readable.
            var other = Browser(app)
            try await other.login("staff")
            #expect(try await other.post("/inbox/\(messageID)/read").status == .notFound)
        }
    }

    @Test func emptyInboxSaysSo() async throws {
        try await withTestApp { app in
            try await TestData.user(app, "root", roles: [.admin], unit: nil)
            var browser = Browser(app)
            try await browser.login("root")
            #expect(try await browser.get("/inbox").body.string.contains("没有消息"))
        }
    }
}

@Suite("Configuration and operations")
struct OperationsTests {
    @Test func productionRefusesToStartWithoutItsSettings() throws {
        #expect(throws: AppConfig.MissingSetting.self) { try AppConfig.load(.production, get: { _ in nil }) }
        let config = try AppConfig.load(.production, get: { ["YINGSHANG_BASE_URL": "https://ys.example.cn"][$0] })
        #expect(config.secureCookies)
        #expect(config.bcryptCost == 12)
        let postgres = try AppConfig.load(.development, get: { ["DATABASE_URL": "postgres://u@h/db"][$0] })
        #expect(postgres.isPostgres)
        let sqlite = try AppConfig.load(.development, get: { ["YINGSHANG_DATA": "/srv/ys"][$0] })
        #expect(sqlite.database == .sqlite(path: "/srv/ys/yingshang.sqlite"))
    }

    @Test func backupIsAConsistentCopy() async throws {
        try await withTestApp { app in
            guard app.db.isSQLite else { return }
            _ = try await TestData.org(app)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("ys-backup-\(UUID().uuidString).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await SQLiteBackup.write(to: path, from: app.db)
            let header = try #require(FileManager.default.contents(atPath: path)?.prefix(16))
            #expect(String(decoding: header, as: UTF8.self).hasPrefix("SQLite format 3"))
        }
    }

    @Test func healthEndpoints() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/livez") { #expect($0.status == .ok) }
            try await app.testing().test(.GET, "/healthz") { #expect($0.status == .ok) }
        }
    }

    @Test func everyCatalogKeyUsedInTheCodeExists() throws {
        // Walks the sources for literal catalog keys so a typo shows up here, not as a raw key on a page.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/App")
        let prefixes = ["app", "a11y", "nav", "action", "common", "pagination", "error", "validation", "home", "import", "unit", "group",
                        "user", "login", "account", "password", "token", "inbox", "audit", "notice", "plan", "task", "order", "report",
                        "review", "evidence", "calendar", "light", "taskSource", "taskOutput", "taskStatus", "orderStatus", "orderAction",
                        "orderRole", "orderBox", "reportStatus", "reportAction", "rollup", "planStatus", "month", "weekday", "supervision",
                        "supervisionKind", "supervisionStatus", "supervisionAction", "cycle", "cycleStatus", "cycleAction", "meeting", "bulletin", "stats", "portal", "cockpit", "instruction", "webhook"]
        let pattern = try Regex(#""((?:"# + prefixes.joined(separator: "|") + #")\.[A-Za-z0-9_.]+)""#)
        let auditActions: Set<String> = ["unit.create", "unit.update", "unit.activate", "unit.deactivate", "unit.import", "group.create",
                                         "group.update", "user.create", "user.update", "user.activate", "user.deactivate", "user.resetPassword",
                                         "user.unlock", "user.changePassword", "user.setPassword", "group.memberAdded", "account.locked", "account.passwordReset", "account.unlocked",
                                         "plan.create", "plan.update", "task.create", "task.update", "task.dispatch", "order.create", "report.create",
                                         "report.update", "calendar.set", "calendar.delete", "evidence.delete", "task.import", "supervision.issue", "supervision.auto",
                                         "supervision.writtenReport", "supervision.scan", "supervision.report", "cycle.urge", "meeting.create", "task.instruct",
                                         "webhook.create", "webhook.activate", "webhook.deactivate", "webhook.deliver"]
        var missing: [String] = []
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 20)
        for file in files where !file.path.contains("CatalogStrings") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                let key = String(match.output[1].substring ?? "")
                if Catalog.entries[key] == nil, !auditActions.contains(key) { missing.append("\(file.lastPathComponent): \(key)") }
            }
        }
        #expect(missing.isEmpty, "\(missing)")
        for (key, entry) in Catalog.entries {
            #expect(!entry.zh.isEmpty && !entry.en.isEmpty, "\(key)")
        }
    }
}
