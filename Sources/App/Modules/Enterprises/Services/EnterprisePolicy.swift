/// Who may do what with the registry, pairings and visits. Routes, navigation and buttons read
/// these; `EnterpriseStanding` decides for one enterprise.
///
/// Names, codes and registration facts are public by law (企业信息公示), so every government role
/// may search the registry. Contact numbers are not: only those who serve the firm see them,
/// masked until they ask, and every unmasked view is audited.
enum EnterprisePolicy {
    static let view: Access = .roles([.admin, .office, .leader, .unitStaff, .unitHead, .commissioner])
    static let manage: Access = .roles([.admin, .office])
    static let statistics: Access = .roles([.admin, .office, .leader, .unitStaff, .unitHead])
    /// Pairing rules, hand-overs, the kinds' settings and the coverage board.
    static let pair: Access = .roles([.office])
    static let coverage: Access = .roles([.office, .admin, .leader])
    /// Recording a visit; `EnterpriseStanding.mayRecordVisits` then decides for the firm.
    static let visit: Access = .roles([.office, .leader, .unitStaff, .unitHead, .commissioner])
    /// A commissioner's or leader's own firms and visits.
    static let ownFirms: Access = .roles([.commissioner, .leader])
    /// An enterprise user's own firm (and only that: `Principal.enterpriseID`).
    static let ownFirm: Access = .roles([.enterprise])
    /// Contact corrections sent by enterprises, reviewed by the office.
    static let reviewCorrections: Access = .roles([.admin, .office])
}

/// Where a principal stands with one enterprise: whether they serve it (paired with it, or staff
/// of its town or street) and so may see its contacts and record visits.
struct EnterpriseStanding: Sendable {
    let principal: Principal
    /// The path of the enterprise's town or street, if it has one.
    let regionPath: String?
    let pairedUserIDs: Set<Int>

    var isPaired: Bool { pairedUserIDs.contains(principal.userID) }

    /// Staff of the firm's town or street (or of a unit above it, such as its district).
    var isLocal: Bool {
        guard principal.hasAny([.unitStaff, .unitHead]), let regionPath, let unitPath = principal.unitPath else { return false }
        return regionPath.hasPrefix(unitPath)
    }

    var servesFirm: Bool { principal.hasAny([.office, .admin]) || isPaired || isLocal }

    var mayRevealContacts: Bool { servesFirm }
    var mayEditContacts: Bool { principal.hasAny([.office, .admin]) || isPaired }
    /// Inviting the firm's own users and seeing who they are.
    var mayInviteUsers: Bool { mayEditContacts }
    /// The enterprise code: the firm's link is handed over by those who serve it.
    var mayShowCode: Bool { servesFirm }
    var mayRecordVisits: Bool { principal.has(.office) || isPaired || isLocal }
}
