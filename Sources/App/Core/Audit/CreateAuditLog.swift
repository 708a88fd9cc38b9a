import Fluent
import SQLKit

struct CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .field("seq", .int, .identifier(auto: false))
            .field("at_ms", .int, .required)
            .field("actor_id", .int)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .string, .required)
            .field("address", .string, .required)
            .field("reason", .string, .required)
            .field("before", .string, .required)
            .field("after", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        let sql = database.sql
        try await sql.raw("CREATE INDEX idx_audit_entity ON audit_log (entity_type, entity_id)").run()
        try await sql.raw("CREATE INDEX idx_audit_actor ON audit_log (actor_id, at_ms)").run()
        try await sql.raw("CREATE INDEX idx_audit_action ON audit_log (action, at_ms)").run()
        try await sql.raw("CREATE INDEX idx_audit_at ON audit_log (at_ms)").run()

        // The head row is what writers lock so that records are chained one after another
        // even with several app instances writing.
        try await sql.raw("CREATE TABLE audit_head (id INTEGER PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL)").run()
        try await sql.raw("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, \(unsafeRaw: "'" + AuditLog.genesisHash + "'"))").run()

        // Append-only at the database level too, not only by convention in the code.
        if database.isSQLite {
            try await sql.raw("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END").run()
            try await sql.raw("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END").run()
        } else {
            try await sql.raw("""
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
                """).run()
            try await sql.raw("CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP TABLE audit_head").run()
        try await database.schema(AuditEntry.schema).delete()
        if !database.isSQLite {
            try await database.sql.raw("DROP FUNCTION IF EXISTS audit_log_append_only()").run()
        }
    }
}
