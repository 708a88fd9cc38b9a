import Fluent
import Foundation

/// A city leader's instruction (批示) on a task; it reaches the task's units and the office.
final class TaskInstruction: Model, @unchecked Sendable {
    static let schema = "task_instructions"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Parent(key: "task_id") var task: ReformTask
    @Parent(key: "leader_id") var leader: User
    @Field(key: "text") var text: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
