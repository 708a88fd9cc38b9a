import Fluent
import SQLKit

/// The enterprise code (企业码): every firm gets an unguessable token for the link to its own
/// service page. Firms already on file get theirs from the database's own random source.
struct AddEnterpriseServiceCodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Enterprise.schema).field("service_code", .string).update()
        let random = database.isSQLite ? "lower(hex(randomblob(16)))" : "replace(gen_random_uuid()::text, '-', '')"
        try await database.sql.raw("UPDATE enterprises SET service_code = \(unsafeRaw: random) WHERE service_code IS NULL").run()
        try await database.sql.raw("CREATE UNIQUE INDEX enterprises_service_code ON enterprises (service_code)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP INDEX enterprises_service_code").run()
        try await database.schema(Enterprise.schema).deleteField("service_code").update()
    }
}
