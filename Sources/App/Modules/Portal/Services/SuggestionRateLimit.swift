import Fluent
import Foundation

/// How often one address may suggest. Counted from stored suggestions, so the limit holds across
/// app instances and restarts; only a hash of the address is ever stored.
enum SuggestionRateLimit {
    static let perHour = 3
    static let perDay = 10

    static func addressHash(_ address: String) -> String { Tokens.sha256Hex(address) }

    /// Call inside the write transaction that stores the suggestion, so two requests cannot both
    /// pass on the last free slot (SQLite's `BEGIN IMMEDIATE` serialises them).
    static func check(addressHash: String, now: Date, on db: any Database) async throws {
        let lastDay = try await PortalSuggestion.query(on: db).filter(\.$addressHash == addressHash)
            .filter(\.$createdAt > now.addingTimeInterval(-24 * 3600)).count()
        guard lastDay < perDay else { throw AppError.tooManyRequests(key: "portal.suggestion.tooMany") }
        let lastHour = try await PortalSuggestion.query(on: db).filter(\.$addressHash == addressHash)
            .filter(\.$createdAt > now.addingTimeInterval(-3600)).count()
        guard lastHour < perHour else { throw AppError.tooManyRequests(key: "portal.suggestion.tooMany") }
    }
}
