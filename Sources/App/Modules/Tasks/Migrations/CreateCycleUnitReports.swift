import Fluent
import SQLKit

/// Each unit's on-time reporting for a closed month, fixed when the office closes it (see
/// `CycleReporting`), so a year's ranking sums twelve small rows per unit instead of re-reading
/// every order once per month.
struct CreateCycleUnitReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CycleReporting.schema)
            .field("cycle_id", .int, .required, .references(DispatchCycle.schema, .id))
            .field("unit_id", .int, .required, .references(Unit.schema, .id))
            .field("due", .int, .required)
            .field("on_time", .int, .required)
            .unique(on: "cycle_id", "unit_id")
            .create()
        for row in try await database.sql.raw("SELECT id FROM dispatch_cycles WHERE status <> 'open'").all() {
            try await CycleReporting.freeze(cycleID: row.decode(column: "id", as: Int.self), on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CycleReporting.schema).delete()
    }
}
