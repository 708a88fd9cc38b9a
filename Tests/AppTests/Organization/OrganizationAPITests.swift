@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("JSON API")
struct OrganizationAPITests {
    @Test func tokenAuthenticatesAsItsOwnerAndCanBeRevoked() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let id = try await TestData.user(app, "east", roles: [.unitStaff], unit: org.district)
            let token = try await APIClient.token(app, for: id)
            #expect(token.hasPrefix("ys_"))
            // Stored hashed only.
            #expect(try await APIToken.query(on: app.db).filter(\.$tokenHash == token).count() == 0)
            let api = APIClient(app: app, token: token)
            let me = try await api.send(.GET, "/api/v1/me")
            #expect(me.status == .ok)
            let body = try me.content.decode(OrganizationAPIController.Me.self)
            #expect(body.username == "east")
            #expect(body.roles == ["unit_staff"])
            // Scoped like its owner: only the district's subtree.
            let units = try await api.send(.GET, "/api/v1/units")
            let page = try units.content.decode(APIPage<UnitRow>.self)
            #expect(Set(page.items.map(\.code)) == ["100001", "100001001"])
            #expect(try await api.send(.GET, "/api/v1/units/\(org.otherDistrict)").status == .notFound)
            // Not allowed to create, whatever the body.
            #expect(try await api.send(.POST, "/api/v1/units", json: "{}").status == .forbidden)

