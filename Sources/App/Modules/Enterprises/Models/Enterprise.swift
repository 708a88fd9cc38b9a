import Fluent
import Foundation

/// One market entity's file (一企一档). Lists and statistics read it through SQL
/// (`EnterpriseSearch`); the model is for reading and writing one enterprise.
final class Enterprise: Model, @unchecked Sendable {
    static let schema = "enterprises"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    /// Normalised by `CreditCode`; unique.
    @Field(key: "credit_code") var creditCode: String
    @Field(key: "name") var name: String
    @Field(key: "legal_representative") var legalRepresentative: String
    /// The town or street (a unit of the organisation tree) the enterprise belongs to.
    @OptionalParent(key: "region_unit_id") var region: Unit?
    @Field(key: "address") var address: String
    /// A GB/T 4754 division (`01`…`97`).
    @OptionalField(key: "industry_code") var industryCode: String?
    @OptionalField(key: "size") var size: EnterpriseSize?
    /// 规上: above the designated size for statistics.
    @Field(key: "above_scale") var aboveScale: Bool
    /// 小升规: a candidate for growing above the designated size.
    @Field(key: "upgrade_candidate") var upgradeCandidate: Bool
    @OptionalField(key: "registered_on") var registeredOn: String?
    @OptionalField(key: "capital_minor") var capitalMinor: Int64?
    @OptionalField(key: "capital_currency") var capitalCurrency: String?
    @OptionalField(key: "employees") var employees: Int?
    @Field(key: "status") var status: EnterpriseStatus
    /// The day it moved out or was deregistered; nil while active.
    @OptionalField(key: "closed_on") var closedOn: String?
    /// Kept by `VisitService` with every visit, for coverage.
    @OptionalField(key: "last_visited_on") var lastVisitedOn: String?
    /// Where the record came from: `manual`, `import:<file>`, `demo`.
    @Field(key: "source") var source: String
    /// `SearchTerms.document` of the name and former names.
    @Field(key: "search_terms") var searchTerms: String
    /// The unguessable part of the firm's own service link (`EnterpriseCode`).
    @Field(key: "service_code") var serviceCode: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var capital: RegisteredCapital? {
        capitalMinor.flatMap { minor in capitalCurrency.map { RegisteredCapital(minorUnits: minor, currency: $0) } }
    }
}

enum EnterpriseSize: String, Codable, Sendable, CatalogChoice {
    case large, medium, small, micro
    var labelKey: String { "enterpriseSize.\(rawValue)" }
}

/// 存续 / 迁出 / 注销.
enum EnterpriseStatus: String, Codable, Sendable, CatalogChoice {
    case active, movedOut = "moved_out", deregistered
    var labelKey: String { "enterpriseStatus.\(rawValue)" }
}

/// The tags statistics count by. A fixed list, so that 高新企业 and 高新技术企业 are one tag.
enum EnterpriseTag: String, Codable, Sendable, CatalogChoice {
    case highTech = "high_tech", specialised, littleGiant = "little_giant", techSME = "tech_sme", foreign, privatelyOwned = "private",
         stateOwned = "state", individual, listed, gazelle
    var labelKey: String { "enterpriseTag.\(rawValue)" }
}
