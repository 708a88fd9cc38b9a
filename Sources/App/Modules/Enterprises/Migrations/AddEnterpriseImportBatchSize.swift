import Fluent
import SQLKit

/// The batch size an import was started with, so it resumes after the rows it actually wrote.
/// Imports recorded before this migration wrote batches of 5,000.
struct AddEnterpriseImportBatchSize: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(EnterpriseImportRecord.schema).field("batch_size", .int, .required, .sql(.default(5_000))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EnterpriseImportRecord.schema).deleteField("batch_size").update()
    }
}
