import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Whole-plan figures (task and order counts, lights, the cockpit's groups) are a scan of every
/// task; pages that show them reuse them for `maxAge` seconds per instance instead of rescanning on
/// every request. Ledger lists themselves are never cached.
final class FiguresCache: Sendable {
    private let entries = NIOLockedValueBox<[String: (value: any Sendable, at: Date)]>([:])
    let maxAge: TimeInterval

    init(maxAge: TimeInterval = 30) { self.maxAge = maxAge }

    func value<T: Sendable>(_ key: String, now: Date = Date(), compute: () async throws -> T) async throws -> T {
        if let hit = entries.withLockedValue({ $0[key] }), now.timeIntervalSince(hit.at) < maxAge, let value = hit.value as? T { return value }
        let value = try await compute()
        entries.withLockedValue { entries in
            if entries.count > 1000 { entries.removeAll() }
            entries[key] = (value, now)
        }
        return value
    }
}

extension Application {
    private struct FiguresCacheKey: StorageKey { typealias Value = FiguresCache }

    var figuresCache: FiguresCache {
        get {
            guard let cache = storage[FiguresCacheKey.self] else { fatalError("configure(_:) sets the figures cache") }
            return cache
        }
        set { storage[FiguresCacheKey.self] = newValue }
    }
}
