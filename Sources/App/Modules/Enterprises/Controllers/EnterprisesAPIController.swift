import Fluent
import SQLKit
import Vapor

/// `/api/v1` for the enterprise registry, pairing and visits. The same filter, checks, services,
/// policies and standing as the pages; every write is audited by its service. Contacts are only
/// ever returned masked.
struct EnterprisesAPIController {
    static let tag = "Enterprises"

    func register(_ app: Application) {
        app.apiEndpoint(.GET, "/api/v1/enterprises", EnterprisePolicy.view, summary: "Search the enterprise registry", tag: Self.tag,
                        response: .page("Enterprise"), query: OrganizationAPIController.pageParameters + [
                            APIParameter(name: "q", type: "string", description: "Any part of a name (current or former) or the start of a credit code"),
                            APIParameter(name: "region", type: "integer", description: "A unit id: firms of the towns and streets under it"),
                            APIParameter(name: "industry", type: "string", description: "GB/T 4754 section (C) or division (39)"),
                            APIParameter(name: "size", type: "string", description: "large, medium, small or micro"),
                            APIParameter(name: "tag", type: "string", description: "An enterprise tag (high_tech, specialised, …)"),
                            APIParameter(name: "scale", type: "string", description: "above, candidate, key (either) or other"),
                            APIParameter(name: "status", type: "string", description: "active (default), moved_out, deregistered or all"),
                            APIParameter(name: "unpaired", type: "string", description: "1: only firms nobody is paired with"),
                        ], use: list)
        app.apiEndpoint(.GET, "/api/v1/enterprises/:id", EnterprisePolicy.view, summary: "One enterprise's file (contacts masked)", tag: Self.tag,
                        response: .object("EnterpriseDetail"), use: get)
        app.apiEndpoint(.POST, "/api/v1/enterprises", EnterprisePolicy.manage, summary: "Add an enterprise (409 if its credit code is on file)",
                        tag: Self.tag, request: "EnterpriseInput", response: .object("EnterpriseDetail"), status: 201, use: create)
        app.apiEndpoint(.PUT, "/api/v1/enterprises/:id", EnterprisePolicy.manage, summary: "Replace an enterprise's fields (the credit code stays)",
                        tag: Self.tag, request: "EnterpriseInput", response: .object("EnterpriseDetail"), use: update)

        app.apiEndpoint(.GET, "/api/v1/enterprises/:id/pairings", EnterprisePolicy.view, summary: "A firm's pairings, current first, then the history",
                        tag: Self.tag, response: .array("Pairing"), use: pairings)
        app.apiEndpoint(.POST, "/api/v1/enterprises/:id/pairings", EnterprisePolicy.pair,
                        summary: "Pair a person with the firm, ending whoever held that kind (409 at the person's load limit)", tag: Self.tag,
                        request: "PairingInput", response: .object("Pairing"), status: 201, use: assign)
        app.apiEndpoint(.POST, "/api/v1/enterprises/:id/pairings/:itemID/end", EnterprisePolicy.pair, summary: "End a current pairing with a reason",
                        tag: Self.tag, request: "PairingEnd", response: .object("Pairing"), use: endPairing)

        app.apiEndpoint(.GET, "/api/v1/enterprises/:id/visits", EnterprisePolicy.view, summary: "A firm's visits, newest first", tag: Self.tag,
                        response: .page("Visit"), query: OrganizationAPIController.pageParameters, use: visits)
        app.apiEndpoint(.POST, "/api/v1/enterprises/:id/visits", EnterprisePolicy.visit,
                        summary: "Record a visit (only those who serve the firm: the office, its paired people, its town's staff)", tag: Self.tag,
                        request: "VisitInput", response: .object("Visit"), status: 201, use: recordVisit)
        app.apiEndpoint(.GET, "/api/v1/my/enterprises", EnterprisePolicy.ownFirms, summary: "The caller's paired firms, the next visit due first",
                        tag: Self.tag, response: .array("DueFirm"), use: mine)
    }

    // MARK: The registry

    @Sendable func list(_ req: Request) async throws -> APIPage<EnterpriseRow> {
        let query = req.queryInput
        let page = Pagination(page: query.int("page"), perPage: query.int("perPage"))
        let filter = try await EnterpriseFilter.from(query, on: req.db)
        let (rows, total) = try await EnterpriseSearch(db: req.db).list(filter, page: page)
        return APIPage(items: rows, page: page.page, perPage: page.perPage, total: total)
    }

    @Sendable func get(_ req: Request) async throws -> EnterpriseDetail {
        EnterpriseDetail(try await req.enterpriseFile(activity: false))
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let id = try await save(req, enterpriseID: nil)
        return try await APIResponse.created(try await detail(req, id))
    }

    @Sendable func update(_ req: Request) async throws -> EnterpriseDetail {
        let id = try await enterpriseID(req)
        guard let detail = try await detail(req, try await save(req, enterpriseID: id)) else { throw AppError.notFound }
        return detail
    }

