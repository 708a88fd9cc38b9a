@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Enterprise users, their isolation, contact corrections and the enterprise code")
struct EnterpriseAccountsTests {
    /// Invites a user to the fixture's firm through the firm's page and activates the account
    /// through its link, as the person would.
    static func invitedUser(_ app: Application, fixture: EnterprisePagesTests.Fixture, phone: String = "13912345678") async throws -> (code: String, password: String) {
        var office = Browser(app)
        try await office.login("office")
        let response = try await office.post("/enterprises/\(fixture.firm)/users", form: [("name", "李会计"), ("phone", phone)])
        #expect(response.status == .ok)
        let body = response.body.string
        let link = try #require(body.range(of: #"/activate/[A-Za-z0-9_-]+"#, options: .regularExpression).map { String(body[$0]) })
        var person = Browser(app)
        try await person.get(link)
        let password = "Qiye-mima-2026!"
        let activated = try await person.post(link, form: [("new", password), ("confirmation", password)])
        #expect(activated.status == .seeOther)
        let code = try #require(try await Enterprise.find(fixture.firm, on: app.db)?.creditCode)
        return (code, password)
    }

    @Test func anEnterpriseUserSignsInWithCodePhoneAndPasswordAndSeesOnlyItsOwnFirm() async throws {
        try await withTestApp { app in
            let fixture = try await EnterprisePagesTests.fixture(app)
            let other = try await PairingTests.firms(app, 1, region: fixture.org.street, from: 50)[0]
            let (code, password) = try await Self.invitedUser(app, fixture: fixture)

            var firm = Browser(app)
            try await firm.get("/login/enterprise")
            var response = try await firm.post("/login/enterprise", form: [("code", code), ("phone", "13912345678"), ("password", "wrong-password")])
            #expect(response.status == .unauthorized && response.body.string.contains("信用代码、手机号或密码不正确"))
            response = try await firm.post("/login/enterprise", form: [("code", code.lowercased()), ("phone", "139 1234 5678"), ("password", password)])
            #expect(response.status == .seeOther && response.headers.first(name: .location) == "/my/firm")
            let page = try await firm.get("/my/firm").body.string
            #expect(page.contains("测试企业1有限公司") && page.contains("138****5678") && !page.contains("13812345678"))
            #expect(page.contains("paired"))   // the paired commissioner is shown

            // Nothing of the registry beyond its own firm: not another firm, not its own staff page, not the list, not the API.
            #expect(try await firm.get("/enterprises/\(other)").status == .forbidden)
            #expect(try await firm.get("/enterprises/\(fixture.firm)").status == .forbidden)
            #expect(try await firm.get("/enterprises").status == .forbidden)
            #expect(try await firm.get("/enterprises/\(other)/code.svg").status == .forbidden)
            #expect(try await firm.get("/api/v1/enterprises/\(other)").status == .forbidden)

            // Staff accounts cannot use the enterprise form, and an enterprise account not the staff form's redirect.
            var staff = Browser(app)
            try await staff.get("/login/enterprise")
            response = try await staff.post("/login/enterprise", form: [("code", "office"), ("phone", "13800000000"), ("password", TestData.password)])
            #expect(response.status == .unauthorized)
        }
    }

