import Fluent
import Foundation

/// A node of the organisation: the city, its districts and counties, their towns and streets,
/// and the city departments. `path` (`/1/4/17/`) makes "this unit and everything under it" one
/// index range scan instead of a recursive query. Segments are zero-padded ids (see `UnitPath`).
final class Unit: Model, @unchecked Sendable {
    static let schema = "units"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @OptionalParent(key: "parent_id") var parent: Unit?
    @Field(key: "kind") var kind: UnitKind
    @Field(key: "name") var name: String
    @Field(key: "short_name") var shortName: String
    @Field(key: "code") var code: String
    @Field(key: "path") var path: String
    @Field(key: "depth") var depth: Int
    @Field(key: "sort_order") var sortOrder: Int
    @Field(key: "active") var active: Bool
    @OptionalField(key: "contact_person") var contactPerson: String?
    @OptionalField(key: "contact_phone") var contactPhone: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// Builds materialised paths. Segments are zero-padded so that sorting by path lists a parent
/// before its children and siblings in creation order (`/…/2/` would otherwise sort after `/…/10/`).
enum UnitPath {
    static func child(of parentPath: String?, id: Int) -> String {
        (parentPath ?? "/") + id.padded(to: 8) + "/"
    }
}

extension Unit {
    /// Where a unit sits: its parent's path and the depth it will have. `nil` for the city.
    typealias Place = (parentPath: String, depth: Int)?

    /// Inserts this new unit, then sets its path from the id the insert gave it (the path ends
    /// with the unit's own id, which the database assigns). The one way units are created.
    func insert(at place: Place, on db: any Database) async throws {
        depth = place?.depth ?? 0
        path = "/pending/"
        try await create(on: db)
        path = UnitPath.child(of: place?.parentPath, id: id!)
        try await save(on: db)
    }

    /// The place of a child of this unit.
    var childPlace: Place { (path, depth + 1) }
}

enum UnitKind: String, Codable, Sendable, CatalogChoice {
    case city, district, county, countyCity = "county_city", town, street, department

    var labelKey: String { "unitKind.\(rawValue)" }

    /// Which kinds may sit directly under a parent of this kind.
    var allowedChildren: Set<UnitKind> {
        switch self {
        case .city: [.district, .county, .countyCity, .department]
        case .district, .county, .countyCity: [.town, .street, .department]
        case .town, .street, .department: []
        }
    }
}
