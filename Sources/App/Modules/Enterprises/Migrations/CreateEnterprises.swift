import Fluent
import SQLKit

/// The enterprise registry: one row per enterprise, its former names, tags, contacts, the history
/// of its changes, and the name search (see `SearchTerms`): an FTS5 table kept by triggers on
/// SQLite, a GIN index on the search pieces on PostgreSQL.
struct CreateEnterprises: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Enterprise.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("credit_code", .string, .required)
            .field("name", .string, .required)
            .field("legal_representative", .string, .required)
            .field("region_unit_id", .int, .references(Unit.schema, .id))
            .field("address", .string, .required)
            .field("industry_code", .string)
            .field("size", .string)
            .field("above_scale", .bool, .required)
            .field("upgrade_candidate", .bool, .required)
            .field("registered_on", .string)
            .field("capital_minor", .int64)
            .field("capital_currency", .string)
            .field("employees", .int)
            .field("status", .string, .required)
            .field("source", .string, .required)
            .field("search_terms", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "credit_code")
            .create()
        try await database.schema("enterprise_names")
            .field(.id, .int, .identifier(auto: true))
            .field("enterprise_id", .int, .required, .references(Enterprise.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("position", .int, .required)
            .create()
        try await database.schema("enterprise_tags")
            .field(.id, .int, .identifier(auto: true))
            .field("enterprise_id", .int, .required, .references(Enterprise.schema, .id, onDelete: .cascade))
            .field("tag", .string, .required)
            .unique(on: "enterprise_id", "tag")
            .create()
        try await database.schema("enterprise_contacts")
            .field(.id, .int, .identifier(auto: true))
            .field("enterprise_id", .int, .required, .references(Enterprise.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("phone", .string, .required)
            .field("id_number", .string)
            .field("position", .int, .required)
            .create()
        try await database.schema("enterprise_changes")
            .field(.id, .int, .identifier(auto: true))
            .field("enterprise_id", .int, .required, .references(Enterprise.schema, .id, onDelete: .cascade))
            .field("changed_at", .datetime, .required)
            .field("actor_id", .int)
            .field("actor_name", .string, .required)
            .field("source", .string, .required)
            .field("field", .string, .required)
            .field("before", .string)
            .field("after", .string)
            .create()
        let sql = database.sql
        for statement: SQLQueryString in [
            "CREATE INDEX enterprises_region ON enterprises (region_unit_id)",
            "CREATE INDEX enterprises_industry ON enterprises (industry_code)",
            "CREATE INDEX enterprise_names_enterprise ON enterprise_names (enterprise_id)",
            "CREATE INDEX enterprise_tags_tag ON enterprise_tags (tag, enterprise_id)",
            "CREATE INDEX enterprise_contacts_enterprise ON enterprise_contacts (enterprise_id)",
            "CREATE INDEX enterprise_changes_enterprise ON enterprise_changes (enterprise_id, changed_at)",
        ] { try await sql.raw(statement).run() }
        if database.isSQLite {
            // External content: the pieces live in `enterprises.search_terms`; the triggers keep
            // the index in step with every insert, change and delete, whoever makes it.
            try await sql.raw("""
                CREATE VIRTUAL TABLE enterprise_search USING fts5(search_terms, content='enterprises', content_rowid='id', tokenize='unicode61')
                """).run()
            try await sql.raw("""
                CREATE TRIGGER enterprise_search_insert AFTER INSERT ON enterprises BEGIN
                    INSERT INTO enterprise_search (rowid, search_terms) VALUES (new.id, new.search_terms);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER enterprise_search_delete AFTER DELETE ON enterprises BEGIN
                    INSERT INTO enterprise_search (enterprise_search, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER enterprise_search_update AFTER UPDATE OF search_terms ON enterprises BEGIN
                    INSERT INTO enterprise_search (enterprise_search, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
                    INSERT INTO enterprise_search (rowid, search_terms) VALUES (new.id, new.search_terms);
                END
                """).run()
        } else {
            try await sql.raw("CREATE INDEX enterprises_search ON enterprises USING GIN ((string_to_array(search_terms, ' ')))").run()
        }
    }

    func revert(on database: any Database) async throws {
        if database.isSQLite { try await database.sql.raw("DROP TABLE enterprise_search").run() }
        for table in ["enterprise_changes", "enterprise_contacts", "enterprise_tags", "enterprise_names", Enterprise.schema] {
            try await database.schema(table).delete()
        }
    }
}
