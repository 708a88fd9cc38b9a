import Vapor

/// A path parameter: `.key` when registering a route, `.value(n)` when linking to it.
enum IDParam: Sendable {
    case key
    case value(Int)

    var component: String {
        switch self {
        case .key: ":id"
        case .value(let id): String(id)
        }
    }
}

/// A secret path parameter (an activation link's token): `.key` to register, `.value` to link.
enum TokenParam: Sendable {
    case key
    case value(String)

    var component: String {
        switch self {
        case .key: ":token"
        case .value(let token): token
        }
    }
}

/// The second numeric parameter of a nested route (`/units/:id/webhooks/:itemID/toggle`):
/// `.key` to register, `.value(n)` to link. Vapor needs distinct names for two parameters.
enum ItemIDParam: Sendable {
    case key
    case value(Int)

    var component: String {
        switch self {
        case .key: ":itemID"
        case .value(let id): String(id)
        }
    }
}

/// Every page of the web UI. Routes are registered from these and links are built from them,
/// so the two cannot drift apart.
enum SiteURL: Sendable {
    case home, health, live, login, logout, language, activation(TokenParam)
    case account, accountPassword, accountTokens, accountTokenRevoke(IDParam)
    case inbox, inboxRead(IDParam), inboxReadAll
    case units, unit(IDParam), unitNew, unitEdit(IDParam), unitToggle(IDParam)
    case unitsImport, unitsImportConfirm, unitsExport, unitsTemplate
    case unitWebhooks(IDParam), unitWebhookToggle(IDParam, ItemIDParam), unitWebhookTest(IDParam, ItemIDParam)
    case groups, group(IDParam), groupNew, groupEdit(IDParam)
    case users, user(IDParam), userNew, userEdit(IDParam)
    case userToggle(IDParam), userResetPassword(IDParam), userUnlock(IDParam), userTokens(IDParam)
    case audit, jobs, jobRetry(IDParam)
    case calendar, calendarDelete(IDParam)
    case plans, plan(IDParam), planNew, planEdit(IDParam), planTaskNew(IDParam)
    case planExport(IDParam), planImport(IDParam), planImportConfirm(IDParam), tasksTemplate
    case task(IDParam), taskEdit(IDParam), taskDispatch(IDParam)
    case orders, order(IDParam), orderAction(IDParam), orderReports(IDParam)
    case report(IDParam), reportAction(IDParam), evidence(IDParam), evidenceDelete(IDParam)
    case review
    case cockpit, taskInstructions(IDParam)
    case portal, portalPlan(IDParam), portalTask(IDParam), portalTaskSuggestions(IDParam)
    case portalSuggestions, portalSuggestionModerate(IDParam)
    case planDispatch(IDParam), cycle(IDParam), cycleAction(IDParam), cycleUrge(IDParam), cycleBulletin(IDParam)
    case planMeetings(IDParam), meeting(IDParam), planStats(IDParam)
    case supervisionList, supervision(IDParam), orderSupervision(IDParam), supervisionAction(IDParam), supervisionReport(IDParam)
    case supervisionReportAction(IDParam)
    case enterprises, enterprise(IDParam), enterpriseNew, enterpriseEdit(IDParam), enterprisesExport, enterpriseStats
    case enterpriseContacts(IDParam), enterpriseContactDelete(IDParam, ItemIDParam), enterpriseContactsReveal(IDParam)
    case enterprisePairings(IDParam), pairingEnd(IDParam), enterpriseVisits(IDParam), enterpriseVisitNew(IDParam)
    case enterpriseImports, enterpriseImport(IDParam), enterpriseImportValid(IDParam), enterpriseImportResume(IDParam)
    case enterpriseImportProblems(IDParam), enterpriseImportTemplate
    case enterpriseLogin, myFirm, myFirmCorrections, enterpriseUsers(IDParam), enterpriseUserDeactivate(IDParam, ItemIDParam)
    case contactRequests, contactRequestReview(IDParam), enterpriseCode(TokenParam), enterpriseCodeImage(IDParam), enterpriseCodeReset(IDParam)
    case pairing, pairingPreview, pairingApply, pairingSettings, pairingHandOver, pairingOverdue, myFirms

