@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Every route must declare a policy, and each role must get exactly the access this table
/// says. The table is written here, apart from the code, so that a policy changed by mistake
/// fails the test; a new route fails it until it is added here.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    static let view: Set<Role> = [.admin, .office, .leader, .unitStaff, .unitHead, .commissioner]
    static let adminOnly: Set<Role> = [.admin]
    static let all = Set(Role.allCases)
    static let taskViewers: Set<Role> = [.admin, .office, .leader, .unitStaff, .unitHead]
    static let office: Set<Role> = [.office]
    static let unitPeople: Set<Role> = [.unitStaff, .unitHead]
    static let orderActors: Set<Role> = [.office, .unitStaff, .unitHead]
    static let enterpriseViewers: Set<Role> = [.admin, .office, .leader, .unitStaff, .unitHead, .commissioner]
    static let enterpriseManagers: Set<Role> = [.admin, .office]
    static let visitors: Set<Role> = [.office, .leader, .unitStaff, .unitHead, .commissioner]
    /// nil = anyone, including anonymous callers.
    static let expected: [String: Set<Role>?] = [
        "GET /login": nil, "POST /login": nil, "GET /activate/:token": nil, "POST /activate/:token": nil, "POST /language": nil, "GET /healthz": nil, "GET /livez": nil, "GET /api/openapi.json": nil,
        "POST /logout": all, "GET /": all,
        "GET /account": all, "GET /account/password": all, "POST /account/password": all,
        "GET /account/tokens": all, "POST /account/tokens": all, "POST /account/tokens/:id/revoke": all,
        "GET /inbox": all, "POST /inbox/:id/read": all, "POST /inbox/read-all": all,
        "GET /units": view, "GET /units/:id": view,
        "GET /units/new": adminOnly, "POST /units": adminOnly, "GET /units/:id/edit": adminOnly, "POST /units/:id": adminOnly,
        "POST /units/:id/toggle": adminOnly, "GET /units/template": adminOnly, "GET /units/import": adminOnly,
        "POST /units/import": adminOnly, "POST /units/import/confirm": adminOnly,
        "GET /units/export": [.admin, .office],
        "GET /units/:id/webhooks": [.admin, .unitHead], "POST /units/:id/webhooks": [.admin, .unitHead],
        "POST /units/:id/webhooks/:itemID/toggle": [.admin, .unitHead], "POST /units/:id/webhooks/:itemID/test": [.admin, .unitHead],
        "GET /groups": view, "GET /groups/:id": view,
        "GET /groups/new": adminOnly, "POST /groups": adminOnly, "GET /groups/:id/edit": adminOnly, "POST /groups/:id": adminOnly,
        "GET /users": [.admin, .office, .unitHead], "GET /users/:id": [.admin, .office, .unitHead],
        "GET /users/new": adminOnly, "POST /users": adminOnly, "GET /users/:id/edit": adminOnly, "POST /users/:id": adminOnly,
        "POST /users/:id/toggle": adminOnly, "POST /users/:id/reset-password": adminOnly, "POST /users/:id/unlock": adminOnly,
        "GET /users/:id/tokens": adminOnly, "POST /users/:id/tokens": adminOnly,
        "GET /admin/audit": adminOnly, "GET /admin/jobs": adminOnly, "POST /admin/jobs/:id/retry": adminOnly,
        "GET /admin/calendar": taskViewers, "POST /admin/calendar": [.admin, .office], "POST /admin/calendar/:id/delete": [.admin, .office],
        "GET /plans": taskViewers, "GET /plans/:id": taskViewers, "GET /plans/new": office, "POST /plans": office,
        "GET /plans/:id/edit": office, "POST /plans/:id": office, "GET /plans/:id/tasks/new": office, "POST /plans/:id/tasks/new": office,
        "GET /tasks/template": office, "GET /plans/:id/export": [.admin, .office, .leader], "GET /plans/:id/import": office,
        "POST /plans/:id/import": office, "POST /plans/:id/import/confirm": office,
        "GET /tasks/:id": taskViewers, "GET /tasks/:id/edit": office, "POST /tasks/:id": office, "POST /tasks/:id/dispatch": office,
        "GET /orders": taskViewers, "GET /orders/:id": taskViewers, "POST /orders/:id/action": orderActors,
        "POST /orders/:id/reports": unitPeople, "POST /reports/:id": unitPeople, "POST /reports/:id/action": orderActors,
        "GET /supervision": taskViewers, "GET /supervision/:id": taskViewers, "GET /orders/:id/supervision": office,
        "POST /orders/:id/supervision": office, "POST /supervision/:id/action": orderActors, "POST /supervision/:id/report": unitPeople,
        "POST /supervision/:id/report-action": orderActors,
        "GET /plans/:id/dispatch": taskViewers, "POST /plans/:id/dispatch": office, "GET /dispatch/:id": taskViewers,
        "POST /dispatch/:id/action": office, "POST /dispatch/:id/urge": office, "GET /dispatch/:id/bulletin": taskViewers,
        "POST /plans/:id/meetings": office, "GET /meetings/:id": taskViewers, "GET /plans/:id/stats": taskViewers,
        "GET /evidence/:id": taskViewers, "POST /evidence/:id/delete": unitPeople, "GET /review": office,
        "GET /portal": nil, "GET /portal/plans/:id": nil, "GET /portal/tasks/:id": nil, "POST /portal/tasks/:id/suggestions": nil,
        "GET /portal-admin/suggestions": office, "POST /portal-admin/suggestions/:id/moderate": office,
        "GET /cockpit": [.leader, .office, .admin], "POST /tasks/:id/instructions": [.leader],
        "GET /enterprises": enterpriseViewers, "GET /enterprises/:id": enterpriseViewers, "GET /enterprises/export": enterpriseManagers,
        "GET /enterprises/statistics": taskViewers, "GET /enterprises/new": enterpriseManagers, "POST /enterprises": enterpriseManagers,
        "GET /enterprises/:id/edit": enterpriseManagers, "POST /enterprises/:id": enterpriseManagers,
        "POST /enterprises/:id/contacts": enterpriseViewers, "POST /enterprises/:id/contacts/:itemID/delete": enterpriseViewers,
        "POST /enterprises/:id/contacts/reveal": enterpriseViewers,
        "GET /enterprises/imports": enterpriseManagers, "POST /enterprises/imports": enterpriseManagers,
        "GET /enterprises/imports/template": enterpriseManagers, "GET /enterprises/imports/:id": enterpriseManagers,
        "GET /enterprises/imports/:id/problems": enterpriseManagers, "POST /enterprises/imports/:id/import-valid": enterpriseManagers,
        "POST /enterprises/imports/:id/resume": enterpriseManagers,
        "GET /login/enterprise": nil, "POST /login/enterprise": nil, "GET /e/:token": nil,
        "GET /my/firm": [.enterprise], "POST /my/firm/corrections": [.enterprise],
        "POST /enterprises/:id/users": enterpriseViewers, "POST /enterprises/:id/users/:itemID/deactivate": enterpriseViewers,
        "GET /enterprises/corrections": enterpriseManagers, "POST /enterprises/corrections/:id": enterpriseManagers,
        "GET /enterprises/:id/code.svg": enterpriseViewers, "POST /enterprises/:id/code/reset": enterpriseManagers,
        "POST /enterprises/:id/pairings": office, "POST /pairings/:id/end": office, "GET /pairing": [.office, .admin, .leader],
        "GET /pairing/overdue": [.office, .admin, .leader], "GET /pairing/preview": office, "POST /pairing/apply": office,
        "POST /pairing/settings": office, "POST /pairing/hand-over": office,
        "GET /enterprises/:id/visits/new": visitors, "POST /enterprises/:id/visits": visitors, "GET /my/enterprises": [.commissioner, .leader],
        "GET /api/v1/me": all,
        "GET /api/v1/plans": taskViewers, "GET /api/v1/plans/:id": taskViewers, "GET /api/v1/plans/:id/tasks": taskViewers,
        "POST /api/v1/plans/:id/tasks": office, "GET /api/v1/tasks/:id": taskViewers, "POST /api/v1/tasks/:id/dispatch": office,
        "GET /api/v1/orders": taskViewers, "GET /api/v1/orders/:id": taskViewers, "POST /api/v1/orders/:id/actions": orderActors,
        "GET /api/v1/orders/:id/reports": taskViewers, "POST /api/v1/orders/:id/reports": unitPeople, "POST /api/v1/reports/:id/actions": orderActors,
        "GET /api/v1/plans/:id/statistics": taskViewers, "GET /api/v1/plans/:id/months": taskViewers, "GET /api/v1/months/:id": taskViewers,
        "GET /api/v1/units": view, "GET /api/v1/units/:id": view, "POST /api/v1/units": adminOnly, "PUT /api/v1/units/:id": adminOnly,
        "GET /api/v1/task-forces": view, "GET /api/v1/task-forces/:id": view,
        "POST /api/v1/task-forces": adminOnly, "PUT /api/v1/task-forces/:id": adminOnly,
        "GET /api/v1/users": [.admin, .office, .unitHead], "GET /api/v1/users/:id": [.admin, .office, .unitHead],
        "POST /api/v1/users": adminOnly, "PUT /api/v1/users/:id": adminOnly,
        "GET /api/v1/enterprises": enterpriseViewers, "GET /api/v1/enterprises/:id": enterpriseViewers,
        "POST /api/v1/enterprises": enterpriseManagers, "PUT /api/v1/enterprises/:id": enterpriseManagers,
        "GET /api/v1/enterprises/:id/pairings": enterpriseViewers, "POST /api/v1/enterprises/:id/pairings": office,
        "POST /api/v1/enterprises/:id/pairings/:itemID/end": office,
        "GET /api/v1/enterprises/:id/visits": enterpriseViewers, "POST /api/v1/enterprises/:id/visits": visitors,
        "GET /api/v1/my/enterprises": [.commissioner, .leader],
    ]

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    @Test func everyRouteDeclaresAPolicyAndIsInTheMatrix() async throws {
        try await withTestApp { app in
            let routes = app.routes.all
            let missingPolicy = routes.filter { $0.access == nil }.map(Self.key)
            #expect(missingPolicy.isEmpty, "routes without a policy: \(missingPolicy)")
            let registered = Set(routes.map(Self.key))
            #expect(registered.subtracting(Self.expected.keys).isEmpty, "routes missing from the matrix: \(registered.subtracting(Self.expected.keys).sorted())")
            #expect(Set(Self.expected.keys).subtracting(registered).isEmpty, "matrix entries with no route: \(Set(Self.expected.keys).subtracting(registered).sorted())")
            for route in routes {
                let declared = route.access!
                let roles = Self.expected[Self.key(route)] ?? nil
                for role in Role.allCases {
                    let principal = Principal(userID: 1, username: "x", displayName: "x", unitID: nil, unitPath: nil, roles: [role],
                                              lang: .zh, channel: .apiToken(id: 1), mustChangePassword: false)
                    #expect(declared.allows(principal) == (roles?.contains(role) ?? true), "\(Self.key(route)) for \(role)")
                }
                #expect(declared.allows(nil) == (roles == nil), "\(Self.key(route)) for anonymous")
            }
        }
    }

    /// Real requests: each role calls every route; refused ones answer 403, allowed ones anything else.
    @Test(arguments: Role.allCases)
    func eachRoleGetsExactlyItsRoutes(role: Role) async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let unit = role == .enterprise || role == .supervisor ? nil : org.department
            let me = try await TestData.user(app, "actor", roles: [role], unit: unit)
            let target = try await TestData.user(app, "target", roles: [.unitStaff], unit: org.otherDepartment)
            let groupID = try await WorkGroupService(db: app.db).create(
                WorkGroupInput(kind: "task_force", name: "开办企业专班", leadUnitID: org.department, memberUnitIDs: [org.otherDepartment]),
                by: .system("test"))
            let tokenID = try await APIToken.query(on: app.db).count() + 1
            _ = try await APIClient.token(app, for: me)
            try await Inbox.send(.init(kind: "test", title: "t", body: "b"), to: [me], on: app.db)
            let messageID = try await InboxMessage.query(on: app.db).first()!.id!
            let apiToken = try await APIClient.token(app, for: me)
            var browser = Browser(app)
            try await browser.login("actor")

            let routes = app.routes.all.sorted { Self.key($0) == "POST /logout" ? false : (Self.key($1) == "POST /logout" ? true : Self.key($0) < Self.key($1)) }
            for route in routes {
                let key = Self.key(route)
                let allowed = Self.expected[key].map { $0?.contains(role) ?? true } ?? false
                var path = "/" + route.path.map(\.description).joined(separator: "/")
                let id: Int = switch true {
                case path.contains("/users/"): target
                case path.contains("/groups/") || path.contains("/task-forces/"): groupID
                case path.contains("/tokens/"): tokenID
                case path.contains("/inbox/"): messageID
                default: org.otherDepartment
                }
                path = path.replacingOccurrences(of: ":id", with: String(id)).replacingOccurrences(of: ":token", with: "no-such-link")
                let status: HTTPResponseStatus
                if path.hasPrefix("/api/") {
                    status = try await APIClient(app: app, token: apiToken).send(route.method, path, json: route.method == .GET ? nil : "{}").status
                } else if route.method == .GET {
                    status = try await browser.get(path).status
                } else {
                    status = try await browser.post(path, method: route.method).status
                }
                if allowed {
                    // The login form answers 401 to the empty credentials sent here: reached, not refused.
                    #expect(status != .forbidden && (status != .unauthorized || ["POST /login", "POST /login/enterprise"].contains(key)), "\(role) should reach \(key), got \(status.code)")
                } else {
                    #expect(status == .forbidden, "\(role) must be refused \(key), got \(status.code)")
                }
            }
        }
    }

    @Test func anonymousCallersAreSentToLoginOrRefused() async throws {
        try await withTestApp { app in
            for route in app.routes.all {
                let key = Self.key(route)
                guard let roles = Self.expected[key], roles != nil else { continue }
                let path = "/" + route.path.map(\.description).joined(separator: "/").replacingOccurrences(of: ":id", with: "1")
                var result: TestingHTTPResponse?
                try await app.testing().test(route.method, path) { result = $0 }
                let response = try #require(result)
                if path.hasPrefix("/api/") {
                    #expect(response.status == .unauthorized, "\(key)")
                } else if route.method == .GET {
                    #expect(response.status == .seeOther && response.headers.first(name: .location)?.hasPrefix("/login") == true, "\(key)")
                } else {
                    #expect(response.status == .seeOther || response.status == .badRequest, "\(key)")
                }
            }
        }
    }
}
