/// Who may do what with plans, tasks and orders. Routes, navigation and buttons read these.
/// Unit scope (which orders a unit user sees and acts on) is checked in the services.
enum TaskPolicy {
    /// Plans and the task ledger: the office and leaders see the whole city, units see tasks they hold orders for.
    static let viewTasks: Access = .roles([.admin, .office, .leader, .unitStaff, .unitHead])
    static let managePlans: Access = .roles([.office])
    static let exportTasks: Access = .roles([.admin, .office, .leader])
    /// A unit's own order inbox.
    static let unitWork: Access = .roles([.unitStaff, .unitHead])
    /// Acting on an order or report: the state machine then decides which move fits whom.
    static let actOnOrders: Access = .roles([.office, .unitStaff, .unitHead])
    static let review: Access = .roles([.office])
    /// The leader's cockpit; the office sees every task force in it.
    static let cockpit: Access = .roles([.leader, .office, .admin])
    static let instruct: Access = .roles([.leader])
    static let manageCalendar: Access = .roles([.admin, .office])
    static let viewCalendar: Access = .roles([.admin, .office, .leader, .unitStaff, .unitHead])

    /// The roles a principal plays on an order held by `unitID`.
    static func actors(_ principal: Principal, orderUnitID: Int) -> Set<OrderActor> {
        var actors: Set<OrderActor> = []
        if principal.has(.office) { actors.insert(.office) }
        if principal.unitID == orderUnitID {
            if principal.has(.unitStaff) || principal.has(.unitHead) { actors.insert(.unitMember) }
            if principal.has(.unitHead) { actors.insert(.unitHead) }
        }
        return actors
    }
}