            let tokenID = try await APIToken.query(on: app.db).first()!.id!
            try await APITokenService(db: app.db).revoke(tokenID: tokenID, ownerID: id, by: .system())
            #expect(try await api.send(.GET, "/api/v1/me").status == .unauthorized)
            #expect(try await APIClient(app: app, token: "ys_forged").send(.GET, "/api/v1/me").status == .unauthorized)
            #expect(try await APIClient(app: app, token: nil).send(.GET, "/api/v1/me").status == .unauthorized)
        }
    }

    @Test func validationErrorsAreStructuredJSON() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let admin = try await TestData.user(app, "root", roles: [.admin], unit: nil)
            let api = APIClient(app: app, token: try await APIClient.token(app, for: admin))

            let invalid = try await api.send(.POST, "/api/v1/units", json: #"{"name":"","code":"D01","kind":"department","parentID":\#(org.city)}"#)
            #expect(invalid.status == .unprocessableEntity)
            let error = try invalid.content.decode(APIErrorBody.self)
            #expect(error.error.code == "validation_failed")
            #expect(Set(error.error.fields?.map(\.field) ?? []) == ["name", "code"])

            let malformed = try await api.send(.POST, "/api/v1/units", json: #"{"name": 5}"#)
            #expect(malformed.status == .badRequest)
            #expect(try malformed.content.decode(APIErrorBody.self).error.code == "bad_request")

            let notJSON = try await api.send(.POST, "/api/v1/units", json: "not json at all")
            #expect(notJSON.status == .badRequest)

            let missing = try await api.send(.GET, "/api/v1/units/999999")
            #expect(missing.status == .notFound)
            #expect(try missing.content.decode(APIErrorBody.self).error.code == "not_found")
            #expect(try await api.send(.GET, "/api/v1/units/abc").status == .notFound)
            #expect(try await api.send(.GET, "/api/v1/units?kind=planet").status == .unprocessableEntity)

            let created = try await api.send(.POST, "/api/v1/units", json: #"{"name":"测试市商务局","code":"D09","kind":"department","parentID":\#(org.city)}"#)
            #expect(created.status == .created)
            let unit = try created.content.decode(UnitRow.self)
            #expect(unit.code == "D09")
            #expect(unit.path.hasSuffix(String(format: "/%08d/", unit.id)))
        }
    }

    @Test func usersAndTaskForcesRoundTrip() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let admin = try await TestData.user(app, "root", roles: [.admin], unit: nil)
            let leader = try await TestData.user(app, "mayor", roles: [.leader], unit: org.city)
            let api = APIClient(app: app, token: try await APIClient.token(app, for: admin))

            let created = try await api.send(.POST, "/api/v1/users", json: #"{"username":"Wang.Fang","displayName":"王芳","unitID":\#(org.department),"roles":["unit_staff"]}"#)
            #expect(created.status == .created)
            let user = try created.content.decode(OrganizationAPIController.CreatedUser.self)
            #expect(user.user.username == "wang.fang")
            // No password travels back: an activation link for the person instead.
            #expect(user.activationURL?.hasPrefix("http://127.0.0.1:8080/activate/") == true)
            #expect(!created.body.string.lowercased().contains("password"))

            let weak = try await api.send(.POST, "/api/v1/users", json: #"{"username":"li","displayName":"李","roles":["unit_staff"],"password":"123456"}"#)
            let fields = try weak.content.decode(APIErrorBody.self).error.fields?.map(\.field) ?? []
            #expect(Set(fields) == ["username", "unitID", "password"])

            let group = try await api.send(.POST, "/api/v1/task-forces", json: #"{"kind":"task_force","name":"获得电力专班","leaderUserID":\#(leader),"leadUnitID":\#(org.department),"memberUnitIDs":[\#(org.otherDepartment)]}"#)
            #expect(group.status == .created)
            let row = try group.content.decode(WorkGroupRow.self)
            #expect(Set(row.members.map(\.unitID)) == [org.department, org.otherDepartment])
            #expect(row.leaderName == "mayor")

            let notLeader = try await api.send(.PUT, "/api/v1/task-forces/\(row.id)", json: #"{"kind":"task_force","name":"获得电力专班","leaderUserID":\#(admin),"leadUnitID":\#(org.department),"memberUnitIDs":[]}"#)
            #expect(notLeader.status == .unprocessableEntity)
        }
    }

    @Test func openAPIDocumentListsEveryAPIRoute() async throws {
        try await withTestApp { app in
            var result: TestingHTTPResponse?
            try await app.testing().test(.GET, "/api/openapi.json") { result = $0 }
            let response = try #require(result)
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.0.3")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            for route in app.routes.all where route.path.first?.description == "api" {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                let operation = paths[path]?[route.method.rawValue.lowercased()]
                #expect(operation != nil, "\(route.method.rawValue) \(path) is not in the OpenAPI document")
            }
            // Every schema the document refers to exists.
            let text = String(buffer: response.body)
            for match in text.matches(of: /#\/components\/schemas\/([A-Za-z]+)/) {
                #expect(schemas[String(match.1)] != nil, "missing schema \(match.1)")
            }
        }
    }
}

@Suite("Demo city")
struct DemoCityTests {
    @Test func loadsARealisticCityOnce() async throws {
        try await withTestApp { app in
            let today = CivilDate("2026-11-21")!
            let loaded = try await DemoCity.loadIfEmpty(on: app.db, hasher: app.passwordHasher, logger: app.logger, calendar: TaskWorld.calendar,
                                                        today: today)
            #expect(loaded)
            #expect(try await Unit.query(on: app.db).filter(\.$kind ~~ [.district, .county, .countyCity]).count() == 8)
            #expect(try await Unit.query(on: app.db).filter(\.$kind == .department).count() >= 40)
            #expect(try await WorkGroup.query(on: app.db).filter(\.$kind == .leadingGroup).count() == 1)
            #expect(try await WorkGroup.query(on: app.db).filter(\.$kind == .taskForce).count() >= 20)
            for role in Role.allCases {
                #expect(try await UserRole.query(on: app.db).filter(\.$role == role).count() > 0, "no \(role) account")
            }
            for account in DemoCity.accounts {
                #expect(try await User.query(on: app.db).filter(\.$username == account.username).count() == 1, "\(account.username)")
            }
            #expect(!(try await DemoCity.loadIfEmpty(on: app.db, hasher: app.passwordHasher, logger: app.logger, calendar: TaskWorld.calendar)))
            // The plan: ~300 tasks in 19 domains, ~740 orders, a year lived through to today.
            let plan = try #require(try await PlanService(db: app.db).list().first)
            #expect(try await PlanService(db: app.db).domains(of: plan.id).count == 19)
            #expect((280...400).contains(plan.taskCount), "\(plan.taskCount) tasks")
            #expect((700...780).contains(plan.orderCount), "\(plan.orderCount) orders")
            let office = try await TaskWorld.principalOf(app, "office")
            let cutoff = TaskWorld.calendar.dueSoonCutoff(today: today, days: 3)
            let lights = try await TaskStatistics(db: app.db).lightCounts(planID: plan.id, for: office, today: today, cutoff: cutoff)
            #expect((lights[.red] ?? 0) > 5 && (lights[.done] ?? 0) > 50 && (lights[.green] ?? 0) > 10, "\(lights)")
            #expect(try await ProgressReport.query(on: app.db).filter(\.$status == .pendingOffice).count() > 0)
            #expect(try await ProgressReport.query(on: app.db).filter(\.$status == .accepted).count() > 500)
            #expect(try await WorkOrder.query(on: app.db).filter(\.$signedOnTime == false).count() > 0)
            #expect(try await ReformTask.query(on: app.db).filter(\.$isTest == true).count() == 1)
            // A published month, an open one, cards and the scan's urgings.
            #expect(try await DispatchCycle.query(on: app.db).filter(\.$status == .published).count() == 1)
            #expect(try await DispatchCycle.query(on: app.db).filter(\.$status == .open).count() == 1)
            #expect(try await SupervisionRecord.query(on: app.db).filter(\.$kind == .redCard).count() == 1)
            #expect(try await SupervisionRecord.query(on: app.db).filter(\.$kind == .urge).count() > 5)
            var browser = Browser(app)
            #expect(try await browser.login("tonghu.staff", password: DemoCity.password).status == .seeOther)
            #expect(try await AuditLog.verify(on: app.db).ok)
        }
    }
}

@Suite("Demo registry")
struct DemoEnterprisesTests {
    @Test func aRegisterWithValidCodesPairedByTheRulesAndASeasonOfVisits() async throws {
        try await withTestApp { app in
            let hash = try await app.passwordHasher.hash(DemoCity.password)
            try await app.db.writeTransaction { db in try await DemoCity.load(on: db, passwordHash: hash) }
            let loaded = try await DemoEnterprises.load(count: 2_000, on: app.db, passwordHash: hash, today: CivilDate("2026-11-21")!)
            #expect(loaded.firms == 2_000 && loaded.visits > 1_000)
            let codes = try await Enterprise.query(on: app.db).all().map(\.creditCode)
            #expect(codes.count == 2_000 && codes.allSatisfy { CreditCode($0) != nil } && Set(codes).count == 2_000)
            #expect(try await Enterprise.query(on: app.db).filter(\.$aboveScale == true).count() == DemoEnterprises.aboveScaleCount(of: 2_000))
            // Every active firm is paired: the key ones with a commissioner, the rest with their town's liaison.
            let unpaired = try await EnterpriseSearch(db: app.db).list(EnterpriseFilter(unpaired: true), page: Pagination(page: 1))
            #expect(unpaired.total == 0)
            let board = try await PairingCoverage(db: app.db).summary(today: CivilDate("2026-11-21")!)
            #expect(board.overloaded.isEmpty)
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM visit_problems").first()?.decode(column: "n", as: Int.self) ?? 0 > 0)
            // The demo enterprise account signs in with its firm's code and number.
            let signIn = try #require(try await DemoEnterprises.enterpriseSignIn(on: app.db))
            var browser = Browser(app)
            try await browser.get("/login/enterprise")
            let response = try await browser.post("/login/enterprise", form: [("code", signIn.code), ("phone", signIn.phone), ("password", DemoCity.password)])
            #expect(response.status == .seeOther)
            #expect(try await browser.get("/my/firm").status == .ok)
        }
    }
}
