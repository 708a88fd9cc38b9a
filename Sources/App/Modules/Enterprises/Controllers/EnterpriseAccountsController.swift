import Fluent
import SQLKit
import Vapor

/// Enterprise users and the enterprise code: the office or a paired person invites a firm's
/// people; they sign in with the firm's credit code, their mobile number and their password, see
/// their own firm (never another) and send contact corrections, which the office reviews. Each firm
/// has an unguessable link to its own service page, shown as a QR image on its file.
struct EnterpriseAccountsController {
    func register(_ app: Application) {
        app.endpoint(.GET, SiteURL.enterpriseLogin.pathComponents, .anyone, use: showLogin)
        app.endpoint(.POST, SiteURL.enterpriseLogin.pathComponents, .anyone, use: login)
        app.endpoint(.GET, SiteURL.myFirm.pathComponents, EnterprisePolicy.ownFirm, use: myFirm)
        app.endpoint(.POST, SiteURL.myFirmCorrections.pathComponents, EnterprisePolicy.ownFirm, use: submitCorrection)
        app.endpoint(.POST, SiteURL.enterpriseUsers(.key).pathComponents, EnterprisePolicy.view, use: invite)
        app.endpoint(.POST, SiteURL.enterpriseUserDeactivate(.key, .key).pathComponents, EnterprisePolicy.view, use: deactivate)
        app.endpoint(.GET, SiteURL.contactRequests.pathComponents, EnterprisePolicy.reviewCorrections, use: corrections)
        app.endpoint(.POST, SiteURL.contactRequestReview(.key).pathComponents, EnterprisePolicy.reviewCorrections, use: review)
        app.endpoint(.GET, SiteURL.enterpriseCode(.key).pathComponents, .anyone, use: servicePage)
        app.endpoint(.GET, SiteURL.enterpriseCodeImage(.key).pathComponents, EnterprisePolicy.view, use: codeImage)
        app.endpoint(.POST, SiteURL.enterpriseCodeReset(.key).pathComponents, EnterprisePolicy.manage, use: resetCode)
    }

    // MARK: Signing in

    @Sendable func showLogin(_ req: Request) async throws -> Response {
        if req.principal != nil { return req.redirect(to: SiteURL.home.path) }
        let ctx = PageContext(req)
        return Layout.respond(req, ctx, EnterpriseLoginPage(code: req.queryInput["code"] ?? "", phone: "", errorKey: nil).render(ctx))
    }

    @Sendable func login(_ req: Request) async throws -> Response {
        let form = req.form
        let code = String((form["code"] ?? "").prefix(40)), phone = String((form["phone"] ?? "").prefix(40))
        let ctx = PageContext(req)
        // An ill-formed code or number still costs a throttled attempt, so the form cannot be
        // used to probe cheaply; it simply can never succeed.
        let username = EnterpriseAccounts.username(code: code, phone: phone) ?? "invalid:" + code
        let outcome = try await LoginService(db: req.db, hasher: req.passwordHasher, config: req.config)
            .attempt(username: username, password: form.secret("password"), address: req.clientAddress)
        if case .success(let userID) = outcome {
            // Only enterprise accounts sign in here; staff use their own form.
            if try await User.find(userID, on: req.db)?.enterpriseID != nil {
                return try await SessionController.startSession(req, userID: userID, next: SiteURL.myFirm.path)
            }
        }
        let status: HTTPResponseStatus = outcome == .addressThrottled ? .tooManyRequests : .unauthorized
        return Layout.respond(req, ctx, status: status, EnterpriseLoginPage(code: code, phone: phone,
                                                                            errorKey: outcome == .addressThrottled ? "login.throttled" : "enterpriseLogin.invalid").render(ctx))
    }

    // MARK: The enterprise's own page

    @Sendable func myFirm(_ req: Request) async throws -> Response {
        try await ownFirmPage(req)
    }

