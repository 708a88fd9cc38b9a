/// Who may do what in the organisation module. Routes, navigation and buttons read these,
/// so a rule is changed in one place.
enum OrganizationPolicy {
    static let viewUnits: Access = .roles([.admin, .office, .leader, .unitStaff, .unitHead, .commissioner])
    static let manageUnits: Access = .roles([.admin])
    static let exportUnits: Access = .roles([.admin, .office])
    static let viewGroups: Access = .roles([.admin, .office, .leader, .unitStaff, .unitHead, .commissioner])
    static let manageGroups: Access = .roles([.admin])
    static let viewUsers: Access = .roles([.admin, .office, .unitHead])
    static let manageUsers: Access = .roles([.admin])
}