    /// The form's path: the input's check, the code rule, then the registry (which audits).
    private func save(_ req: Request, enterpriseID: Int?) async throws -> Int {
        let input = try req.content.decode(EnterpriseInput.self)
        let registry = EnterpriseRegistry(db: req.db)
        let values = try input.check(regions: try await registry.regions(), today: CivilDate.today()).get()
        switch try await registry.creditCodeClash(values.creditCode, savingAs: enterpriseID) {
        case .taken: throw AppError.conflict(key: EnterpriseRegistry.CreditCodeClash.taken.problem.key)
        case .fixed: throw AppError.validation([EnterpriseRegistry.CreditCodeClash.fixed.problem])
        case nil: break
        }
        switch try await registry.save(values, source: "manual", by: req.auditActor) {
        case .created(let id), .updated(let id), .unchanged(let id): return id
        }
    }

    private func detail(_ req: Request, _ id: Int) async throws -> EnterpriseDetail? {
        guard let dossier = try await EnterpriseDossier.load(id, on: req.db, activity: false) else { return nil }
        return EnterpriseDetail(EnterpriseFile(dossier: dossier, standing: dossier.standing(of: try req.requirePrincipal())))
    }

    /// The firm in `:id`, checked to exist, without loading its whole file.
    private func enterpriseID(_ req: Request) async throws -> Int {
        let id = try req.idParameter()
        guard try await Enterprise.find(id, on: req.db) != nil else { throw AppError.notFound }
        return id
    }

    // MARK: Pairing

    @Sendable func pairings(_ req: Request) async throws -> [PairingRow] {
        try await PairingService(db: req.db).history(of: try await enterpriseID(req))
    }

    @Sendable func assign(_ req: Request) async throws -> Response {
        let id = try await enterpriseID(req)
        let body = try req.content.decode(PairingBody.self)
        guard let kindName = body.kind else { throw AppError.invalid("kind", "validation.required") }
        let kind = try PairingKind.named(kindName, field: "kind")
        let service = PairingService(db: req.db)
        let person = try await person(body, kind: kind, service: service, on: req.db)
        try await service.assign(enterpriseID: id, kind: kind, userID: person, reason: body.reason ?? "", by: req.auditActor)
        return try await APIResponse.created(try await service.current(of: id, kind: kind))
    }

    /// The person to pair, by username or id, through the service's one eligibility check (active,
    /// holding the kind's role); its problem is reported on the field the caller used.
    private func person(_ body: PairingBody, kind: PairingKind, service: PairingService, on db: any Database) async throws -> Int {
        let field: String, username: String
        if let userID = body.userID {
            field = "userID"
            guard let user = try await User.find(userID, on: db) else {
                throw AppError.invalid(field, "pairing.personNotEligible", String(userID))
            }
            username = user.username
        } else {
            field = "username"
            username = body.username ?? ""
        }
        do {
            return try await service.person(username, for: kind)
        } catch AppError.validation(let problems) {
            throw AppError.validation(problems.map { $0.field == "person" ? FieldProblem(field: field, key: $0.key, args: $0.args) : $0 })
        }
    }

    @Sendable func endPairing(_ req: Request) async throws -> PairingRow {
        let id = try req.idParameter(), pairingID = try req.itemIDParameter()
        let service = PairingService(db: req.db)
        // Nested under its firm: a pairing of another firm is not found here.
        guard try await service.pairing(pairingID, of: id) != nil else { throw AppError.notFound }
        let body = try req.content.decode(EndPairingBody.self)
        try await service.end(pairingID, reason: body.reason ?? "", by: req.auditActor)
        guard let row = try await service.pairing(pairingID, of: id) else { throw AppError.notFound }
        return row
    }

    // MARK: Visits

    @Sendable func visits(_ req: Request) async throws -> APIPage<VisitRow> {
        let id = try await enterpriseID(req)
        let query = req.queryInput
        let page = Pagination(page: query.int("page"), perPage: query.int("perPage"))
        let (rows, total) = try await VisitService(db: req.db).list(enterpriseID: id, page: page)
        return APIPage(items: rows, page: page.page, perPage: page.perPage, total: total)
    }

    /// The visit form's rule: only someone whose standing with the firm allows it.
    @Sendable func recordVisit(_ req: Request) async throws -> Response {
        let file = try await req.enterpriseFile(requiring: \.mayRecordVisits, activity: false)
        let input = try req.content.decode(VisitInput.self)
        let service = VisitService(db: req.db)
        let id = try await service.record(input, enterpriseID: file.id, recorderID: try req.requirePrincipal().userID, by: req.auditActor,
                                          today: CivilDate.today())
        return try await APIResponse.created(try await service.find(id))
    }

    @Sendable func mine(_ req: Request) async throws -> [DueFirm] {
        let today = CivilDate.today()
        return try await PairingCoverage(db: req.db).firms(of: try req.requirePrincipal().userID).map { DueFirm($0, today: today) }
    }
}
