@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@Suite("Audit log")
struct AuditLogTests {
    @Test func changesAreChainedAndVerify() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            _ = try await UnitService(db: app.db).update(org.department, UnitInput(name: "改名后的局", code: "D01", kind: "department", parentID: org.city),
                                                         by: AuditActor(id: nil, name: "tester", address: "10.0.0.1"))
            let entries = try await AuditEntry.query(on: app.db).sort(\.$id).all()
            #expect(entries.map(\.id) == Array(1...entries.count).map { Optional($0) })
            let update = try #require(entries.last)
            #expect(update.action == "unit.update")
            #expect(update.actorName == "tester")
            #expect(update.address == "10.0.0.1")
            #expect(update.before.contains("测试市市场监督管理局"))
            #expect(update.after.contains("改名后的局"))
            for (previous, entry) in zip(entries, entries.dropFirst()) { #expect(entry.prevHash == previous.hash) }
            let result = try await AuditLog.verify(on: app.db)
            #expect(result.ok)
            #expect(result.checked == entries.count)
        }
    }

    @Test func theDatabaseRefusesEditsAndDeletes() async throws {
        try await withTestApp { app in
            try await AuditLog.record(AuditEvent(action: "x", entityType: "y", entityID: "1"), by: .system(), on: app.db)
            await #expect(throws: (any Error).self) { try await app.db.sql.raw("UPDATE audit_log SET action = 'z'").run() }
            await #expect(throws: (any Error).self) { try await app.db.sql.raw("DELETE FROM audit_log").run() }
        }
    }

    @Test func tamperingIsDetected() async throws {
        try await withTestApp { app in
            for index in 1...5 {
                try await AuditLog.record(AuditEvent(action: "test", entityType: "t", entityID: String(index)), by: .system(), on: app.db)
            }
            // Someone with database access drops the guard and edits record 3.
            try await dropGuards(app)
            try await app.db.sql.raw("UPDATE audit_log SET reason = 'nothing happened' WHERE seq = 3").run()
            let altered = try await AuditLog.verify(on: app.db)
            #expect(!altered.ok)
            #expect(altered.firstBadSeq == 3)
        }
    }

    @Test func removalIsDetected() async throws {
        try await withTestApp { app in
            for index in 1...4 {
                try await AuditLog.record(AuditEvent(action: "test", entityType: "t", entityID: String(index)), by: .system(), on: app.db)
            }
            try await dropGuards(app)
            try await app.db.sql.raw("DELETE FROM audit_log WHERE seq = 2").run()
            #expect(try await AuditLog.verify(on: app.db).firstBadSeq == 2)
        }
        try await withTestApp { app in
            for index in 1...4 {
                try await AuditLog.record(AuditEvent(action: "test", entityType: "t", entityID: String(index)), by: .system(), on: app.db)
            }
            try await dropGuards(app)
            try await app.db.sql.raw("DELETE FROM audit_log WHERE seq = 4").run()
            #expect(!(try await AuditLog.verify(on: app.db).ok))
        }
    }

    @Test func adminBrowsesAndFilters() async throws {
        try await withTestApp { app in
            _ = try await TestData.org(app)
            try await TestData.user(app, "root", roles: [.admin], unit: nil)
            var browser = Browser(app)
            try await browser.login("root")
            let page = try await browser.get("/admin/audit?action=unit.create")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("unit.create"))
            #expect(!page.body.string.contains("<code>auth.login</code>"))
            // From a unit's page to its own history.
            let org = try #require(try await Unit.query(on: app.db).filter(\.$code == "D01").first()?.id)
            let unitPage = try await browser.get("/units/\(org)").body.string
            #expect(unitPage.contains("/admin/audit?entityType=unit&amp;entityID=\(org)"))
            let history = try await browser.get("/admin/audit?entityType=unit&entityID=\(org)").body.string
            #expect(history.contains("unit #\(org)"))
            #expect(!history.contains("unit #\(org + 1)<"))
        }
    }

    private func dropGuards(_ app: Application) async throws {
        if app.db.isSQLite {
            try await app.db.sql.raw("DROP TRIGGER audit_log_no_update").run()
            try await app.db.sql.raw("DROP TRIGGER audit_log_no_delete").run()
        } else {
            try await app.db.sql.raw("DROP TRIGGER audit_log_no_change ON audit_log").run()
        }
    }
}

@Suite("HTML")
struct HTMLTests {
    @Test func textAndAttributesAreEscaped() {
        let hostile = "\"><script>alert('x')</script>&amp;"
        let html = H.a(.href(hostile), Attr("title", hostile)) { hostile }
        #expect(!html.markup.contains("<script>"))
        #expect(html.markup.contains("&quot;&gt;&lt;script&gt;"))
        #expect(html.markup.contains("&amp;amp;"))
        #expect(html.markup.contains("&#39;x&#39;"))
    }

    @Test func userDataIsEscapedOnPages() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            try await TestData.user(app, "root", roles: [.admin], unit: nil)
            _ = try await UnitService(db: app.db).update(org.department,
                UnitInput(name: "<img src=x onerror=alert(1)>局", code: "D01", kind: "department", parentID: org.city), by: .system())
            var browser = Browser(app)
            try await browser.login("root")
            let page = try await browser.get("/units")
            #expect(!page.body.string.contains("<img src=x"))
            #expect(page.body.string.contains("&lt;img src=x onerror=alert(1)&gt;局"))
        }
    }
}
