import Fluent
import Foundation
import SQLKit

struct MeetingInput: Sendable, Codable, Equatable {
    var heldOn: String
    var title: String
    var attendees: String
    var minutes: String
    /// One decision per entry.
    var decisions: [String]
}

struct MeetingRow: Sendable, Codable, Equatable {
    struct Decision: Sendable, Codable, Equatable {
        let id: Int
        let seq: Int
        let text: String
        let taskID: Int?
        let taskCode: String?
    }
    let id: Int
    let planID: Int
    let heldOn: String
    let title: String
    let attendees: String
    let minutes: String
    var decisions: [Decision]
}

/// Dispatch meetings (调度会商) and their decisions.
struct MeetingService: Sendable {
    let db: any Database

    func create(_ input: MeetingInput, planID: Int, by principal: Principal, actor: AuditActor) async throws -> Int {
        var problems: [FieldProblem] = []
        if CivilDate(input.heldOn) == nil { problems.append(.init(field: "heldOn", key: "validation.date")) }
        let title = input.title.trimmedSpaces
        if title.isEmpty { problems.append(.init(field: "title", key: "validation.required")) }
        if title.count > 200 { problems.append(.init(field: "title", key: "validation.tooLong", args: ["200"])) }
        if input.attendees.count > 1000 { problems.append(.init(field: "attendees", key: "validation.tooLong", args: ["1000"])) }
        if input.minutes.count > 8000 { problems.append(.init(field: "minutes", key: "validation.tooLong", args: ["8000"])) }
        let decisions = input.decisions.map { $0.trimmedSpaces }.filter { !$0.isEmpty }
        if decisions.count > 50 || decisions.contains(where: { $0.count > 500 }) { problems.append(.init(field: "decisions", key: "meeting.decisionsTooLong")) }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        return try await db.writeTransaction { db in
            guard try await Plan.find(planID, on: db) != nil else { throw AppError.notFound }
            let meeting = DispatchMeeting()
            meeting.$plan.id = planID
            meeting.heldOn = CivilDate(input.heldOn)!.description
            meeting.title = title
            meeting.attendees = input.attendees.trimmed
            meeting.minutes = input.minutes.trimmed
            meeting.createdBy = principal.userID
            try await meeting.create(on: db)
            for (index, text) in decisions.enumerated() {
                let decision = MeetingDecision()
                decision.$meeting.id = meeting.id!
                decision.seq = index + 1
                decision.text = text
                try await decision.create(on: db)
            }
            try await AuditLog.record(AuditEvent(action: "meeting.create", entityType: "dispatch_meeting", entityID: String(meeting.id!),
                                                 after: AuditLog.snapshot(input)), by: actor, on: db)
            return meeting.id!
        }
    }

    func list(planID: Int) async throws -> [MeetingRow] {
        // One query: the board lists date and subject; decisions are read on the meeting's own page.
        try await DispatchMeeting.query(on: db).filter(\.$plan.$id == planID).sort(\.$heldOn, .descending).all().map {
            MeetingRow(id: $0.id!, planID: planID, heldOn: $0.heldOn, title: $0.title, attendees: $0.attendees, minutes: $0.minutes, decisions: [])
        }
    }

    func find(_ id: Int) async throws -> MeetingRow? {
        guard let meeting = try await DispatchMeeting.find(id, on: db) else { return nil }
        let decisions = try await db.sql.raw("""
            SELECT d.id, d.seq, d.text, d.task_id, t.code FROM meeting_decisions d LEFT JOIN tasks t ON t.id = d.task_id
            WHERE d.meeting_id = \(bind: id) ORDER BY d.seq
            """).all().map {
                MeetingRow.Decision(id: try $0.decode(column: "id", as: Int.self), seq: try $0.decode(column: "seq", as: Int.self),
                                    text: try $0.decode(column: "text", as: String.self), taskID: try $0.decode(column: "task_id", as: Int?.self),
                                    taskCode: try $0.decode(column: "code", as: String?.self))
            }
        return MeetingRow(id: id, planID: meeting.$plan.id, heldOn: meeting.heldOn, title: meeting.title, attendees: meeting.attendees,
                          minutes: meeting.minutes, decisions: decisions)
    }

    /// Links a decision to the follow-up task created from it, inside the task's transaction.
    static func link(decisionID: Int, taskID: Int, planID: Int, on db: any Database) async throws {
        guard let decision = try await MeetingDecision.find(decisionID, on: db), decision.taskID == nil,
              let meeting = try await DispatchMeeting.find(decision.$meeting.id, on: db), meeting.$plan.id == planID else {
            throw AppError.invalid("decision", "meeting.decisionUnavailable")
        }
        decision.taskID = taskID
        try await decision.save(on: db)
    }
}
