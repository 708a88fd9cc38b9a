/// Who may manage unit webhooks. The route lets admins and unit heads in; `WebhookService.unit`
/// then narrows a unit head to their own unit.
enum WebhookPolicy {
    static let manage: Access = .roles([.admin, .unitHead])

    /// Whether the principal may manage this unit's webhooks (the page link and the service use it).
    static func canManage(unitID: Int, _ principal: Principal?) -> Bool {
        guard let principal else { return false }
        return principal.has(.admin) || (principal.has(.unitHead) && principal.unitID == unitID)
    }
}
