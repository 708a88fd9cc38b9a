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
