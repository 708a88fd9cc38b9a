import Foundation
import Vapor

/// What makes a password acceptable: at least 10 characters, not a common password,
/// and not built around the user's own name.
enum PasswordPolicy {
    static let minimumLength = 10

    /// Returns catalog keys of the rules the password breaks; empty means acceptable.
    static func problems(_ password: String, username: String = "") -> [String] {
        var problems: [String] = []
        if password.count < minimumLength { problems.append("password.tooShort") }
        let lower = password.lowercased()
        if isCommon(lower) { problems.append("password.common") }
        let name = username.lowercased()
        if name.count >= 3, lower.contains(name) { problems.append("password.containsUsername") }
        if Set(lower).count <= 2 { problems.append("password.tooSimple") }
        return problems
    }

    /// A password is common if it is on the list, or is a listed password with digits or
    /// symbols tacked on (`password2024!`), which lists alone do not catch.
    static func isCommon(_ lower: String) -> Bool {
        if commonPasswords.contains(lower) { return true }
        let core = lower.trimmingCharacters(in: CharacterSet.decimalDigits.union(.punctuationCharacters).union(.symbols))
        return core.count >= 6 && commonPasswords.contains(core)
    }

    static let commonPasswords: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            // The list ships with the app; a build without it must not silently accept weak passwords.
            fatalError("Resources/common-passwords.txt is missing from the bundle")
        }
        return Set(text.split(whereSeparator: \.isNewline).map { String($0) })
    }()
}

/// Bcrypt on the app's thread pool, so hashing never blocks an event loop.
struct PasswordHasher: Sendable {
    let cost: Int
    let threadPool: NIOThreadPool

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await threadPool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }
}

extension Application {
    var passwordHasher: PasswordHasher { PasswordHasher(cost: config.bcryptCost, threadPool: threadPool) }
}

extension Request {
    var passwordHasher: PasswordHasher { application.passwordHasher }
}
