@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("User administration")
struct UserAdministrationTests {
    @Test func deactivationAsksWhyAndEndsSessions() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            try await TestData.user(app, "root", roles: [.admin], unit: nil)
            let bob = try await TestData.user(app, "bob", roles: [.unitStaff], unit: org.department)
            var bobBrowser = Browser(app)
            try await bobBrowser.login("bob")
            var admin = Browser(app)
            try await admin.login("root")
            try await admin.get("/users/\(bob)")
            let withoutReason = try await admin.post("/users/\(bob)/toggle")
            #expect(withoutReason.status == .seeOther)
            #expect(try await User.find(bob, on: app.db)?.active == true)
            let done = try await admin.post("/users/\(bob)/toggle", form: [("reason", "调离本单位")])
            #expect(done.status == .seeOther)
            #expect(try await User.find(bob, on: app.db)?.active == false)
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "user.deactivate").first())
            #expect(entry.reason == "调离本单位")
            #expect(entry.actorName == "root")
            // Bob's open session ended with the deactivation.
            #expect(try await bobBrowser.get("/").status == .seeOther)
            var fresh = Browser(app)
            #expect(try await fresh.login("bob").status == .unauthorized)
        }
    }

    @Test func adminsCannotDeactivateThemselves() async throws {
        try await withTestApp { app in
            let root = try await TestData.user(app, "root", roles: [.admin], unit: nil)
            var admin = Browser(app)
            try await admin.login("root")
            try await admin.get("/users/\(root)")
            try await admin.post("/users/\(root)/toggle", form: [("reason", "test")])
            #expect(try await User.find(root, on: app.db)?.active == true)
        }
    }

    @Test func integrationTokensAreManagedByAdministrators() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            try await TestData.user(app, "root", roles: [.admin], unit: nil)
            let robot = try await TestData.user(app, "robot", roles: [.office], unit: org.department)
            try await TestData.user(app, "eve", roles: [.office], unit: org.department)
            var admin = Browser(app)
            try await admin.login("root")
            try await admin.get("/users/\(robot)/tokens")
            let created = try await admin.post("/users/\(robot)/tokens", form: [("name", "12345 工单系统对接")])
            #expect(created.status == .ok)
            let secret = try #require(created.body.string.firstMatch(of: /ys_[A-Za-z0-9_\-]{43}/).map { String($0.output) })
            #expect(try await APIClient(app: app, token: secret).send(.GET, "/api/v1/me").status == .ok)
            let tokenID = try #require(try await APIToken.query(on: app.db).filter(\.$user.$id == robot).first()?.id)
            // Another user cannot revoke it…
            var eve = Browser(app)
            try await eve.login("eve")
            #expect(try await eve.post("/account/tokens/\(tokenID)/revoke").status == .notFound)
            // …the administrator can, and goes back to the account's token page.
            let revoked = try await admin.post("/account/tokens/\(tokenID)/revoke")
            #expect(revoked.headers.first(name: .location) == "/users/\(robot)/tokens")
            #expect(try await APIClient(app: app, token: secret).send(.GET, "/api/v1/me").status == .unauthorized)
            // The page never shows the secret again.
            #expect(!(try await admin.get("/users/\(robot)/tokens").body.string.contains(secret)))
        }
    }

    @Test func unitHeadsSeeTheirOwnUnitsPeopleOnly() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            try await TestData.user(app, "head", roles: [.unitHead], unit: org.district)
            try await TestData.user(app, "east.staff", roles: [.unitStaff], unit: org.street)
            let west = try await TestData.user(app, "west.staff", roles: [.unitStaff], unit: org.otherDistrict)
            var browser = Browser(app)
            try await browser.login("head")
            let list = try await browser.get("/users").body.string
            #expect(list.contains("east.staff"))
            #expect(!list.contains("west.staff"))
            #expect(try await browser.get("/users/\(west)").status == .notFound)
            #expect(try await browser.get("/users/\(west)/edit").status == .forbidden)
        }
    }
}
