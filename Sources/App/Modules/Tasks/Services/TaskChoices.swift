import Fluent
import SQLKit

/// The options of the task filters and the task form, read once per page.
struct TaskChoices: Sendable {
    let domains: [Components.Choice]
    let units: [Components.Choice]
    let leaders: [Components.Choice]
    let groups: [Components.Choice]

    static func load(planID: Int, on db: any Database) async throws -> TaskChoices {
        let domains = try await PlanService(db: db).domains(of: planID).map { Components.Choice(String($0.id), "\($0.number). \($0.name)") }
        // Units are offered city-wide: a task may name any unit, whoever looks at it.
        let units = try await UnitService(db: db).choices(for: nil)
        let leaders = try await db.sql.raw("""
            SELECT u.id, u.display_name, u.title FROM users u JOIN user_roles r ON r.user_id = u.id
            WHERE r.role = 'leader' AND u.active = \(bind: true) ORDER BY u.id
            """).all().map {
                Components.Choice(String(try $0.decode(column: "id", as: Int.self)),
                                  try $0.decode(column: "display_name", as: String.self) + " " + (try $0.decode(column: "title", as: String.self)))
            }
        let groups = try await WorkGroupService(db: db).list(kind: .taskForce).filter(\.active).map { Components.Choice(String($0.id), $0.name) }
        return TaskChoices(domains: domains, units: units, leaders: leaders, groups: groups)
    }
}