    @Test func aCorrectionWaitsForTheOfficeAndAnApprovalWritesItToTheFile() async throws {
        try await withTestApp { app in
            let fixture = try await EnterprisePagesTests.fixture(app)
            let (code, password) = try await Self.invitedUser(app, fixture: fixture)
            var firm = Browser(app)
            try await firm.get("/login/enterprise")
            try await firm.post("/login/enterprise", form: [("code", code), ("phone", "13912345678"), ("password", password)])
            try await firm.get("/my/firm")
            let contactID = try #require(try await EnterpriseContacts(db: app.db).list(fixture.firm).first?.id)
            var response = try await firm.post("/my/firm/corrections", form: [("replaces", String(contactID)), ("name", "王经理"), ("phone", "12345")])
            #expect(response.status == .unprocessableEntity && response.body.string.contains("请填写11位手机号或带区号的固定电话"))
            response = try await firm.post("/my/firm/corrections", form: [("replaces", "99999"), ("name", "王经理"), ("phone", "13700001111")])
            #expect(response.status == .unprocessableEntity)
            response = try await firm.post("/my/firm/corrections", form: [("replaces", String(contactID)), ("name", "王经理"), ("role", "总经理"),
                                                                          ("phone", "13700001111"), ("note", "换了号码")])
            #expect(response.status == .seeOther)
            // Nothing changes until the office approves.
            #expect(try await EnterpriseContacts(db: app.db).list(fixture.firm).map(\.phone) == ["13812345678"])

            var office = Browser(app)
            try await office.login("office")
            let queue = try await office.get("/enterprises/corrections").body.string
            #expect(queue.contains("137****1111") && !queue.contains("13700001111") && queue.contains("换了号码"))
            let requestID = try #require(try await ContactCorrections(db: app.db).list(status: .pending).first?.id)
            response = try await office.post("/enterprises/corrections/\(requestID)", form: [("decision", "reject")])
            #expect(try await office.get(response.headers.first(name: .location) ?? "/").body.string.contains("退回时请填写原因"))
            response = try await office.post("/enterprises/corrections/\(requestID)", form: [("decision", "reject"), ("reason", String(repeating: "长", count: 501))])
            #expect(try await office.get(response.headers.first(name: .location) ?? "/").body.string.contains("原因最多 500 个字"))
            response = try await office.post("/enterprises/corrections/\(requestID)", form: [("decision", "approve")])
            #expect(response.status == .seeOther)
            #expect(try await EnterpriseContacts(db: app.db).list(fixture.firm).map(\.phone) == ["13700001111"])
            // Reviewed once only.
            response = try await office.post("/enterprises/corrections/\(requestID)", form: [("decision", "approve")])
            #expect(try await EnterpriseContacts(db: app.db).list(fixture.firm).count == 1)
            let actions = try await AuditEntry.query(on: app.db).filter(\.$entityID == String(fixture.firm)).all().map(\.action)
            #expect(actions.contains("enterprise.contactRequest") && actions.contains("enterprise.contactRequestApprove")
                    && actions.contains("enterprise.userInvite"))
            // A commissioner cannot review.
            var commissioner = Browser(app)
            try await commissioner.login("paired")
            #expect(try await commissioner.get("/enterprises/corrections").status == .forbidden)
        }
    }

    @Test func theEnterpriseCodeIsAnUnguessableLinkWithAQRImageAndCanBeReset() async throws {
        try await withTestApp { app in
            let fixture = try await EnterprisePagesTests.fixture(app)
            let token = try #require(try await Enterprise.find(fixture.firm, on: app.db)?.serviceCode)
            #expect(token.count >= 20 && EnterpriseCode.isWellFormed(token))
            var anyone = Browser(app)
            let service = try await anyone.get("/e/\(token)")
            #expect(service.status == .ok && service.body.string.contains("测试企业1有限公司") && service.body.string.contains("paired"))
            #expect(try await anyone.get("/e/\(String(token.dropLast()))x").status == .notFound)
            #expect(try await anyone.get("/e/..%2F..%2Fetc").status != .ok)

            var paired = Browser(app)
            try await paired.login("paired")
            #expect(try await paired.get("/enterprises/\(fixture.firm)").body.string.contains("/e/\(token)"))
            let image = try await paired.get("/enterprises/\(fixture.firm)/code.svg")
            #expect(image.status == .ok && image.headers.contentType?.subType == "svg+xml" && image.body.string.hasPrefix("<svg"))
            var stranger = Browser(app)
            try await stranger.login("stranger")
            #expect(try await stranger.get("/enterprises/\(fixture.firm)/code.svg").status == .forbidden)
            #expect(!(try await stranger.get("/enterprises/\(fixture.firm)").body.string.contains(token)))

            var office = Browser(app)
            try await office.login("office")
            try await office.get("/enterprises/\(fixture.firm)")
            #expect(try await office.post("/enterprises/\(fixture.firm)/code/reset").status == .seeOther)
            #expect(try await anyone.get("/e/\(token)").status == .notFound)
            #expect(try await paired.post("/enterprises/\(fixture.firm)/code/reset").status == .forbidden)
        }
    }

    @Test func invitationsAreCheckedAndOnlyThoseWhoServeTheFirmInvite() async throws {
        try await withTestApp { app in
            let fixture = try await EnterprisePagesTests.fixture(app)
            var office = Browser(app)
            try await office.login("office")
            var response = try await office.post("/enterprises/\(fixture.firm)/users", form: [("name", ""), ("phone", "0571-88886666")])
            #expect(response.status == .unprocessableEntity && response.body.string.contains("请填写11位手机号"))
            var stranger = Browser(app)
            try await stranger.login("stranger")
            response = try await stranger.post("/enterprises/\(fixture.firm)/users", form: [("name", "李会计"), ("phone", "13912345678")])
            #expect(response.status == .forbidden)
            #expect(try await User.query(on: app.db).filter(\.$enterpriseID == fixture.firm).count() == 0)
            // The paired commissioner may invite, and switch the account off again (ending its sessions).
            var paired = Browser(app)
            try await paired.login("paired")
            response = try await paired.post("/enterprises/\(fixture.firm)/users", form: [("name", "李会计"), ("phone", "13912345678")])
            #expect(response.status == .ok && response.body.string.contains("/activate/"))
            let userID = try #require(try await User.query(on: app.db).filter(\.$enterpriseID == fixture.firm).first()?.id)
            response = try await paired.post("/enterprises/\(fixture.firm)/users/\(userID)/deactivate")
            #expect(response.status == .seeOther)
            #expect(try await User.find(userID, on: app.db)?.active == false)
        }
    }
}
