import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// What a job handler gets: the database, a logger, and the job's JSON payload.
struct JobContext: Sendable {
    let db: any Database
    let logger: Logger
    let payload: String
    let now: Date

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(payload.utf8))
    }
}

/// A job that enqueues itself on a fixed period; the slot key makes each period's run unique
/// across instances.
struct RecurringJob: Sendable {
    let kind: String
    let period: TimeInterval
}

/// The registry of job handlers and the worker loop that runs them.
final class JobRunner: Sendable {
    typealias Handler = @Sendable (JobContext) async throws -> Void

    private let handlers = NIOLockedValueBox<[String: Handler]>([:])
    private let recurring = NIOLockedValueBox<[RecurringJob]>([])
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    let workerID = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"

    func register(_ kind: String, every period: TimeInterval? = nil, _ handler: @escaping Handler) {
        handlers.withLockedValue { $0[kind] = handler }
        if let period { recurring.withLockedValue { $0.append(RecurringJob(kind: kind, period: period)) } }
    }

    var kinds: [String] { handlers.withLockedValue { Array($0.keys).sorted() } }

    /// Enqueues the current period's run of every recurring job (no-op if already there).
    func schedule(on db: any Database, now: Date = Date()) async throws {
        for job in recurring.withLockedValue({ $0 }) {
            let slot = Int(now.timeIntervalSince1970 / job.period)
            let runAt = Date(timeIntervalSince1970: Double(slot) * job.period)
            try await JobQueue(db: db).enqueue(job.kind, runAt: runAt, maxAttempts: 3, uniqueKey: "\(job.kind)#\(slot)", now: now)
        }
    }

    /// Claims and runs one due job. Returns false when nothing was due.
    @discardableResult
    func runOnce(on db: any Database, logger: Logger, now: Date = Date()) async throws -> Bool {
        let queue = JobQueue(db: db)
        guard let job = try await queue.claim(worker: workerID, kinds: kinds, now: now),
              let handler = handlers.withLockedValue({ $0[job.kind] }) else { return false }
        // Keeps the lease while the handler runs, so a long job is not taken over by another worker.
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(JobQueue.lease / 3 * 1_000_000_000))
                if Task.isCancelled { break }
                _ = try? await queue.renew(job)
            }
        }
        defer { heartbeat.cancel() }
        do {
            try await handler(JobContext(db: db, logger: logger, payload: job.payload, now: now))
            try await queue.complete(job)
        } catch {
            logger.warning("job \(job.id ?? 0) \(job.kind) failed (attempt \(job.attempts)): \(String(describing: error))")
            try await queue.fail(job, error: String(describing: error))
        }
        return true
    }

    /// Runs until stopped: schedules recurring jobs each minute, works through due jobs, and
    /// sleeps (1 s, growing to 5 s while idle) when there is nothing to do.
    func start(app: Application) {
        let logger = Logger(label: "yingshang.jobs")
        let newTask = Task { [self] in
            var idle: UInt64 = 1
            var lastSchedule = Date.distantPast
            while !Task.isCancelled {
                do {
                    if Date().timeIntervalSince(lastSchedule) >= 60 {
                        try await schedule(on: app.db)
                        lastSchedule = Date()
                    }
                    if try await runOnce(on: app.db, logger: logger) { idle = 1; continue }
                } catch {
                    logger.error("job worker: \(String(describing: error))")
                }
                try? await Task.sleep(nanoseconds: idle * 1_000_000_000)
                idle = min(idle + 1, 5)
            }
        }
        task.withLockedValue { $0 = newTask }
        logger.info("job worker \(workerID) started")
    }

    /// Cancels the loop and waits for the job in hand, so the database is not shut down under it.
    func stop() async {
        let running = task.withLockedValue { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        running?.cancel()
        await running?.value
    }
}

extension Application {
    private struct RunnerKey: StorageKey { typealias Value = JobRunner }

    var jobs: JobRunner {
        if let runner = storage[RunnerKey.self] { return runner }
        let runner = JobRunner()
        storage[RunnerKey.self] = runner
        return runner
    }
}

/// Stops the worker before the app shuts its database down.
struct JobWorkerLifecycle: LifecycleHandler {
    func shutdownAsync(_ app: Application) async { await app.jobs.stop() }
}
