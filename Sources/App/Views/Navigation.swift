/// The main menu, by role. Modules add their entries here as they arrive.
enum Navigation {
    struct Item: Sendable {
        let key: String
        let path: String
        let access: Access
    }

    struct Section: Sendable {
        let key: String
        let items: [Item]
    }

    static let sections: [Section] = [
        Section(key: "nav.section.work", items: [
            Item(key: "nav.home", path: SiteURL.home.path, access: .signedIn),
            Item(key: "nav.inbox", path: SiteURL.inbox.path, access: .signedIn),
        ]),
        Section(key: "nav.section.tasks", items: [
            Item(key: "nav.cockpit", path: SiteURL.cockpit.path, access: TaskPolicy.cockpit),
            Item(key: "nav.plans", path: SiteURL.plans.path, access: TaskPolicy.viewTasks),
            Item(key: "nav.orders", path: SiteURL.orders.path, access: TaskPolicy.viewTasks),
            Item(key: "nav.review", path: SiteURL.review.path, access: TaskPolicy.review),
            Item(key: "nav.supervision", path: SiteURL.supervisionList.path, access: TaskPolicy.viewTasks),
            Item(key: "nav.calendar", path: SiteURL.calendar.path, access: TaskPolicy.viewCalendar),
        ]),
        Section(key: "nav.section.enterprises", items: [
            Item(key: "nav.myFirm", path: SiteURL.myFirm.path, access: EnterprisePolicy.ownFirm),
            Item(key: "nav.myFirms", path: SiteURL.myFirms.path, access: EnterprisePolicy.ownFirms),
            Item(key: "nav.enterprises", path: SiteURL.enterprises.path, access: EnterprisePolicy.view),
            Item(key: "nav.enterpriseStats", path: SiteURL.enterpriseStats.path, access: EnterprisePolicy.statistics),
            Item(key: "nav.enterpriseImports", path: SiteURL.enterpriseImports.path, access: EnterprisePolicy.manage),
            Item(key: "nav.contactRequests", path: SiteURL.contactRequests.path, access: EnterprisePolicy.reviewCorrections),
            Item(key: "nav.pairing", path: SiteURL.pairing.path, access: EnterprisePolicy.coverage),
        ]),
        Section(key: "nav.section.portal", items: [
            Item(key: "nav.portalSuggestions", path: SiteURL.portalSuggestions.path, access: PortalPolicy.moderate),
        ]),
        Section(key: "nav.section.organization", items: [
            Item(key: "nav.units", path: SiteURL.units.path, access: OrganizationPolicy.viewUnits),
            Item(key: "nav.groups", path: SiteURL.groups.path, access: OrganizationPolicy.viewGroups),
            Item(key: "nav.users", path: SiteURL.users.path, access: OrganizationPolicy.viewUsers),
        ]),
        Section(key: "nav.section.system", items: [
            Item(key: "nav.audit", path: SiteURL.audit.path, access: .roles([.admin])),
            Item(key: "nav.jobs", path: SiteURL.jobs.path, access: .roles([.admin])),
            Item(key: "nav.account", path: SiteURL.account.path, access: .signedIn),
        ]),
    ]

    static func visible(for context: PageContext) -> [Section] {
        sections.compactMap { section in
            let items = section.items.filter { context.can($0.access) }
            return items.isEmpty ? nil : Section(key: section.key, items: items)
        }
    }
}
