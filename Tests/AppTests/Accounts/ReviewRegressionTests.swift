@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Defects found in review, each pinned by a test.
@Suite("Review regressions")
struct ReviewRegressionTests {
    @Test func parallelGuessesCannotExceedTheAccountLimit() async throws {
        try await withTestApp { app in
            try await TestData.user(app, "alice", roles: [.admin], unit: nil)
            let service = LoginService(db: app.db, hasher: app.passwordHasher, config: app.config)
            let outcomes = try await withThrowingTaskGroup(of: LoginService.Outcome.self) { group in
                for index in 0..<20 {
                    group.addTask { try await service.attempt(username: "alice", password: "guess-number-\(index)", address: "10.0.0.\(index)") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Only as many passwords were actually checked as the limit allows.
            #expect(outcomes.filter { $0 == .invalid }.count < app.config.accountMaxFailures)
            #expect(outcomes.contains(.locked))
            #expect(try await User.query(on: app.db).filter(\.$username == "alice").first()?.isLocked == true)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "auth.lock").count() == 1)
        }
    }

    @Test func failingDoesNotRevealWhichUsernamesExist() async throws {
        try await withTestApp { app in
            try await TestData.user(app, "alice", roles: [.admin], unit: nil)
            var browser = Browser(app)
            for _ in 0..<5 { try await browser.login("alice", password: "not-the-password") }
            let locked = try await browser.login("alice", password: "not-the-password")
            var other = Browser(app)
            let unknown = try await other.login("nobody-here", password: "not-the-password")
            #expect(locked.status == unknown.status)
            let message = { (body: String) in body.firstMatch(of: /role="alert">([^<]*)</)?.output.1 }
            #expect(message(locked.body.string) == message(unknown.body.string))
            #expect(message(locked.body.string) != nil)
        }
    }

    @Test func redirectsStayOnThisSite() {
        let controller = SessionController()
        for hostile in ["/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/\r/x", "/\u{7F}/x"] {
            #expect(controller.safeNext(hostile) == "/", "\(hostile.debugDescription)")
        }
        #expect(controller.safeNext("/units?kind=district") == "/units?kind=district")
    }

    @Test func unitPagesShowPeopleOnlyToThoseWhoMaySeeUsers() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            try await TestData.user(app, "staff", roles: [.unitStaff], unit: org.district)
            try await TestData.user(app, "head", roles: [.unitHead], unit: org.district)
            try await TestData.user(app, "colleague.zhang", roles: [.unitStaff], unit: org.district)
            var staff = Browser(app)
            try await staff.login("staff")
            #expect(!(try await staff.get("/units/\(org.district)").body.string.contains("colleague.zhang")))
            var head = Browser(app)
            try await head.login("head")
            #expect(try await head.get("/units/\(org.district)").body.string.contains("colleague.zhang"))
        }
    }

    @Test func racingCreatesAnswerConflictNotServerError() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let admin = try await TestData.user(app, "root", roles: [.admin], unit: nil)
            let token = try await APIClient.token(app, for: admin)
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await APIClient(app: app, token: token).send(.POST, "/api/v1/units",
                            json: #"{"name":"并发局","code":"RACE","kind":"department","parentID":\#(org.city)}"#).status.code
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.allSatisfy { [201, 409, 422].contains($0) }, "\(statuses)")
        }
    }

    @Test func filteredExportsKeepParentCodes() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            try await TestData.user(app, "root", roles: [.admin], unit: nil)
            var browser = Browser(app)
            try await browser.login("root")
            let rows = try XLSXReader.read(Data(buffer: try await browser.get("/units/export?kind=street").body))
            #expect(rows.count == 2)
            #expect(rows[1][4].text == "100001")
            _ = org
        }
    }

    @Test func changingAKindMustKeepItsChildrenValid() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let service = UnitService(db: app.db)
            let problems = try await service.problems(in: UnitInput(name: "东区", code: "100001", kind: "department", parentID: org.city),
                                                      existing: try await Unit.find(org.district, on: app.db))
            #expect(problems.contains { $0.key == "unit.kindChildrenConflict" })
        }
    }
}
