import Fluent
import SQLKit

extension EnterpriseFilter {
    static let queryFields = ["q", "region", "industry", "size", "tag", "status", "scale", "unpaired"]

    /// The filter bar's fields from a query string. A value that names nothing (an industry code
    /// that does not exist, a size that is not one) is a validation problem on that field, never
    /// silently dropped: a list that ignored it would look like an answer.
    static func from(_ query: FormInput, on db: any Database) async throws -> EnterpriseFilter {
        var filter = EnterpriseFilter()
        var problems: [FieldProblem] = []
        filter.query = query["q"].map { $0.trimmedSpaces }.flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
        if let text = query["region"], !text.isEmpty {
            if let id = Int(text), let path = try await UnitService(db: db).path(of: id) {
                filter.regionPath = path
            } else { problems.append(.init(field: "region", key: "validation.invalidChoice")) }
        }
        if let text = query["industry"], !text.isEmpty {
            if Industries.find(text) != nil { filter.industry = text } else { problems.append(.init(field: "industry", key: "enterprise.industryUnknown")) }
        }
        func choice<T: RawRepresentable<String>>(_ name: String, _ type: T.Type) -> T? {
            guard let text = query[name], !text.isEmpty else { return nil }
            guard let value = T(rawValue: text) else { problems.append(.init(field: name, key: "validation.invalidChoice")); return nil }
            return value
        }
        filter.size = choice("size", EnterpriseSize.self)
        filter.tag = choice("tag", EnterpriseTag.self)
        filter.scale = choice("scale", ScaleGroup.self)
        switch query["status"] ?? "" {
        case "": filter.status = .active
        case "all": filter.status = nil
        default: filter.status = choice("status", EnterpriseStatus.self)
        }
        filter.unpaired = query.bool("unpaired")
        guard problems.isEmpty else { throw AppError.validation(problems) }
        return filter
    }
}
