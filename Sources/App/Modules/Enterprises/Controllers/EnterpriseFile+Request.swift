import Vapor

/// A firm's file with where the caller stands with it: what the firm's page and every action on
/// one firm start from.
struct EnterpriseFile: Sendable {
    let dossier: EnterpriseDossier
    let standing: EnterpriseStanding

    var id: Int { dossier.enterprise.id ?? 0 }

    /// The firm's page, with what a failed form on it needs shown again.
    func respond(_ req: Request, revealed: Bool = false, contactInput: EnterpriseContacts.Input = .init(), contactErrors: FormErrors = .none,
                 pairingErrors: FormErrors = .none, pairingInput: FormInput = FormInput(pairs: []),
                 service: EnterpriseServiceSection.State = .init()) async throws -> Response {
        let ctx = try await PageContext.load(req)
        let failed = !contactErrors.isEmpty || !pairingErrors.isEmpty || !service.inviteErrors.isEmpty
        var service = service
        if standing.mayInviteUsers { service.accounts = try await EnterpriseAccounts(db: req.db, hasher: req.passwordHasher).accounts(of: id) }
        if standing.mayShowCode {
            service.link = SiteURL.absolute(SiteURL.enterpriseCode(.value(dossier.enterprise.serviceCode)).path, base: req.config.baseURL)
        }
        return Layout.respond(req, ctx, status: failed ? .unprocessableEntity : .ok,
                              EnterpriseDetailPage(dossier: dossier, standing: standing, revealed: revealed, contactInput: contactInput,
                                                   contactErrors: contactErrors, pairingErrors: pairingErrors, pairingInput: pairingInput,
                                                   service: service).render(ctx))
    }
}

extension Request {
    /// The file of the firm in the `:id` parameter: 404 when there is none, 403 when `rule` says the
    /// caller does not serve it that way.
    /// `activity: false` when the caller needs the firm and the standing, not its history and visits.
    func enterpriseFile(requiring rule: KeyPath<EnterpriseStanding, Bool>? = nil, activity: Bool = true) async throws -> EnterpriseFile {
        guard let dossier = try await EnterpriseDossier.load(try idParameter(), on: db, activity: activity) else { throw AppError.notFound }
        let standing = dossier.standing(of: try requirePrincipal())
        if let rule, !standing[keyPath: rule] { throw AppError.forbidden }
        return EnterpriseFile(dossier: dossier, standing: standing)
    }
}
