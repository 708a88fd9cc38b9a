import Fluent
import SQLKit

struct CreateProgressReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProgressReport.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("order_id", .int, .required, .references(WorkOrder.schema, .id))
            .field("milestone_id", .int, .references(TaskMilestone.schema, .id))
            .field("month", .string, .required)
            .field("body", .string, .required)
            .field("percent", .int, .required)
            .field("milestone_met", .bool, .required)
            .field("status", .string, .required)
            .field("author_id", .int, .required, .references(User.schema, .id))
            .field("approver_id", .int)
            .field("reviewer_id", .int)
            .field("comment", .string)
            .field("submitted_at", .datetime)
            .field("reviewed_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(ReportFile.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("report_id", .int, .required, .references(ProgressReport.schema, .id))
            .field("filename", .string, .required)
            .field("mime", .string, .required)
            .field("size", .int, .required)
            .field("storage_key", .string, .required)
            .field("sha256", .string, .required)
            .field("uploaded_by", .int, .required)
            .field("created_at", .datetime)
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX progress_reports_order ON progress_reports (order_id)").run()
        try await sql.raw("CREATE INDEX progress_reports_status ON progress_reports (status)").run()
        try await sql.raw("CREATE INDEX report_files_report ON report_files (report_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReportFile.schema).delete()
        try await database.schema(ProgressReport.schema).delete()
    }
}
