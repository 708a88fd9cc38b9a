import Fluent
import Foundation
import SQLKit

/// One registry import: its file (in the upload store), where it stands and what it found and
/// wrote. The record is what the progress page and the command line read, and what a stopped
/// import resumes from: `batchesDone` moves in the same transaction as each batch's rows.
final class EnterpriseImportRecord: Model, @unchecked Sendable {
    static let schema = "enterprise_imports"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @OptionalParent(key: "user_id") var user: User?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "filename") var filename: String
    @Field(key: "file_key") var fileKey: String
    @Field(key: "sha256") var sha256: String
    /// Write the valid rows even though some rows have problems (the office's decision).
    @Field(key: "import_valid") var importValid: Bool
    @Field(key: "status") var status: EnterpriseImportStatus
    @Field(key: "total_rows") var totalRows: Int
    @Field(key: "valid_rows") var validRows: Int
    @Field(key: "problem_rows") var problemRows: Int
    /// Valid rows per transaction when this import was started: what `batchesDone` counts in, so a
    /// resumed import skips exactly the rows written even if the default has changed since.
    @Field(key: "batch_size") var batchSize: Int
    @Field(key: "batch_count") var batchCount: Int
    @Field(key: "batches_done") var batchesDone: Int
    @Field(key: "rows_done") var rowsDone: Int
    @Field(key: "created_count") var createdCount: Int
    @Field(key: "updated_count") var updatedCount: Int
    @Field(key: "unchanged_count") var unchangedCount: Int
    @Field(key: "error") var error: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "checked_at") var checkedAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?

    init() {}

    var isFinished: Bool { status == .done || status == .invalid }
    /// Percent of the valid rows written (0 while checking).
    var percent: Int { validRows == 0 ? (status == .done ? 100 : 0) : rowsDone * 100 / validRows }
}

enum EnterpriseImportStatus: String, Codable, Sendable, CaseIterable, CatalogChoice {
    /// Waiting for a worker; `checking` reads every row; `invalid` found problems and waits for
    /// the office (fix the file, or import the valid rows); `writing` writes batches.
    case queued, checking, invalid, writing, done, failed
    var labelKey: String { "enterpriseImport.status.\(rawValue)" }
}

struct CreateEnterpriseImports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EnterpriseImportRecord.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("user_id", .int, .references(User.schema, .id, onDelete: .setNull))
            .field("actor_name", .string, .required)
            .field("filename", .string, .required)
            .field("file_key", .string, .required)
            .field("sha256", .string, .required)
            .field("import_valid", .bool, .required)
            .field("status", .string, .required)
            .field("total_rows", .int, .required)
            .field("valid_rows", .int, .required)
            .field("problem_rows", .int, .required)
            .field("batch_count", .int, .required)
            .field("batches_done", .int, .required)
            .field("rows_done", .int, .required)
            .field("created_count", .int, .required)
            .field("updated_count", .int, .required)
            .field("unchanged_count", .int, .required)
            .field("error", .string, .required)
            .field("created_at", .datetime, .required)
            .field("checked_at", .datetime)
            .field("finished_at", .datetime)
            .create()
        try await database.schema("enterprise_import_problems")
            .field(.id, .int, .identifier(auto: true))
            .field("import_id", .int, .required, .references(EnterpriseImportRecord.schema, .id, onDelete: .cascade))
            .field("row", .int, .required)
            .field("column_name", .string, .required)
            .field("key", .string, .required)
            .field("args", .string, .required)
            .create()
        try await database.sql.raw("CREATE INDEX enterprise_import_problems_import ON enterprise_import_problems (import_id, row)").run()
        try await database.sql.raw("CREATE INDEX enterprise_imports_sha ON enterprise_imports (sha256, status)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("enterprise_import_problems").delete()
        try await database.schema(EnterpriseImportRecord.schema).delete()
    }
}
