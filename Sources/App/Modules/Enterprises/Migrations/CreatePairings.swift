import Fluent
import SQLKit

/// Who is paired with which enterprise (包联), with the whole history: a pairing is never deleted,
/// it ends. At most one current pairing per enterprise and kind, enforced by a partial unique
/// index that holds across instances. Each kind's visit period and load limit are settings.
struct CreatePairings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Pairing.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("enterprise_id", .int, .required, .references(Enterprise.schema, .id, onDelete: .cascade))
            .field("user_id", .int, .required, .references(User.schema, .id))
            .field("kind", .string, .required)
            .field("started_at", .datetime, .required)
            .field("started_by", .string, .required)
            .field("start_reason", .string, .required)
            .field("ended_at", .datetime)
            .field("ended_by", .string)
            .field("end_reason", .string)
            .create()
        try await database.schema(PairingKindSetting.schema)
            .field("kind", .string, .identifier(auto: false))
            .field("visit_days", .int, .required)
            .field("max_load", .int, .required)
            .create()
        let sql = database.sql
        for statement: SQLQueryString in [
            "CREATE UNIQUE INDEX pairings_current ON enterprise_pairings (enterprise_id, kind) WHERE ended_at IS NULL",
            "CREATE INDEX pairings_person ON enterprise_pairings (user_id, kind) WHERE ended_at IS NULL",
            "CREATE INDEX pairings_history ON enterprise_pairings (enterprise_id, started_at)",
        ] { try await sql.raw(statement).run() }
        for kind in PairingKind.allCases {
            try await sql.raw("INSERT INTO pairing_kind_settings (kind, visit_days, max_load) VALUES (\(bind: kind.rawValue), \(bind: kind.defaultVisitDays), \(bind: kind.defaultMaxLoad))").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PairingKindSetting.schema).delete()
        try await database.schema(Pairing.schema).delete()
    }
}