    var path: String {
        switch self {
        case .home: "/"
        case .health: "/healthz"
        case .live: "/livez"
        case .login: "/login"
        case .logout: "/logout"
        case .language: "/language"
        case .activation(let token): "/activate/\(token.component)"
        case .account: "/account"
        case .accountPassword: "/account/password"
        case .accountTokens: "/account/tokens"
        case .accountTokenRevoke(let id): "/account/tokens/\(id.component)/revoke"
        case .inbox: "/inbox"
        case .inboxRead(let id): "/inbox/\(id.component)/read"
        case .inboxReadAll: "/inbox/read-all"
        case .units: "/units"
        case .unit(let id): "/units/\(id.component)"
        case .unitNew: "/units/new"
        case .unitEdit(let id): "/units/\(id.component)/edit"
        case .unitToggle(let id): "/units/\(id.component)/toggle"
        case .unitsImport: "/units/import"
        case .unitsImportConfirm: "/units/import/confirm"
        case .unitsExport: "/units/export"
        case .unitsTemplate: "/units/template"
        case .unitWebhooks(let id): "/units/\(id.component)/webhooks"
        case .unitWebhookToggle(let id, let item): "/units/\(id.component)/webhooks/\(item.component)/toggle"
        case .unitWebhookTest(let id, let item): "/units/\(id.component)/webhooks/\(item.component)/test"
        case .groups: "/groups"
        case .group(let id): "/groups/\(id.component)"
        case .groupNew: "/groups/new"
        case .groupEdit(let id): "/groups/\(id.component)/edit"
        case .users: "/users"
        case .user(let id): "/users/\(id.component)"
        case .userNew: "/users/new"
        case .userEdit(let id): "/users/\(id.component)/edit"
        case .userToggle(let id): "/users/\(id.component)/toggle"
        case .userResetPassword(let id): "/users/\(id.component)/reset-password"
        case .userUnlock(let id): "/users/\(id.component)/unlock"
        case .userTokens(let id): "/users/\(id.component)/tokens"
        case .audit: "/admin/audit"
        case .jobs: "/admin/jobs"
        case .jobRetry(let id): "/admin/jobs/\(id.component)/retry"
        case .calendar: "/admin/calendar"
        case .calendarDelete(let id): "/admin/calendar/\(id.component)/delete"
        case .plans: "/plans"
        case .plan(let id): "/plans/\(id.component)"
        case .planNew: "/plans/new"
        case .planEdit(let id): "/plans/\(id.component)/edit"
        case .planTaskNew(let id): "/plans/\(id.component)/tasks/new"
        case .planExport(let id): "/plans/\(id.component)/export"
        case .planImport(let id): "/plans/\(id.component)/import"
        case .planImportConfirm(let id): "/plans/\(id.component)/import/confirm"
        case .tasksTemplate: "/tasks/template"
        case .task(let id): "/tasks/\(id.component)"
        case .taskEdit(let id): "/tasks/\(id.component)/edit"
        case .taskDispatch(let id): "/tasks/\(id.component)/dispatch"
        case .orders: "/orders"
        case .order(let id): "/orders/\(id.component)"
        case .orderAction(let id): "/orders/\(id.component)/action"
        case .orderReports(let id): "/orders/\(id.component)/reports"
        case .report(let id): "/reports/\(id.component)"
        case .reportAction(let id): "/reports/\(id.component)/action"
        case .evidence(let id): "/evidence/\(id.component)"
        case .evidenceDelete(let id): "/evidence/\(id.component)/delete"
        case .review: "/review"
        case .cockpit: "/cockpit"
        case .taskInstructions(let id): "/tasks/\(id.component)/instructions"
        case .portal: "/portal"
        case .portalPlan(let id): "/portal/plans/\(id.component)"
        case .portalTask(let id): "/portal/tasks/\(id.component)"
        case .portalTaskSuggestions(let id): "/portal/tasks/\(id.component)/suggestions"
        case .portalSuggestions: "/portal-admin/suggestions"
        case .portalSuggestionModerate(let id): "/portal-admin/suggestions/\(id.component)/moderate"
        case .planDispatch(let id): "/plans/\(id.component)/dispatch"
        case .cycle(let id): "/dispatch/\(id.component)"
        case .cycleAction(let id): "/dispatch/\(id.component)/action"
        case .cycleUrge(let id): "/dispatch/\(id.component)/urge"
        case .cycleBulletin(let id): "/dispatch/\(id.component)/bulletin"
        case .planMeetings(let id): "/plans/\(id.component)/meetings"
        case .meeting(let id): "/meetings/\(id.component)"
        case .planStats(let id): "/plans/\(id.component)/stats"
        case .supervisionList: "/supervision"
        case .supervision(let id): "/supervision/\(id.component)"
        case .orderSupervision(let id): "/orders/\(id.component)/supervision"
        case .supervisionAction(let id): "/supervision/\(id.component)/action"
        case .supervisionReport(let id): "/supervision/\(id.component)/report"
        case .supervisionReportAction(let id): "/supervision/\(id.component)/report-action"
        case .enterprises: "/enterprises"
        case .enterprise(let id): "/enterprises/\(id.component)"
        case .enterpriseNew: "/enterprises/new"
        case .enterpriseEdit(let id): "/enterprises/\(id.component)/edit"
        case .enterprisesExport: "/enterprises/export"
        case .enterpriseStats: "/enterprises/statistics"
        case .enterpriseContacts(let id): "/enterprises/\(id.component)/contacts"
        case .enterpriseContactDelete(let id, let item): "/enterprises/\(id.component)/contacts/\(item.component)/delete"
        case .enterpriseContactsReveal(let id): "/enterprises/\(id.component)/contacts/reveal"
        case .enterprisePairings(let id): "/enterprises/\(id.component)/pairings"
        case .pairingEnd(let id): "/pairings/\(id.component)/end"
        case .enterpriseVisits(let id): "/enterprises/\(id.component)/visits"
        case .enterpriseVisitNew(let id): "/enterprises/\(id.component)/visits/new"
        case .enterpriseLogin: "/login/enterprise"
        case .myFirm: "/my/firm"
        case .myFirmCorrections: "/my/firm/corrections"
        case .enterpriseUsers(let id): "/enterprises/\(id.component)/users"
        case .enterpriseUserDeactivate(let id, let item): "/enterprises/\(id.component)/users/\(item.component)/deactivate"
        case .contactRequests: "/enterprises/corrections"
        case .contactRequestReview(let id): "/enterprises/corrections/\(id.component)"
        case .enterpriseCode(let token): "/e/\(token.component)"
        case .enterpriseCodeImage(let id): "/enterprises/\(id.component)/code.svg"
        case .enterpriseCodeReset(let id): "/enterprises/\(id.component)/code/reset"
        case .enterpriseImports: "/enterprises/imports"
        case .enterpriseImport(let id): "/enterprises/imports/\(id.component)"
        case .enterpriseImportValid(let id): "/enterprises/imports/\(id.component)/import-valid"
        case .enterpriseImportResume(let id): "/enterprises/imports/\(id.component)/resume"
        case .enterpriseImportProblems(let id): "/enterprises/imports/\(id.component)/problems"
        case .enterpriseImportTemplate: "/enterprises/imports/template"
        case .pairing: "/pairing"
        case .pairingPreview: "/pairing/preview"
        case .pairingApply: "/pairing/apply"
        case .pairingSettings: "/pairing/settings"
        case .pairingHandOver: "/pairing/hand-over"
        case .pairingOverdue: "/pairing/overdue"
        case .myFirms: "/my/enterprises"
        }
    }

    var pathComponents: [PathComponent] { path.pathComponents }

    /// The path with a query string; values are percent-encoded.
    func with(_ query: [(String, String)]) -> String {
        let items = query.filter { !$0.1.isEmpty }
        guard !items.isEmpty else { return path }
        return path + "?" + items.map { "\($0.0)=\(URLQuery.encode($0.1))" }.joined(separator: "&")
    }
}

enum URLQuery {
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}

extension Request {
    /// The `:id` path parameter; a missing or non-numeric id is a 404, never a 500.
    func idParameter() throws -> Int {
        guard let id = parameters.get("id", as: Int.self) else { throw AppError.notFound }
        return id
    }

    /// The `:itemID` path parameter of a nested route; missing or non-numeric is a 404 like `:id`.
    func itemIDParameter() throws -> Int {
        guard let id = parameters.get("itemID", as: Int.self) else { throw AppError.notFound }
        return id
    }
}

extension SiteURL {
    /// A path of this site as a full address under `base` (`YINGSHANG_BASE_URL`), for links that
    /// leave the app: activation links, group robot messages. Anything not a path is left as it is.
    static func absolute(_ path: String, base: String) -> String {
        guard path.hasPrefix("/") else { return path }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
    }
}
