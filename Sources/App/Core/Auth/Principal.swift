import Fluent
import Vapor

/// Who is making the request, resolved once per request from the session cookie or API token.
struct Principal: Sendable {
    enum Channel: Sendable { case session(id: String, csrfToken: String), apiToken(id: Int) }

    let userID: Int
    let username: String
    let displayName: String
    let unitID: Int?
    /// Materialised path of the user's unit (`/1/4/`); the user's scope is this subtree.
    let unitPath: String?
    let roles: Set<Role>
    let lang: Lang
    let channel: Channel
    let mustChangePassword: Bool
    /// An enterprise user's own firm; such a user sees that firm and nothing else of the registry.
    var enterpriseID: Int? = nil

    func has(_ role: Role) -> Bool { roles.contains(role) }
    func hasAny(_ wanted: Set<Role>) -> Bool { !roles.isDisjoint(with: wanted) }

    /// `nil` means the whole city; otherwise the unit subtree the user may see.
    var scopePath: String? { roles.contains(where: \.seesWholeCity) ? nil : (unitPath ?? "/none/") }

    func canSee(unitPath path: String) -> Bool {
        guard let scope = scopePath else { return true }
        return path.hasPrefix(scope)
    }

    var csrfToken: String? {
        if case .session(_, let token) = channel { return token }
        return nil
    }
}

extension Principal {
    /// The principal a user would be, for work done on their behalf outside a request (demo
    /// history, benchmarks, tests): their roles and unit path, as a session would resolve them.
    static func of(_ user: User, on db: any Database) async throws -> Principal {
        let roles = try await UserRole.query(on: db).filter(\.$user.$id == user.requireID()).all().map(\.role)
        let path = try await user.$unit.id.asyncMap { try await Unit.find($0, on: db)?.path } ?? nil
        return Principal(userID: try user.requireID(), username: user.username, displayName: user.displayName, unitID: user.$unit.id, unitPath: path,
                         roles: Set(roles), lang: .zh, channel: .apiToken(id: 0), mustChangePassword: false,
                         enterpriseID: user.enterpriseID)
    }
}

extension Request {
    private struct PrincipalKey: StorageKey { typealias Value = Principal }

    var principal: Principal? {
        get { storage[PrincipalKey.self] }
        set { storage[PrincipalKey.self] = newValue }
    }

    /// The signed-in principal, or 401 for routes that reached here without one.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw Abort(.unauthorized) }
        return principal
    }
}
