import Foundation
import Vapor

extension EnterpriseRow: Content {}
extension PairingRow: Content {}
extension VisitRow: Content {}

/// The enterprise API's answers and the bodies the services have no input type for. Enterprises
/// and visits are sent as `EnterpriseInput` and `VisitInput`, which read a missing field as an
/// empty one, so the services' checks are the only ones.
extension EnterprisesAPIController {
    /// A contact with its numbers masked: the API never shows them whole (the page's audited
    /// reveal is for a person looking at one firm, not for a client copying many).
    struct MaskedContact: Content {
        let id: Int
        let name: String
        let role: String
        let phone: String
        let idNumber: String?

        init(_ contact: EnterpriseDossier.Contact) {
            id = contact.id
            name = contact.name
            role = contact.role
            phone = Masking.phone(contact.phone)
            idNumber = contact.idNumber.map(Masking.idNumber)
        }
    }

    /// One firm's file: its registration facts, names, tags, masked contacts and current pairings.
    struct EnterpriseDetail: Content {
        let id: Int
        let creditCode: String
        let name: String
        let formerNames: [String]
        let legalRepresentative: String
        let regionUnitID: Int?
        let regionName: String?
        let address: String
        let industryCode: String?
        let size: String?
        let aboveScale: Bool
        let upgradeCandidate: Bool
        let registeredOn: String?
        /// As the form shows it, so that a PUT can send it back unchanged.
        let capital: String?
        let capitalMinorUnits: Int64?
        let capitalCurrency: String?
        let employees: Int?
        let tags: [String]
        let status: String
        let closedOn: String?
        let lastVisitedOn: String?
        let source: String
        let updatedAt: Date?
        let contacts: [MaskedContact]
        let pairings: [PairingRow]
        /// Whether the caller may record visits to this firm (`EnterpriseStanding.mayRecordVisits`).
        let mayRecordVisits: Bool

        init(_ file: EnterpriseFile) {
            let dossier = file.dossier, e = dossier.enterprise
            id = file.id
            creditCode = e.creditCode
            name = e.name
            formerNames = dossier.formerNames
            legalRepresentative = e.legalRepresentative
            regionUnitID = e.$region.id
            regionName = dossier.regionName
            address = e.address
            industryCode = e.industryCode
            size = e.size?.rawValue
            aboveScale = e.aboveScale
            upgradeCandidate = e.upgradeCandidate
            registeredOn = e.registeredOn
            capital = e.capital?.formatted(.zh)
            capitalMinorUnits = e.capital?.minorUnits
            capitalCurrency = e.capital?.currency
            employees = e.employees
            tags = dossier.tags.map(\.rawValue)
            status = e.status.rawValue
            closedOn = e.closedOn
            lastVisitedOn = e.lastVisitedOn
            source = e.source
            updatedAt = e.updatedAt
            contacts = dossier.contacts.map(MaskedContact.init)
            pairings = dossier.currentPairings
            mayRecordVisits = file.standing.mayRecordVisits
        }
    }

    /// Pair someone with the firm: the person by `username` or by `userID`.
    struct PairingBody: Content {
        var kind: String?
        var username: String?
        var userID: Int?
        var reason: String?
    }

    struct EndPairingBody: Content {
        var reason: String?
    }

    /// One of the caller's firms, with the day its next visit is due.
    struct DueFirm: Content {
        let enterpriseID: Int
        let enterpriseName: String
        let kind: PairingKind
        let lastVisitedOn: String?
        let dueOn: String
        let overdue: Bool

        init(_ due: PairingCoverage.Due, today: CivilDate) {
            enterpriseID = due.enterpriseID
            enterpriseName = due.enterpriseName
            kind = due.kind
            lastVisitedOn = due.lastVisitedOn
            dueOn = due.dueOn.description
            overdue = due.dueOn < today
        }
    }
}
