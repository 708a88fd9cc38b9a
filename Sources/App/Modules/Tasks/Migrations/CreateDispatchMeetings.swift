import Fluent

struct CreateDispatchMeetings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DispatchMeeting.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("plan_id", .int, .required, .references(Plan.schema, .id))
            .field("held_on", .string, .required)
            .field("title", .string, .required)
            .field("attendees", .string, .required)
            .field("minutes", .string, .required)
            .field("created_by", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(MeetingDecision.schema)
            .field(.id, .int, .identifier(auto: true))
            .field("meeting_id", .int, .required, .references(DispatchMeeting.schema, .id, onDelete: .cascade))
            .field("seq", .int, .required)
            .field("text", .string, .required)
            .field("task_id", .int, .references(ReformTask.schema, .id))
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MeetingDecision.schema).delete()
        try await database.schema(DispatchMeeting.schema).delete()
    }
}
