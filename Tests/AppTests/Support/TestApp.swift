@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Every test gets a fresh app and a fresh database: in-memory SQLite by default, or a schema of
/// its own in the PostgreSQL named by `TEST_DATABASE_URL` (dropped afterwards).
///
/// Pitfall: Swift decides whether a closure throws before macros expand, so a body whose only
/// `try`s sit inside `#expect(...)` is taken as non-throwing and fails to compile. Keep at least
/// one plain `try` statement in the body (`let x = try await …; #expect(x)`).
func withTestApp(_ body: (Application) async throws -> Void) async throws {
    try await withTestApp(configure: { _ in }, body)
}

func withTestApp(configure adjust: (inout AppConfig) -> Void, _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    var config = try AppConfig.load(.testing, get: { _ in nil })
    // Uploads go to a folder of the test's own, removed afterwards.
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("yingshang-test-" + UUID().uuidString)
    config.dataDirectory = dataDirectory.path
    defer { try? FileManager.default.removeItem(at: dataDirectory) }
    var schema: String?
    if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty {
        config.database = .postgres(url: url)
        config.postgresConnectionsPerLoop = 1
        // Every suite runs at once on two cores: a query may wait its turn far longer than in service.
        config.postgresPoolTimeoutSeconds = 120
        schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    }
    adjust(&config)
    do {
        try await App.configure(app, config: config, postgresSearchPath: schema.map { [$0] })
        if let schema { try await app.db.sql.raw("CREATE SCHEMA \(ident: schema)").run() }
        try await app.autoMigrate()
        try await body(app)
    } catch {
        await cleanUp(app, schema: schema)
        throw error
    }
    await cleanUp(app, schema: schema)
}

private func cleanUp(_ app: Application, schema: String?) async {
    if let schema { try? await app.db.sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run() }
    try? await app.asyncShutdown()
}

enum TestData {
    static let password = "Correct-Horse-42"

    /// The demo city's tree in miniature: a city, a district with a street, two departments.
    struct Org: Sendable {
        let city: Int
        let district: Int
        let street: Int
        let otherDistrict: Int
        let department: Int
        let otherDepartment: Int
    }

    static func org(_ app: Application) async throws -> Org {
        let actor = AuditActor.system("test")
        let units = UnitService(db: app.db)
        let city = try await units.create(UnitInput(name: "测试市", code: "100000", kind: "city"), by: actor)
        let district = try await units.create(UnitInput(name: "东区", code: "100001", kind: "district", parentID: city.id), by: actor)
        let street = try await units.create(UnitInput(name: "东风街道", code: "100001001", kind: "street", parentID: district.id), by: actor)
        let west = try await units.create(UnitInput(name: "西区", code: "100002", kind: "district", parentID: city.id), by: actor)
        let department = try await units.create(UnitInput(name: "测试市市场监督管理局", shortName: "市市场监管局", code: "D01", kind: "department", parentID: city.id), by: actor)
        let other = try await units.create(UnitInput(name: "测试市税务局", code: "D02", kind: "department", parentID: city.id), by: actor)
        return Org(city: city.id!, district: district.id!, street: street.id!, otherDistrict: west.id!, department: department.id!, otherDepartment: other.id!)
    }

    /// A user with the given roles and a known password, not forced to change it.
    @discardableResult
    static func user(_ app: Application, _ username: String, roles: [Role], unit: Int?, password: String = TestData.password) async throws -> Int {
        try await UserService(db: app.db, hasher: app.passwordHasher).create(
            UserInput(username: username, displayName: username, title: "", unitID: unit, roles: roles.map(\.rawValue), password: password),
            by: .system("test"), passwordIsOwn: true).id
    }
}

/// A browser: keeps cookies, knows the CSRF token of the page it last loaded.
struct Browser {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf: String = ""

    init(_ app: Application) { self.app = app }

    var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }

    mutating func absorb(_ response: TestingHTTPResponse) {
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0]
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]), value = parts.count > 1 ? String(parts[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies.removeValue(forKey: name) } else { cookies[name] = value }
        }
        let body = response.body.string
        if let range = body.range(of: #"name="_csrf" value="([^"]*)""#, options: .regularExpression) {
            let match = String(body[range])
            csrf = String(match.dropFirst(#"name="_csrf" value=""#.count).dropLast())
        }
    }

    @discardableResult
    mutating func get(_ path: String, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = extra
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookieHeader) }
        var result: TestingHTTPResponse?
        try await app.testing().test(.GET, path, headers: headers) { result = $0 }
        absorb(result!)
        return result!
    }

    /// A form POST carrying the current CSRF token unless `csrf` says otherwise.
    @discardableResult
    mutating func post(_ path: String, form: [(String, String)] = [], csrf token: String? = nil, method: HTTPMethod = .POST) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookieHeader) }
        let fields = [("_csrf", token ?? csrf)] + form
        let body = fields.map { "\(URLQuery.encode($0.0))=\(URLQuery.encode($0.1))" }.joined(separator: "&")
        var result: TestingHTTPResponse?
        try await app.testing().test(method, path, headers: headers, body: ByteBuffer(string: body)) { result = $0 }
        absorb(result!)
        return result!
    }

    /// A multipart POST, as a browser sends a form with file inputs.
    @discardableResult
    mutating func postMultipart(_ path: String, fields: [(String, String)], files: [(field: String, filename: String, data: Data)]) async throws -> TestingHTTPResponse {
        let boundary = "----yingshang-test-" + UUID().uuidString
        var body = Data()
        func line(_ text: String) { body.append(Data((text + "\r\n").utf8)) }
        for (name, value) in [("_csrf", csrf)] + fields {
            line("--" + boundary)
            line("Content-Disposition: form-data; name=\"\(name)\"")
            line("")
            line(value)
        }
        for file in files {
            line("--" + boundary)
            line("Content-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"")
            line("Content-Type: application/octet-stream")
            line("")
            body.append(file.data)
            line("")
        }
        line("--" + boundary + "--")
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookieHeader) }
        var result: TestingHTTPResponse?
        try await app.testing().test(.POST, path, headers: headers, body: ByteBuffer(data: body)) { result = $0 }
        absorb(result!)
        return result!
    }

    /// Signs in through the login form, as a person would, and loads the home page.
    @discardableResult
    mutating func login(_ username: String, password: String = TestData.password) async throws -> TestingHTTPResponse {
        try await get("/login")
        let response = try await post("/login", form: [("username", username), ("password", password), ("next", "/")])
        if response.status == .seeOther { try await get("/") }
        return response
    }
}

/// JSON API calls with a bearer token.
struct APIClient {
    let app: Application
    let token: String?

    func send(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = [:]
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        if json != nil { headers.contentType = .json }
        var result: TestingHTTPResponse?
        try await app.testing().test(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) }) { result = $0 }
        return result!
    }

    static func token(_ app: Application, for userID: Int) async throws -> String {
        try await APITokenService(db: app.db).create(for: userID, name: "test", by: .system("test"))
    }
}
