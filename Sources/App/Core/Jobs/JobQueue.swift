import Fluent
import Foundation
import SQLKit

/// Enqueuing, claiming and finishing background jobs. Works the same on SQLite (claims are
/// serialised by `BEGIN IMMEDIATE`) and PostgreSQL (`FOR UPDATE SKIP LOCKED`, so workers on
/// several instances never wait for or take each other's jobs).
struct JobQueue: Sendable {
    let db: any Database

    /// How long a claim holds a job before another worker may take it over.
    static let lease: TimeInterval = 300

    @discardableResult
    func enqueue(_ kind: String, payload: some Encodable & Sendable = [String: String](), runAt: Date = Date(), maxAttempts: Int = 5,
                 uniqueKey: String? = nil, now: Date = Date()) async throws -> Bool {
        let text = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
        // ON CONFLICT on the unique key makes scheduling idempotent across instances.
        let rows = try await db.sql.raw("""
            INSERT INTO jobs (kind, payload, status, run_at, attempts, max_attempts, last_error, unique_key, created_at)
            VALUES (\(bind: kind), \(bind: text), 'queued', \(bind: runAt), 0, \(bind: max(1, maxAttempts)), '', \(bind: uniqueKey), \(bind: now))
            ON CONFLICT (unique_key) DO NOTHING
            RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// Takes the next due job of one of `kinds` (or one whose lease expired) for `worker`, or nil
    /// when none is due. A job whose worker died with its last attempt is marked failed instead.
    func claim(worker: String, kinds: [String]? = nil, now: Date = Date()) async throws -> JobRecord? {
        // Workers poll every few seconds; an idle poll is one indexed read and never takes
        // SQLite's write lock. Only when something is due does the claiming transaction start.
        let due: SQLQueryString = "(status = 'queued' AND run_at <= \(bind: now)) OR (status = 'running' AND locked_until < \(bind: now))"
        guard try await db.sql.raw("SELECT id FROM jobs WHERE \(due) LIMIT 1").first() != nil else { return nil }
        return try await db.writeTransaction { db in
            try await db.sql.raw("""
                UPDATE jobs SET status = 'failed', locked_until = NULL, finished_at = \(bind: now),
                                last_error = 'the worker stopped during the last attempt'
                WHERE status = 'running' AND locked_until < \(bind: now) AND attempts >= max_attempts
                """).run()
            let lock = db.isSQLite ? "" : " FOR UPDATE SKIP LOCKED"
            // Only kinds this instance can run, so an older instance in a rolling deploy leaves new kinds alone.
            let kindFilter: SQLQueryString = kinds.map { "AND kind IN (\(binds: $0.isEmpty ? [""] : $0))" } ?? ""
            guard let row = try await db.sql.raw("""
                SELECT id FROM jobs WHERE (\(due)) \(kindFilter)
                ORDER BY run_at, id LIMIT 1\(unsafeRaw: lock)
                """).first() else { return nil }
            let id = try row.decode(column: "id", as: Int.self)
            try await db.sql.raw("""
                UPDATE jobs SET status = 'running', locked_by = \(bind: worker), locked_until = \(bind: now.addingTimeInterval(Self.lease)),
                                attempts = attempts + 1
                WHERE id = \(bind: id)
                """).run()
            return try await JobRecord.find(id, on: db)
        }
    }

    /// Extends the lease of a job this worker still holds; false if it was taken over meanwhile.
    @discardableResult
    func renew(_ job: JobRecord, now: Date = Date()) async throws -> Bool {
        try await !db.sql.raw("""
            UPDATE jobs SET locked_until = \(bind: now.addingTimeInterval(Self.lease))
            WHERE \(ownership(job)) RETURNING id
            """).all().isEmpty
    }

    /// Matches the job only while this claim still owns it, so a worker whose lease was taken over
    /// cannot finish or requeue the run another worker is doing.
    private func ownership(_ job: JobRecord) -> SQLQueryString {
        "id = \(bind: job.id!) AND status = 'running' AND locked_by = \(bind: job.lockedBy ?? "") AND attempts = \(bind: job.attempts)"
    }

    /// Done; `locked_by` is kept so the job page shows which instance ran it.
    func complete(_ job: JobRecord, now: Date = Date()) async throws {
        try await db.sql.raw("""
            UPDATE jobs SET status = 'done', finished_at = \(bind: now), locked_until = NULL, last_error = ''
            WHERE \(ownership(job))
            """).run()
    }

    /// A failed attempt is retried later (30 s, 1 min, 2 min … capped at an hour) until the job
    /// has used its attempts; then it stays `failed` for an administrator to look at.
    func fail(_ job: JobRecord, error: String, now: Date = Date()) async throws {
        let exhausted = job.attempts >= job.maxAttempts
        let delay = min(3600, 30 * pow(2, Double(max(0, job.attempts - 1))))
        try await db.sql.raw("""
            UPDATE jobs SET status = \(bind: exhausted ? "failed" : "queued"), run_at = \(bind: now.addingTimeInterval(delay)),
                            locked_until = NULL, last_error = \(bind: String(error.prefix(1000))),
                            finished_at = \(bind: exhausted ? now : nil)
            WHERE \(ownership(job))
            """).run()
    }

    /// Puts a failed job back in the queue (an administrator's decision, audited by the caller).
    func retry(_ id: Int, now: Date = Date()) async throws {
        try await db.sql.raw("""
            UPDATE jobs SET status = 'queued', run_at = \(bind: now), attempts = 0, finished_at = NULL WHERE id = \(bind: id) AND status = 'failed'
            """).run()
    }
}
