@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Enterprise API")
struct EnterpriseAPITests {
    /// Five firms in the east district's street, the first with a contact and a paired
    /// commissioner; API clients for the people who stand differently with them.
    struct Fixture {
        let org: TestData.Org
        let firms: [Int]
        let paired: Int
        let office: APIClient
        let admin: APIClient
        let pairedAPI: APIClient
        let stranger: APIClient
        let streetStaff: APIClient
        let westStaff: APIClient
        let enterpriseUser: APIClient
    }

    static func fixture(_ app: Application) async throws -> Fixture {
        let org = try await TestData.org(app)
        let firms = try await PairingTests.firms(app, 5, region: org.street)
        try await EnterpriseContacts(db: app.db).add(.init(name: "王经理", role: "总经理", phone: "13812345678", idNumber: "11010519491231002X"),
                                                     to: firms[0], by: .system("test"))
        let paired = try await TestData.user(app, "paired", roles: [.commissioner], unit: org.department)
        try await PairingService(db: app.db).assign(enterpriseID: firms[0], kind: .commissioner, userID: paired, reason: "", by: .system("test"))
        func client(_ username: String, _ roles: [Role], _ unit: Int?) async throws -> APIClient {
            APIClient(app: app, token: try await APIClient.token(app, for: try await TestData.user(app, username, roles: roles, unit: unit)))
        }
        return Fixture(org: org, firms: firms, paired: paired,
                       office: try await client("office", [.office], org.city), admin: try await client("root", [.admin], nil),
                       pairedAPI: APIClient(app: app, token: try await APIClient.token(app, for: paired)),
                       stranger: try await client("stranger", [.commissioner], org.otherDepartment),
                       streetStaff: try await client("street.staff", [.unitStaff], org.street),
                       westStaff: try await client("west.staff", [.unitStaff], org.otherDistrict),
                       enterpriseUser: try await client("firm.user", [.enterprise], nil))
    }

    static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func fields(_ response: TestingHTTPResponse) throws -> Set<String> {
        Set(try response.content.decode(APIErrorBody.self).error.fields?.map(\.field) ?? [])
    }

