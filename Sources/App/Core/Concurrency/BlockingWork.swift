import Dispatch

/// Long synchronous work (parsing a 300,000-row workbook, checking a batch of rows) run on a
/// dispatch queue and awaited, so neither the server's event loops nor Swift's few cooperative
/// threads (two on a two-core machine) are held for seconds while it runs.
enum BlockingWork {
    static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// Lets go of a large value (a written batch of thousands of rows) on a dispatch queue: freeing
    /// it is long work of its own, and the caller's thread has the next step to take. The caller
    /// hands its only reference over (`consume`).
    static func release<Value: Sendable>(_ value: consuming Value) {
        let owned = value
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(owned) {} }
    }
}
