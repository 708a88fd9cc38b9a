import Fluent
import Foundation

/// A unit of background work in the `jobs` table. Workers claim a job by taking a lease
/// (`locked_by`, `locked_until`); a worker that dies leaves an expired lease that another takes over,
/// so with several instances each job runs on one at a time.
final class JobRecord: Model, @unchecked Sendable {
    static let schema = "jobs"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: String
    @Field(key: "payload") var payload: String
    @Field(key: "status") var status: JobStatus
    @Field(key: "run_at") var runAt: Date
    @Field(key: "attempts") var attempts: Int
    @Field(key: "max_attempts") var maxAttempts: Int
    @OptionalField(key: "locked_by") var lockedBy: String?
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @Field(key: "last_error") var lastError: String
    @OptionalField(key: "unique_key") var uniqueKey: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?

    init() {}
}

enum JobStatus: String, Codable, Sendable, CaseIterable {
    case queued, running, done, failed
    var labelKey: String { "job.status.\(rawValue)" }
}

struct CreateJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(JobRecord.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("status", .string, .required)
            .field("run_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("locked_by", .string)
            .field("locked_until", .datetime)
            .field("last_error", .string, .required)
            .field("unique_key", .string)
            .field("created_at", .datetime, .required)
            .field("finished_at", .datetime)
            .unique(on: "unique_key")
            .create()
        try await database.sql.raw("CREATE INDEX idx_jobs_due ON jobs (status, run_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(JobRecord.schema).delete()
    }
}