    static func audited(_ app: Application, _ action: String) async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = \(bind: action)").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    @Test func theSearchFiltersAndPaginatesLikeTheListAndIsAsWideAsTheList() async throws {
        try await withTestApp { app in
            let fixture = try await Self.fixture(app)
            var response = try await fixture.office.send(.GET, "/api/v1/enterprises?perPage=2&page=2")
            #expect(response.status == .ok)
            var page = try response.content.decode(APIPage<EnterpriseRow>.self)
            #expect(page.total == 5 && page.page == 2 && page.perPage == 2)
            #expect(page.items.map(\.id) == Array(fixture.firms[2...3]))
            page = try await fixture.office.send(.GET, "/api/v1/enterprises?q=" + URLQuery.encode("企业3")).content.decode(APIPage<EnterpriseRow>.self)
            #expect(page.items.map(\.name) == ["测试企业3有限公司"])
            // The start of a credit code finds the firm too.
            let code = EnterpriseRegistryTests.code(4)
            page = try await fixture.office.send(.GET, "/api/v1/enterprises?q=\(code.prefix(17))").content.decode(APIPage<EnterpriseRow>.self)
            #expect(page.items.map(\.creditCode) == [code])
            page = try await fixture.office.send(.GET, "/api/v1/enterprises?scale=above").content.decode(APIPage<EnterpriseRow>.self)
            #expect(page.items.map(\.id) == [fixture.firms[2]])   // every third firm is above the designated size
            page = try await fixture.office.send(.GET, "/api/v1/enterprises?unpaired=1").content.decode(APIPage<EnterpriseRow>.self)
            #expect(page.total == 4 && !page.items.contains { $0.id == fixture.firms[0] })
            page = try await fixture.office.send(.GET, "/api/v1/enterprises?region=\(fixture.org.otherDistrict)").content.decode(APIPage<EnterpriseRow>.self)
            #expect(page.total == 0)
            page = try await fixture.office.send(.GET, "/api/v1/enterprises?region=\(fixture.org.district)").content.decode(APIPage<EnterpriseRow>.self)
            #expect(page.total == 5)

            // A filter that names nothing is refused on its field, as the list refuses it.
            response = try await fixture.office.send(.GET, "/api/v1/enterprises?industry=99&size=huge&region=abc&tag=famous&status=sleeping")
            #expect(response.status == .unprocessableEntity)
            #expect(try Self.fields(response) == ["industry", "size", "region", "tag", "status"])
            response = try await fixture.office.send(.GET, "/api/v1/enterprises?q=" + String(repeating: "企", count: 1000))
            #expect(response.status == .ok)

            // Registration facts are public to every government role, as on the web: staff of another
            // district find the firm and read its file, but do not serve it.
            page = try await fixture.westStaff.send(.GET, "/api/v1/enterprises").content.decode(APIPage<EnterpriseRow>.self)
            #expect(page.total == 5)
            let file = try await fixture.westStaff.send(.GET, "/api/v1/enterprises/\(fixture.firms[0])")
            #expect(file.status == .ok)
            #expect(try file.content.decode(EnterprisesAPIController.EnterpriseDetail.self).mayRecordVisits == false)
            // Enterprise users and anonymous callers get nothing.
            #expect(try await fixture.enterpriseUser.send(.GET, "/api/v1/enterprises").status == .forbidden)
            #expect(try await fixture.enterpriseUser.send(.GET, "/api/v1/enterprises/\(fixture.firms[0])").status == .forbidden)
            #expect(try await APIClient(app: app, token: nil).send(.GET, "/api/v1/enterprises").status == .unauthorized)
            // Ids that name nothing are 404s, never 500s.
            for path in ["/api/v1/enterprises/999999", "/api/v1/enterprises/abc", "/api/v1/enterprises/999999/pairings", "/api/v1/enterprises/999999/visits"] {
                let missing = try await fixture.office.send(.GET, path)
                #expect(missing.status == .notFound, "\(path)")
                #expect(try missing.content.decode(APIErrorBody.self).error.code == "not_found", "\(path)")
            }
        }
    }

    @Test func theFileShowsNamesTagsAndPairingsWithContactsMaskedForEveryoneAndAuditsNoReveal() async throws {
        try await withTestApp { app in
            let fixture = try await Self.fixture(app)
            var input = EnterpriseInput()
            input.creditCode = EnterpriseRegistryTests.code(1)
            input.name = "测试企业1有限公司"
            input.formerNames = ["测试老厂"]
            input.tags = ["high_tech"]
            input.regionUnitID = fixture.org.street
            input.registeredOn = "2020-01-01"
            input.capital = "500万元"
            let registry = EnterpriseRegistry(db: app.db)
            try await registry.save(try input.check(regions: try await registry.regions(), today: PairingTests.today).get(), source: "manual", by: .system("test"))
            let serviceCode = try #require(try await Enterprise.find(fixture.firms[0], on: app.db)).serviceCode
            // Even those the page lets reveal numbers (paired people, the town's staff, the office) see them masked here,
            // and the firm's service link (a bearer secret) is not part of the file.
            for client in [fixture.office, fixture.pairedAPI, fixture.streetStaff, fixture.stranger, fixture.westStaff] {
                let response = try await client.send(.GET, "/api/v1/enterprises/\(fixture.firms[0])")
                #expect(response.status == .ok)
                #expect(!response.body.string.contains("13812345678") && !response.body.string.contains("11010519491231002X"))
                #expect(!response.body.string.contains(serviceCode))
                let file = try response.content.decode(EnterprisesAPIController.EnterpriseDetail.self)
                #expect(file.contacts.map(\.phone) == ["138****5678"] && file.contacts.map(\.idNumber) == ["110105********002X"])
                #expect(file.formerNames == ["测试老厂"] && file.tags == ["high_tech"] && file.regionName == "东风街道" && file.capital == "500万元")
                #expect(file.pairings.map(\.userID) == [fixture.paired])
            }
            #expect(try await Self.audited(app, "enterprise.contactsReveal") == 0)
        }
    }

    @Test func createAndUpdateUseTheFormsCheckAndTheCodeRule() async throws {
        try await withTestApp { app in
            let fixture = try await Self.fixture(app)
            let code = EnterpriseRegistryTests.code(900)
            var body: [String: Any] = [
                "creditCode": code, "name": "桐江精密机械有限公司", "formerNames": ["桐江机械厂"], "legalRepresentative": "李四",
                "regionUnitID": fixture.org.street, "industryCode": "34", "size": "small", "aboveScale": true, "registeredOn": "2019-05-01",
                "capital": "1200", "employees": 85, "tags": ["high_tech", "专精特新"],
            ]
            var response = try await fixture.office.send(.POST, "/api/v1/enterprises", json: try Self.json(body))
            #expect(response.status == .created)
            let created = try response.content.decode(EnterprisesAPIController.EnterpriseDetail.self)
            #expect(created.creditCode == code && created.formerNames == ["桐江机械厂"] && created.capital == "1200万元")
            #expect(Set(created.tags) == ["high_tech", "specialised"] && created.status == "active" && created.source == "manual")
            #expect(try await Self.audited(app, "enterprise.create") == 6)   // the fixture's five and this one

            // Every problem at once, each on its field, as the form shows them.
            response = try await fixture.office.send(.POST, "/api/v1/enterprises", json: try Self.json([
                "creditCode": "91350100M000100Y44", "name": String(repeating: "名", count: 300), "size": "huge", "status": "sleeping",
                "tags": ["famous"], "regionUnitID": fixture.org.otherDistrict, "registeredOn": "yesterday",
            ]))
            #expect(response.status == .unprocessableEntity)
            #expect(try response.content.decode(APIErrorBody.self).error.code == "validation_failed")
            #expect(try Self.fields(response) == ["creditCode", "name", "size", "status", "tags", "regionUnitID", "registeredOn"])
            // Left out or null, a field is an empty form field: the check names it, decoding does not fail.
            for json in ["{}", #"{"creditCode": null, "name": null, "tags": null, "aboveScale": null}"#] {
                response = try await fixture.office.send(.POST, "/api/v1/enterprises", json: json)
                #expect(response.status == .unprocessableEntity)
                #expect(try Self.fields(response) == ["creditCode", "name"])
            }

            // A code on file belongs to that firm: adding it again is a conflict, and nothing is overwritten.
            body["name"] = "冒名公司"
            response = try await fixture.office.send(.POST, "/api/v1/enterprises", json: try Self.json(body))
            #expect(response.status == .conflict)
            #expect(try response.content.decode(APIErrorBody.self).error.message == "该统一社会信用代码已属于库中另一家企业")
            #expect(try await Enterprise.find(created.id, on: app.db)?.name == "桐江精密机械有限公司")

            // Malformed or oversized bodies are refused with their reason: never a 500.
            #expect(try await fixture.office.send(.POST, "/api/v1/enterprises", json: "not json").status == .badRequest)
            response = try await fixture.office.send(.POST, "/api/v1/enterprises", json: #"{"name": 5}"#)
            #expect(response.status == .badRequest)
            #expect(try Self.fields(response) == ["name"])
            response = try await fixture.office.send(.POST, "/api/v1/enterprises", json: try Self.json(["name": String(repeating: "x", count: 100_000)]))
            // A served app stops the body at 64 kB (413); in-process requests skip that, and the check refuses the name.
            #expect([.payloadTooLarge, .unprocessableEntity].contains(response.status))

            // An edit replaces the fields and keeps the history; the code stays.
            body["name"] = "桐江精密科技有限公司"
            body["formerNames"] = ["桐江机械厂", "桐江精密机械有限公司"]
            response = try await fixture.office.send(.PUT, "/api/v1/enterprises/\(created.id)", json: try Self.json(body))
            #expect(response.status == .ok)
            let updated = try response.content.decode(EnterprisesAPIController.EnterpriseDetail.self)
            #expect(updated.name == "桐江精密科技有限公司" && updated.formerNames.count == 2)
            #expect(try await Self.audited(app, "enterprise.update") == 1)
            // Sending the file back as it was changes nothing.
            response = try await fixture.office.send(.PUT, "/api/v1/enterprises/\(created.id)", json: try Self.json(body))
            #expect(response.status == .ok)
            #expect(try await Self.audited(app, "enterprise.update") == 1)
            body["creditCode"] = EnterpriseRegistryTests.code(901)
            response = try await fixture.office.send(.PUT, "/api/v1/enterprises/\(created.id)", json: try Self.json(body))
            #expect(response.status == .unprocessableEntity)
            #expect(try Self.fields(response) == ["creditCode"])
            body["creditCode"] = EnterpriseRegistryTests.code(2)
            #expect(try await fixture.office.send(.PUT, "/api/v1/enterprises/\(created.id)", json: try Self.json(body)).status == .conflict)
            #expect(try await fixture.office.send(.PUT, "/api/v1/enterprises/999999", json: try Self.json(body)).status == .notFound)

            // Only the office and administrators write the registry.
            body["creditCode"] = EnterpriseRegistryTests.code(902)
            #expect(try await fixture.admin.send(.POST, "/api/v1/enterprises", json: try Self.json(body)).status == .created)
            body["creditCode"] = EnterpriseRegistryTests.code(903)
            for client in [fixture.pairedAPI, fixture.streetStaff, fixture.enterpriseUser] {
                #expect(try await client.send(.POST, "/api/v1/enterprises", json: try Self.json(body)).status == .forbidden)
                #expect(try await client.send(.PUT, "/api/v1/enterprises/\(created.id)", json: try Self.json(body)).status == .forbidden)
            }
            #expect(try await Enterprise.query(on: app.db).count() == 7)
        }
    }

    @Test func pairingIsAssignedUpToTheLoadLimitAndEndedWithAReason() async throws {
        try await withTestApp { app in
            let fixture = try await Self.fixture(app)
            var limits = Dictionary(uniqueKeysWithValues: PairingKind.allCases.map { ($0, (visitDays: Optional(30), maxLoad: Optional(10))) })
            limits[.commissioner] = (30, 1)
            try await PairingService(db: app.db).updateSettings(limits, by: .system("test"))
            let other = try await TestData.user(app, "other", roles: [.commissioner], unit: fixture.org.department)
            let pairings = "/api/v1/enterprises/\(fixture.firms[1])/pairings"

            // "paired" already holds one commissioner firm: at the limit, a structured conflict.
            var response = try await fixture.office.send(.POST, pairings, json: #"{"kind":"commissioner","username":"paired"}"#)
            #expect(response.status == .conflict)
            #expect(try response.content.decode(APIErrorBody.self).error.message == "此人包联的企业已达上限，请先调整上限或选择他人")
            // Every refusal names its field.
            for (json, field) in [(#"{"username":"other"}"#, "kind"), (#"{"kind":"planet","username":"other"}"#, "kind"),
                                  (#"{"kind":"commissioner"}"#, "username"), (#"{"kind":"commissioner","username":"nobody"}"#, "username"),
                                  (#"{"kind":"leader","username":"other"}"#, "username"), (#"{"kind":"commissioner","userID":999999}"#, "userID"),
                                  (#"{"kind":"commissioner","username":"other","reason":"\#(String(repeating: "长", count: 201))"}"#, "reason")] {
                response = try await fixture.office.send(.POST, pairings, json: json)
                #expect(response.status == .unprocessableEntity, "\(json)")
                #expect(try Self.fields(response) == [field], "\(json)")
            }
            #expect(try await fixture.office.send(.POST, pairings, json: #"{"kind":"commissioner","userID":"five"}"#).status == .badRequest)

            response = try await fixture.office.send(.POST, pairings, json: #"{"kind":"commissioner","userID":\#(other),"reason":"新任专员"}"#)
            #expect(response.status == .created)
            let pairing = try response.content.decode(PairingRow.self)
            #expect(pairing.userID == other && pairing.kind == .commissioner && pairing.startReason == "新任专员" && pairing.endedAt == nil)
            // The same person again is a conflict too.
            #expect(try await fixture.office.send(.POST, pairings, json: #"{"kind":"commissioner","username":"other"}"#).status == .conflict)
            // Another kind has its own limit.
            #expect(try await fixture.office.send(.POST, pairings, json: #"{"kind":"liaison","username":"paired"}"#).status == .created)
            var history = try await fixture.streetStaff.send(.GET, pairings).content.decode([PairingRow].self)
            #expect(Set(history.map(\.kind)) == [.commissioner, .liaison])

            // Ending: a reason is required, the pairing must be this firm's, and once is enough.
            let end = "\(pairings)/\(pairing.id)/end"
            response = try await fixture.office.send(.POST, end, json: "{}")
            #expect(response.status == .unprocessableEntity)
            #expect(try Self.fields(response) == ["reason"])
            #expect(try await fixture.office.send(.POST, "/api/v1/enterprises/\(fixture.firms[0])/pairings/\(pairing.id)/end",
                                                  json: #"{"reason":"调整"}"#).status == .notFound)
            #expect(try await fixture.office.send(.POST, "\(pairings)/abc/end", json: #"{"reason":"调整"}"#).status == .notFound)
            response = try await fixture.office.send(.POST, end, json: #"{"reason":"调离"}"#)
            #expect(response.status == .ok)
            let ended = try response.content.decode(PairingRow.self)
            #expect(ended.endedAt != nil && ended.endReason == "调离" && ended.endedBy == "office")
            #expect(try await fixture.office.send(.POST, end, json: #"{"reason":"调离"}"#).status == .conflict)
            history = try await fixture.office.send(.GET, pairings).content.decode([PairingRow].self)
            #expect(history.map { $0.endedAt == nil } == [true, false])
            #expect(try await Self.audited(app, "pairing.assign") == 3)
            #expect(try await Self.audited(app, "pairing.end") == 1)

            // Only the office pairs.
            for client in [fixture.admin, fixture.pairedAPI, fixture.streetStaff] {
                #expect(try await client.send(.POST, pairings, json: #"{"kind":"liaison","username":"other"}"#).status == .forbidden)
                #expect(try await client.send(.POST, end, json: #"{"reason":"x"}"#).status == .forbidden)
            }
        }
    }

    @Test func visitsAreRecordedOnlyByThoseWhoServeTheFirmAndListedNewestFirst() async throws {
        try await withTestApp { app in
            let fixture = try await Self.fixture(app)
            let visits = "/api/v1/enterprises/\(fixture.firms[0])/visits"
            let today = CivilDate.today()
            let visit: [String: Any] = [
                "visitedOn": today.adding(days: -1).description, "method": "on_site", "people": "paired、街道李四", "notes": "企业扩产，需要新增用地",
                "policies": "技改补助", "followUpOn": today.adding(days: 14).description,
                "problems": [["category": "land", "description": "扩产缺少 20 亩工业用地"], ["category": "", "description": ""]],
            ]
            // The web's rule: neither a commissioner paired elsewhere nor another district's staff.
            for client in [fixture.stranger, fixture.westStaff] {
                #expect(try await client.send(.POST, visits, json: try Self.json(visit)).status == .forbidden)
            }
            #expect(try await fixture.admin.send(.POST, visits, json: try Self.json(visit)).status == .forbidden)
            #expect(try await fixture.pairedAPI.send(.POST, "/api/v1/enterprises/999999/visits", json: try Self.json(visit)).status == .notFound)

            var response = try await fixture.pairedAPI.send(.POST, visits, json: try Self.json([
                "visitedOn": today.adding(days: 2).description, "method": "carrier-pigeon", "notes": "",
                "problems": [["category": "nonsense", "description": "x"], ["category": "land"]],
            ]))
            #expect(response.status == .unprocessableEntity)
            #expect(try Self.fields(response) == ["visitedOn", "method", "notes", "problems.0.category", "problems.1.description"])

            response = try await fixture.pairedAPI.send(.POST, visits, json: try Self.json(visit))
            #expect(response.status == .created)
            let recorded = try response.content.decode(VisitRow.self)
            #expect(recorded.method == .onSite && recorded.recorderName == "paired" && recorded.problems.map(\.category) == [.land])
            // The town's staff serve the firm too.
            var second = visit
            second["visitedOn"] = today.description
            second["method"] = "phone"
            second["problems"] = nil
            #expect(try await fixture.streetStaff.send(.POST, visits, json: try Self.json(second)).status == .created)
            #expect(try await Self.audited(app, "visit.create") == 2)
            #expect(try await Enterprise.find(fixture.firms[0], on: app.db)?.lastVisitedOn == today.description)

            let page = try await fixture.westStaff.send(.GET, visits + "?perPage=1&page=2").content.decode(APIPage<VisitRow>.self)
            #expect(page.total == 2 && page.items.map(\.id) == [recorded.id])

            // A commissioner's own firms, the next visit due first.
            let mine = try await fixture.pairedAPI.send(.GET, "/api/v1/my/enterprises").content.decode([EnterprisesAPIController.DueFirm].self)
            #expect(mine.map(\.enterpriseID) == [fixture.firms[0]])
            #expect(mine.first?.lastVisitedOn == today.description && mine.first?.overdue == false)
            #expect(try await fixture.streetStaff.send(.GET, "/api/v1/my/enterprises").status == .forbidden)
        }
    }

    @Test func theOpenAPIDocumentDescribesTheEnterpriseAPI() async throws {
        try await withTestApp { app in
            let admin = try await TestData.user(app, "root", roles: [.admin], unit: nil)
            let response = try await APIClient(app: app, token: try await APIClient.token(app, for: admin)).send(.GET, "/api/openapi.json")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let expected: [String: Set<String>] = [
                "/api/v1/enterprises": ["get", "post"], "/api/v1/enterprises/{id}": ["get", "put"],
                "/api/v1/enterprises/{id}/pairings": ["get", "post"], "/api/v1/enterprises/{id}/pairings/{itemID}/end": ["post"],
                "/api/v1/enterprises/{id}/visits": ["get", "post"], "/api/v1/my/enterprises": ["get"],
            ]
            for (path, methods) in expected {
                #expect(Set(paths[path]?.keys.map { $0 } ?? []) == methods, "\(path)")
            }
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            for name in ["Enterprise", "EnterpriseDetail", "EnterpriseInput", "Pairing", "PairingInput", "PairingEnd", "Visit", "VisitInput", "DueFirm", "Unit"] {
                #expect(schemas[name] != nil, "\(name)")
            }
        }
    }
}
