/// Who may do what with the public portal. Reading it needs no account; deciding what the
/// public sees of visitors' suggestions is the office's job.
enum PortalPolicy {
    static let read: Access = .anyone
    static let suggest: Access = .anyone
    static let moderate: Access = .roles([.office])
}
