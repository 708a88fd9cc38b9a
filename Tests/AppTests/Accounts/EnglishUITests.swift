@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("English UI")
struct EnglishUITests {
    /// Every page an administrator can open, in English, shows no Chinese text from the catalog
    /// (data such as unit names stays as entered).
    @Test func pagesInEnglishUseTheEnglishCatalog() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let admin = try await TestData.user(app, "root", roles: [.admin], unit: nil)
            let groupID = try await WorkGroupService(db: app.db).create(
                WorkGroupInput(kind: "task_force", name: "Tax task force", leadUnitID: org.department, memberUnitIDs: []), by: .system())
            try await User.query(on: app.db).filter(\.$id == admin).set(\.$locale, to: "en").update()
            var browser = Browser(app)
            try await browser.login("root")
            let chinese = Catalog.entries.values.filter { $0.zh != $0.en && $0.zh.count >= 4 && !$0.zh.contains("{") }.map(\.zh)
            let pages = ["/", "/inbox", "/account", "/account/password", "/account/tokens", "/units", "/units/\(org.district)", "/units/new",
                         "/units/\(org.district)/edit", "/units/import", "/groups", "/groups/\(groupID)", "/groups/new", "/users", "/users/\(admin)",
                         "/users/new", "/users/\(admin)/tokens", "/admin/audit", "/admin/jobs", "/nowhere"]
            for path in pages {
                let body = try await browser.get(path).body.string
                #expect(body.contains(#"<html lang="en">"#), "\(path)")
                let leaked = chinese.filter { body.contains($0) }
                #expect(leaked.isEmpty, "\(path) shows \(leaked)")
            }
            // The same check on the Chinese UI finds catalog text, so it is not vacuous.
            try await browser.post("/language", form: [("lang", "zh-CN"), ("back", "/")])
            let home = try await browser.get("/").body.string
            #expect(!chinese.filter { home.contains($0) }.isEmpty)
        }
    }
}
