@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Sign-in, sessions and throttling")
struct AuthenticationTests {
    @Test func signInRotatesSessionAndSetsSafeCookie() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            try await TestData.user(app, "alice", roles: [.office], unit: org.department)
            var browser = Browser(app)
            try await browser.get("/login")
            browser.cookies["ys_session"] = "planted-by-attacker"
            let response = try await browser.post("/login", form: [("username", "alice"), ("password", TestData.password)])
            #expect(response.status == .seeOther)
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("ys_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
            #expect(browser.cookies["ys_session"] != "planted-by-attacker")
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("alice"))
            // Only the hash of the token is stored.
            let stored = try await UserSession.query(on: app.db).all()
            #expect(stored.count == 1)
            #expect(stored[0].id == Tokens.sha256Hex(browser.cookies["ys_session"]!))
        }
    }

    @Test func cookieIsSecureWhenServedOverHTTPS() async throws {
        try await withTestApp(configure: { $0.baseURL = "https://yingshang.example.gov.cn" }) { app in
            try await TestData.user(app, "alice", roles: [.admin], unit: nil)
            var browser = Browser(app)
            let response = try await browser.login("alice")
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("ys_session=") })
            #expect(cookie.contains("Secure"))
            #expect(response.headers.first(name: "Strict-Transport-Security") != nil)
        }
    }

    @Test func wrongPasswordFailsAndIsAudited() async throws {
        try await withTestApp { app in
            try await TestData.user(app, "alice", roles: [.admin], unit: nil)
            var browser = Browser(app)
            let response = try await browser.login("alice", password: "wrong-password-123")
            #expect(response.status == .unauthorized)
            #expect(response.body.string.contains("登录名或密码不正确"))
            #expect(!response.body.string.contains("wrong-password-123"))
            let failures = try await AuditEntry.query(on: app.db).filter(\.$action == "auth.failure").count()
            #expect(failures == 1)
            // Nothing in the audit log holds the attempted password.
            let everything = try await AuditEntry.query(on: app.db).all()
            #expect(everything.allSatisfy { !$0.reason.contains("wrong-password") && !$0.after.contains("wrong-password") })
        }
    }

    @Test func fiveFailuresLockTheAccount() async throws {
        try await withTestApp { app in
            let id = try await TestData.user(app, "alice", roles: [.admin], unit: nil)
            var browser = Browser(app)
            for _ in 0..<5 { try await browser.login("alice", password: "not-the-password") }
            let locked = try await browser.login("alice")
            #expect(locked.status == .unauthorized)
            #expect(locked.body.string.contains("锁定"))
            #expect(try await User.find(id, on: app.db)?.isLocked == true)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "auth.lock").count() == 1)
            // An administrator unlocks it; then the right password works again.
            try await UserService(db: app.db, hasher: app.passwordHasher).unlock(id, by: .system("test"))
            #expect(try await browser.login("alice").status == .seeOther)
        }
    }

    @Test func manyFailuresFromOneAddressAreThrottled() async throws {
        try await withTestApp(configure: { $0.addressMaxFailures = 3 }) { app in
            try await TestData.user(app, "alice", roles: [.admin], unit: nil)
            var browser = Browser(app)
            for name in ["x1", "x2", "x3"] { try await browser.login(name, password: "whatever-123") }
            let response = try await browser.login("alice")
            #expect(response.status == .tooManyRequests)
        }
    }

    @Test func logoutEndsTheSessionOnTheServer() async throws {
        try await withTestApp { app in
            try await TestData.user(app, "alice", roles: [.admin], unit: nil)
            var browser = Browser(app)
            try await browser.login("alice")
            let stolen = browser.cookies["ys_session"]!
            let out = try await browser.post("/logout")
            #expect(out.status == .seeOther)
            #expect(try await UserSession.query(on: app.db).count() == 0)
            var thief = Browser(app)
            thief.cookies["ys_session"] = stolen
            let response = try await thief.get("/")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location)?.hasPrefix("/login") == true)
        }
    }

    @Test func idleAndAbsoluteTimeoutsEndSessions() async throws {
        try await withTestApp { app in
            try await TestData.user(app, "alice", roles: [.admin], unit: nil)
            var browser = Browser(app)
            try await browser.login("alice")
            // Idle for 31 minutes.
            try await app.db.sql.raw("UPDATE sessions SET last_seen_at = \(bind: Date().addingTimeInterval(-31 * 60))").run()
            #expect(try await browser.get("/").status == .seeOther)

            try await browser.login("alice")
            #expect(try await browser.get("/").status == .ok)
            // Active all along but started 13 hours ago.
            try await app.db.sql.raw("UPDATE sessions SET created_at = \(bind: Date().addingTimeInterval(-13 * 3600))").run()
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            try await TestData.user(app, "alice", roles: [.admin], unit: nil)
            var browser = Browser(app)
            try await browser.login("alice")
            let before = try await Unit.query(on: app.db).count()
            let forged = try await browser.post("/units", form: [("name", "伪造"), ("code", "X1"), ("kind", "department"), ("parentID", String(org.city))], csrf: "forged")
            #expect(forged.status == .badRequest)
            let missing = try await browser.post("/units", form: [("name", "伪造"), ("code", "X1"), ("kind", "department"), ("parentID", String(org.city))], csrf: "")
            #expect(missing.status == .badRequest)
            #expect(try await Unit.query(on: app.db).count() == before)
            // The login form is protected too (double-submit cookie).
            var anonymous = Browser(app)
            try await anonymous.get("/login")
            let login = try await anonymous.post("/login", form: [("username", "alice"), ("password", TestData.password)], csrf: "nope")
            #expect(login.status == .badRequest)
        }
    }

    @Test func securityHeadersOnEveryResponse() async throws {
        try await withTestApp { app in
            for path in ["/login", "/does-not-exist", "/api/v1/me"] {
                try await app.testing().test(.GET, path) { response in
                    let csp = response.headers.first(name: "Content-Security-Policy") ?? ""
                    #expect(csp.contains("frame-ancestors 'none'"), "\(path)")
                    #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "\(path)")
                    #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(response.headers.first(name: "Referrer-Policy") != nil)
                }
            }
        }
    }

    @Test func aPasswordChosenByTheAdministratorMustBeChangedFirst() async throws {
        try await withTestApp { app in
            let chosen = "Initial-Lantern-77"
            _ = try await UserService(db: app.db, hasher: app.passwordHasher).create(
                UserInput(username: "newbie", displayName: "新人", unitID: nil, roles: ["admin"], password: chosen), by: .system("test"))
            var browser = Browser(app)
            try await browser.get("/login")
            try await browser.post("/login", form: [("username", "newbie"), ("password", chosen)])
            let home = try await browser.get("/")
            #expect(home.status == .seeOther)
            #expect(home.headers.first(name: .location) == "/account/password")
            try await browser.get("/account/password")
            let weak = try await browser.post("/account/password", form: [("current", chosen), ("new", "password123"), ("confirmation", "password123")])
            #expect(weak.status == .unprocessableEntity)
            let good = try await browser.post("/account/password", form: [("current", chosen), ("new", "Lantern-river-88"), ("confirmation", "Lantern-river-88")])
            #expect(good.status == .seeOther)
            #expect(try await browser.get("/").status == .ok)
        }
    }

    @Test func languageSwitchIsRemembered() async throws {
        try await withTestApp { app in
            try await TestData.user(app, "alice", roles: [.admin], unit: nil)
            var browser = Browser(app)
            try await browser.login("alice")
            #expect(try await browser.get("/").body.string.contains("首页"))
            try await browser.post("/language", form: [("lang", "en"), ("back", "/")])
            #expect(try await browser.get("/").body.string.contains("Home"))
            // Remembered on the account: a new browser signing in gets English.
            var other = Browser(app)
            try await other.login("alice")
            #expect(try await other.get("/").body.string.contains("Sign out"))
        }
    }
}

@Suite("Passwords")
struct PasswordPolicyTests {
    @Test func rules() {
        #expect(PasswordPolicy.problems("short1!").contains("password.tooShort"))
        #expect(PasswordPolicy.problems("password123").contains("password.common"))
        #expect(PasswordPolicy.problems("woaini1314520").contains("password.common"))
        #expect(PasswordPolicy.problems("qwertyuiop!!").contains("password.common"))
        #expect(PasswordPolicy.problems("zhangwei-2024x", username: "zhangwei").contains("password.containsUsername"))
        #expect(PasswordPolicy.problems("aaaaaaaaaaaa").contains("password.tooSimple"))
        #expect(PasswordPolicy.problems("Lantern-river-88").isEmpty)
        #expect(PasswordPolicy.commonPasswords.count > 3000)
    }

    @Test func hashesAreBcryptAndVerify() async throws {
        try await withTestApp { app in
            let hash = try await app.passwordHasher.hash("Lantern-river-88")
            #expect(hash.hasPrefix("$2"))
            #expect(try await app.passwordHasher.verify("Lantern-river-88", hash: hash))
            #expect(try await !app.passwordHasher.verify("lantern-river-88", hash: hash))
        }
    }
}
