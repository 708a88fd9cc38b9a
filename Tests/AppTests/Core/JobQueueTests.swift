@testable import App
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Background jobs")
struct JobQueueTests {
    struct Payload: Codable, Sendable { let text: String }

    @Test func aJobRunsOnceAndIsDone() async throws {
        try await withTestApp { app in
            let seen = NIOLockedValueBox<[String]>([])
            let runner = JobRunner()
            runner.register("test.echo") { context in
                let text = try context.decode(Payload.self).text
                seen.withLockedValue { $0.append(text) }
            }
            try await JobQueue(db: app.db).enqueue("test.echo", payload: Payload(text: "你好"))
            #expect(try await runner.runOnce(on: app.db, logger: app.logger))
            #expect(!(try await runner.runOnce(on: app.db, logger: app.logger)))
            #expect(seen.withLockedValue { $0 } == ["你好"])
            #expect(try await JobRecord.query(on: app.db).first()?.status == .done)
        }
    }

    @Test func failuresAreRetriedWithBackoffThenGiveUp() async throws {
        try await withTestApp { app in
            struct Boom: Error {}
            let runner = JobRunner()
            runner.register("test.boom") { _ in throw Boom() }
            let queue = JobQueue(db: app.db)
            try await queue.enqueue("test.boom", maxAttempts: 2)
            let start = Date()
            #expect(try await runner.runOnce(on: app.db, logger: app.logger, now: start))
            var job = try #require(try await JobRecord.query(on: app.db).first())
            #expect(job.status == .queued)
            #expect(job.attempts == 1)
            #expect(job.runAt > start.addingTimeInterval(20))
            #expect(job.lastError.contains("Boom"))
            // Not due yet…
            #expect(!(try await runner.runOnce(on: app.db, logger: app.logger, now: start)))
            // …then due, fails again, and has used its attempts.
            #expect(try await runner.runOnce(on: app.db, logger: app.logger, now: start.addingTimeInterval(3600)))
            job = try #require(try await JobRecord.query(on: app.db).first())
            #expect(job.status == .failed)
            // An administrator puts it back; it is audited.
            try await TestData.user(app, "root", roles: [.admin], unit: nil)
            var browser = Browser(app)
            try await browser.login("root")
            #expect(try await browser.get("/admin/jobs?status=failed").body.string.contains("test.boom"))
            let retried = try await browser.post("/admin/jobs/\(job.id!)/retry")
            #expect(retried.status == .seeOther)
            #expect(try await JobRecord.find(job.id!, on: app.db)?.status == .queued)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "job.retry").count() == 1)
            // Retrying again (a second administrator, a double click) says so and changes nothing.
            try await browser.get("/admin/jobs")
            let again = try await browser.post("/admin/jobs/\(job.id!)/retry")
            #expect(again.status == .seeOther)
            #expect(try await browser.get("/admin/jobs").body.string.contains("无需重新执行"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "job.retry").count() == 1)
        }
    }

    @Test func anExpiredLeaseIsTakenOver() async throws {
        try await withTestApp { app in
            let queue = JobQueue(db: app.db)
            try await queue.enqueue("test.slow")
            let now = Date()
            let first = try #require(try await queue.claim(worker: "a", now: now))
            // While the lease holds, nobody else gets it.
            #expect(try await queue.claim(worker: "b", now: now.addingTimeInterval(10)) == nil)
            // The first worker died; after the lease another takes over.
            let second = try #require(try await queue.claim(worker: "b", now: now.addingTimeInterval(JobQueue.lease + 1)))
            #expect(second.id == first.id)
            #expect(second.lockedBy == "b")
            #expect(second.attempts == 2)
        }
    }

