@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Activation and reset links")
struct PasswordLinkTests {
    static func token(in page: String) throws -> String {
        let match = try #require(page.firstMatch(of: /\/activate\/([A-Za-z0-9_\-]{43})/))
        return String(match.output.1)
    }

    @Test func anAdministratorCreatesAnAccountAndThePersonChoosesThePassword() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            try await TestData.user(app, "root", roles: [.admin], unit: nil)
            var admin = Browser(app)
            try await admin.login("root")
            try await admin.get("/users/new")
            let created = try await admin.post("/users", form: [("username", "li.na"), ("displayName", "李娜"), ("unitID", String(org.department)),
                                                              ("roles", "unit_staff")])
            #expect(created.status == .created)
            let token = try Self.token(in: created.body.string)
            // The account has no usable password until the person sets one.
            var person = Browser(app)
            #expect(try await person.login("li.na", password: "anything-at-all-1").status == .unauthorized)

            let form = try await person.get("/activate/\(token)")
            #expect(form.status == .ok)
            #expect(form.headers.first(name: "Referrer-Policy") == "no-referrer")
            #expect(form.body.string.contains("李娜"))
            let weak = try await person.post("/activate/\(token)", form: [("new", "12345678"), ("confirmation", "12345678")])
            #expect(weak.status == .unprocessableEntity)
            let done = try await person.post("/activate/\(token)", form: [("new", "Harbour-lights-31"), ("confirmation", "Harbour-lights-31")])
            #expect(done.status == .seeOther)
            #expect(done.headers.first(name: .location) == "/login")
            #expect(try await person.login("li.na", password: "Harbour-lights-31").status == .seeOther)
            // Used once only.
            var other = Browser(app)
            #expect(try await other.get("/activate/\(token)").status == .notFound)
            #expect(try await other.post("/activate/\(token)", form: [("new", "Another-pass-2026"), ("confirmation", "Another-pass-2026")]).status == .notFound)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.setPassword").count() == 1)
        }
    }

    @Test func aResetKillsTheOldPasswordSessionsAndEarlierLinks() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let bob = try await TestData.user(app, "bob", roles: [.unitStaff], unit: org.department)
            var bobBrowser = Browser(app)
            try await bobBrowser.login("bob")
            let service = UserService(db: app.db, hasher: app.passwordHasher)
            let apiToken = try await APIClient.token(app, for: bob)
            #expect(try await APIClient(app: app, token: apiToken).send(.GET, "/api/v1/me").status == .ok)
            let first = try await service.resetPassword(bob, by: .system())
            #expect(try await APIClient(app: app, token: apiToken).send(.GET, "/api/v1/me").status == .unauthorized)
            let second = try await service.resetPassword(bob, by: .system())
            #expect(try await bobBrowser.get("/").status == .seeOther)
            var fresh = Browser(app)
            #expect(try await fresh.login("bob").status == .unauthorized)
            let links = PasswordLinkService(db: app.db)
            #expect(try await links.pending(token: first) == nil)
            #expect(try await links.pending(token: second)?.userID == bob)
            try await links.redeem(token: second, password: "Harbour-lights-31", confirmation: "Harbour-lights-31", hasher: app.passwordHasher, address: "t")
            var again = Browser(app)
            #expect(try await again.login("bob", password: "Harbour-lights-31").status == .seeOther)
        }
    }

    @Test func linksExpire() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let bob = try await TestData.user(app, "bob", roles: [.unitStaff], unit: org.department)
            let links = PasswordLinkService(db: app.db)
            let token = try await links.issue(for: bob, purpose: .reset, by: .system())
            #expect(try await links.pending(token: token, now: Date().addingTimeInterval(PasswordLinkService.lifetime - 60)) != nil)
            #expect(try await links.pending(token: token, now: Date().addingTimeInterval(PasswordLinkService.lifetime + 60)) == nil)
            #expect(try await links.pending(token: "not-a-token") == nil)
        }
    }
}
