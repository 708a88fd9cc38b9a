import Fluent
import Foundation

/// A holiday or make-up working day entered by an administrator, typically next year's
/// schedule when the State Council publishes it in November. It overrides the shipped schedule.
final class CalendarDay: Model, @unchecked Sendable {
    static let schema = "calendar_days"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    /// `YYYY-MM-DD`; one entry per day.
    @Field(key: "day") var day: String
    @Field(key: "kind") var kind: String
    @Field(key: "name") var name: String
    @OptionalField(key: "updated_by") var updatedBy: Int?
    @Timestamp(key: "updated_at", on: .none) var updatedAt: Date?

    init() {}
}

struct CreateCalendarDays: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CalendarDay.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("day", .string, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("updated_by", .int)
            .field("updated_at", .datetime)
            .unique(on: "day")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CalendarDay.schema).delete()
    }
}