    @Test func aWorkerWhoseLeaseWasTakenOverCannotFinishTheJob() async throws {
        try await withTestApp { app in
            let queue = JobQueue(db: app.db)
            try await queue.enqueue("test.slow")
            let now = Date()
            let stale = try #require(try await queue.claim(worker: "a", now: now))
            let fresh = try #require(try await queue.claim(worker: "b", now: now.addingTimeInterval(JobQueue.lease + 1)))
            try await queue.complete(stale)
            #expect(!(try await queue.renew(stale)))
            var job = try #require(try await JobRecord.find(fresh.id!, on: app.db))
            #expect(job.status == .running)
            #expect(job.lockedBy == "b")
            try await queue.complete(fresh)
            job = try #require(try await JobRecord.find(fresh.id!, on: app.db))
            #expect(job.status == .done)
            #expect(job.lockedBy == "b")
        }
    }

    @Test func aJobThatKeepsKillingItsWorkerEndsFailed() async throws {
        try await withTestApp { app in
            let queue = JobQueue(db: app.db)
            try await queue.enqueue("test.crash", maxAttempts: 1)
            let now = Date()
            _ = try #require(try await queue.claim(worker: "a", now: now))
            #expect(try await queue.claim(worker: "b", now: now.addingTimeInterval(JobQueue.lease + 1)) == nil)
            #expect(try await JobRecord.query(on: app.db).first()?.status == .failed)
        }
    }

    @Test func workersOnlyTakeKindsTheyKnow() async throws {
        try await withTestApp { app in
            try await JobQueue(db: app.db).enqueue("test.fromANewerRelease")
            let runner = JobRunner()
            runner.register("test.known") { _ in }
            #expect(!(try await runner.runOnce(on: app.db, logger: app.logger)))
            #expect(try await JobRecord.query(on: app.db).first()?.status == .queued)
        }
    }

    @Test func concurrentWorkersNeverShareAJob() async throws {
        try await withTestApp { app in
            let queue = JobQueue(db: app.db)
            for index in 0..<12 { try await queue.enqueue("test.n", payload: Payload(text: String(index))) }
            let claimed = try await withThrowingTaskGroup(of: [Int].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var mine: [Int] = []
                        while let job = try await queue.claim(worker: "w\(worker)") { mine.append(job.id!) }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == 12)
            #expect(Set(claimed).count == 12)
        }
    }

    @Test func recurringJobsAreScheduledOncePerPeriod() async throws {
        try await withTestApp { app in
            let runner = JobRunner()
            runner.register("test.hourly", every: 3600) { _ in }
            let now = Date()
            try await runner.schedule(on: app.db, now: now)
            try await runner.schedule(on: app.db, now: now.addingTimeInterval(1))
            #expect(try await JobRecord.query(on: app.db).filter(\.$kind == "test.hourly").count() == 1)
            try await runner.schedule(on: app.db, now: now.addingTimeInterval(3600))
            #expect(try await JobRecord.query(on: app.db).filter(\.$kind == "test.hourly").count() == 2)
        }
    }

    @Test func maintenancePrunesExpiredSecurityRows() async throws {
        try await withTestApp { app in
            let id = try await TestData.user(app, "alice", roles: [.admin], unit: nil)
            let store = SessionStore(db: app.db, idleTimeout: 1800, absoluteTimeout: 43_200)
            _ = try await store.create(userID: id, address: "x", userAgent: "y")
            try await app.db.sql.raw("UPDATE sessions SET last_seen_at = \(bind: Date().addingTimeInterval(-7200))").run()
            let failure = LoginFailure()
            failure.address = "x"; failure.username = "y"; failure.at = Date().addingTimeInterval(-2 * 86_400)
            try await failure.create(on: app.db)
            try await JobQueue(db: app.db).enqueue(MaintenanceJobs.prune)
            #expect(try await app.jobs.runOnce(on: app.db, logger: app.logger))
            #expect(try await UserSession.query(on: app.db).count() == 0)
            #expect(try await LoginFailure.query(on: app.db).count() == 0)
            #expect(try await JobRecord.query(on: app.db).first()?.status == .done)
        }
    }
}
