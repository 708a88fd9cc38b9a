import Fluent
import Foundation
import SQLKit

/// Everything the enterprise's page (一企一档) shows, read in a handful of indexed queries:
/// the record, its former names and tags, contacts, the change history, who is paired with it
/// (now and before) and its visits with the problems raised. Later modules add their sections
/// (demands, matched policies, ratings, projects) beside these.
struct EnterpriseDossier: Sendable {
    struct Contact: Sendable, Codable, Equatable {
        let id: Int
        let name: String
        let role: String
        let phone: String
        let idNumber: String?
    }

    struct Change: Sendable, Codable {
        let changedAt: Date
        let actorName: String
        let source: String
        let field: String
        let before: String?
        let after: String?
    }

    let enterprise: Enterprise
    let regionName: String?
    let regionPath: String?
    let formerNames: [String]
    let tags: [EnterpriseTag]
    let contacts: [Contact]
    let changes: [Change]
    let pairings: [PairingRow]
    let visits: [VisitRow]

    var currentPairings: [PairingRow] { pairings.filter { $0.endedAt == nil } }

    func standing(of principal: Principal) -> EnterpriseStanding {
        EnterpriseStanding(principal: principal, regionPath: regionPath, pairedUserIDs: Set(currentPairings.map(\.userID)))
    }

    static let changesShown = 100
    static let visitsShown = 20

    /// `activity: false` leaves out the change history and the visits (empty): the API's view of a
    /// firm and permission checks need neither, and they are the file's largest reads.
    static func load(_ id: Int, on db: any Database, activity: Bool = true) async throws -> EnterpriseDossier? {
        guard let enterprise = try await Enterprise.find(id, on: db) else { return nil }
        let sql = db.sql
        var regionName: String?, regionPath: String?
        if let regionID = enterprise.$region.id, let row = try await sql.raw("SELECT name, path FROM units WHERE id = \(bind: regionID)").first() {
            regionName = try row.decode(column: "name", as: String.self)
            regionPath = try row.decode(column: "path", as: String.self)
        }
        let (names, tags) = try await EnterpriseRegistry(db: db).namesAndTags(of: [id])
        let contacts = try await EnterpriseContacts(db: db).list(id)
        let changes = !activity ? [] : try await sql.raw("""
            SELECT changed_at, actor_name, source, field, before, after FROM enterprise_changes
            WHERE enterprise_id = \(bind: id) ORDER BY changed_at DESC, id DESC LIMIT \(bind: changesShown)
            """).all().map {
                Change(changedAt: try $0.decode(column: "changed_at", as: Date.self), actorName: try $0.decode(column: "actor_name", as: String.self),
                       source: try $0.decode(column: "source", as: String.self), field: try $0.decode(column: "field", as: String.self),
                       before: try $0.decode(column: "before", as: String?.self), after: try $0.decode(column: "after", as: String?.self))
            }
        let pairings = try await PairingService(db: db).history(of: id)
        let visits = activity ? try await VisitService(db: db).list(enterpriseID: id, limit: visitsShown) : []
        return EnterpriseDossier(enterprise: enterprise, regionName: regionName, regionPath: regionPath, formerNames: names[id] ?? [], tags: tags[id] ?? [],
                                 contacts: contacts, changes: changes, pairings: pairings, visits: visits)
    }
}