    private func ownFirmPage(_ req: Request, input: EnterpriseContacts.Input = .init(), replaces: String = "", note: String = "",
                             errors: FormErrors = .none) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = principal.enterpriseID, let dossier = try await EnterpriseDossier.load(id, on: req.db) else { throw AppError.notFound }
        let requests = try await ContactCorrections(db: req.db).list(status: nil, enterpriseID: id, limit: 20)
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, status: errors.isEmpty ? .ok : .unprocessableEntity,
                              MyFirmPage(dossier: dossier, requests: requests, input: input, replaces: replaces, note: note, errors: errors).render(ctx))
    }

    @Sendable func submitCorrection(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = principal.enterpriseID else { throw AppError.notFound }
        let form = req.form
        let input = EnterpriseContacts.Input(name: form["name"] ?? "", role: form["role"] ?? "", phone: form["phone"] ?? "")
        let replaces = form["replaces"] ?? "", note = form["note"] ?? ""
        do {
            let contactID: Int? = replaces.isEmpty ? nil : Int(replaces)
            if !replaces.isEmpty && contactID == nil { throw AppError.validation([.init(field: "replaces", key: "validation.invalidChoice")]) }
            try await ContactCorrections(db: req.db).submit(input, replacing: contactID, note: note, enterpriseID: id, by: req.auditActor)
        } catch AppError.validation(let problems) {
            return try await ownFirmPage(req, input: input, replaces: replaces, note: note, errors: FormErrors(problems: problems))
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.myFirm.path, flash: key, kind: .error)
        }
        return req.redirect(to: SiteURL.myFirm.path, flash: "contactRequest.sent")
    }

    // MARK: The office's side

    @Sendable func invite(_ req: Request) async throws -> Response {
        let file = try await req.enterpriseFile(requiring: \.mayInviteUsers)
        let form = req.form
        let name = form["name"] ?? "", phone = form["phone"] ?? ""
        do {
            let (_, token) = try await EnterpriseAccounts(db: req.db, hasher: req.passwordHasher)
                .invite(name: name, phone: phone, to: file.id, by: req.auditActor)
            let link = SiteURL.absolute(SiteURL.activation(.value(token)).path, base: req.config.baseURL)
            return try await file.respond(req, service: .init(invitation: link))
        } catch AppError.validation(let problems) {
            return try await file.respond(req, service: .init(inviteName: name, invitePhone: phone, inviteErrors: FormErrors(problems: problems)))
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.enterprise(.value(file.id)).path + "#service", flash: key, kind: .error)
        }
    }

    @Sendable func deactivate(_ req: Request) async throws -> Response {
        let file = try await req.enterpriseFile(requiring: \.mayInviteUsers, activity: false)
        guard let userID = req.parameters.get("itemID", as: Int.self) else { throw AppError.notFound }
        try await EnterpriseAccounts(db: req.db, hasher: req.passwordHasher).deactivate(userID, of: file.id, by: req.auditActor)
        return req.redirect(to: SiteURL.enterprise(.value(file.id)).path + "#service", flash: "enterpriseUser.deactivated")
    }

    @Sendable func corrections(_ req: Request) async throws -> Response {
        let status = req.queryInput["status"].flatMap(ContactCorrections.Status.init(rawValue:))
        let all = req.queryInput["status"] == "all"
        let requests = try await ContactCorrections(db: req.db).list(status: all ? nil : (status ?? .pending))
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, ContactRequestsPage(requests: requests, status: all ? nil : (status ?? .pending)).render(ctx))
    }

    @Sendable func review(_ req: Request) async throws -> Response {
        let id = try req.idParameter()
        let form = req.form
        guard let decision = form["decision"], ["approve", "reject"].contains(decision) else { throw AppError.badRequest(key: "validation.invalidChoice") }
        do {
            try await ContactCorrections(db: req.db).review(id, approve: decision == "approve", reason: form["reason"] ?? "", by: req.auditActor)
        } catch AppError.validation(let problems) {
            let tooLong = problems.contains { $0.key == "validation.tooLong" }
            return req.redirect(to: SiteURL.contactRequests.path, flash: tooLong ? "contactRequest.reasonTooLong" : "contactRequest.reasonRequired", kind: .error)
        } catch AppError.conflict(let key) {
            return req.redirect(to: SiteURL.contactRequests.path, flash: key, kind: .error)
        }
        return req.redirect(to: SiteURL.contactRequests.path, flash: decision == "approve" ? "contactRequest.approved" : "contactRequest.rejected")
    }

    // MARK: The enterprise code

    /// The firm's service page, for whoever holds its link: its name and the people who serve it.
    @Sendable func servicePage(_ req: Request) async throws -> Response {
        guard let token = req.parameters.get("token"), EnterpriseCode.isWellFormed(token),
              let enterprise = try await Enterprise.query(on: req.db).filter(\.$serviceCode == token).first(),
              let id = enterprise.id else { throw AppError.notFound }
        let pairings = try await PairingService(db: req.db).history(of: id).filter { $0.endedAt == nil }
        let ctx = try await PageContext.load(req)
        return Layout.respond(req, ctx, EnterpriseServicePage(enterprise: enterprise, pairings: pairings).render(ctx))
    }

    @Sendable func codeImage(_ req: Request) async throws -> Response {
        let file = try await req.enterpriseFile(requiring: \.mayShowCode, activity: false)
        let link = SiteURL.absolute(SiteURL.enterpriseCode(.value(file.dossier.enterprise.serviceCode)).path, base: req.config.baseURL)
        let svg = try QRCode(text: link, correction: .medium).svg(moduleSize: 6, label: file.dossier.enterprise.name)
        let response = Response(status: .ok, body: .init(string: svg))
        response.headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml")
        // The image carries a secret link: not for shared caches.
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    @Sendable func resetCode(_ req: Request) async throws -> Response {
        let file = try await req.enterpriseFile(activity: false)
        let actor = req.auditActor
        try await req.db.writeTransaction { db in
            try await db.sql.raw("UPDATE enterprises SET service_code = \(bind: EnterpriseCode.newToken()) WHERE id = \(bind: file.id)").run()
            try await AuditLog.record(AuditEvent(action: "enterprise.codeReset", entityType: "enterprise", entityID: String(file.id)), by: actor, on: db)
        }
        return req.redirect(to: SiteURL.enterprise(.value(file.id)).path + "#service", flash: "enterpriseCode.reset")
    }
}
