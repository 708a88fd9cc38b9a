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
}
