import Foundation

/// An enterprise as a form, the API or an import row gives it: text as typed, checked by `check()`.
struct EnterpriseInput: Sendable, Codable, Equatable {
    var creditCode = ""
    var name = ""
    var formerNames: [String] = []
    var legalRepresentative = ""
    var regionUnitID: Int?
    var address = ""
    var industryCode = ""
    var size = ""
    var aboveScale = false
    var upgradeCandidate = false
    var registeredOn = ""
    /// As registries write it (`500万元`); `capitalUnit` says what a bare number means.
    var capital = ""
    var employees: Int?
    var tags: [String] = []
    var status = EnterpriseStatus.active.rawValue
    /// The day it moved out or was deregistered.
    var closedOn = ""
}

/// The checked values, ready to store.
struct EnterpriseValues: Sendable, Equatable {
    let creditCode: CreditCode
    let name: String
    let formerNames: [String]
    let legalRepresentative: String
    let regionUnitID: Int?
    let address: String
    let industryCode: String?
    let size: EnterpriseSize?
    let aboveScale: Bool
    let upgradeCandidate: Bool
    let registeredOn: CivilDate?
    let capital: RegisteredCapital?
    let employees: Int?
    let tags: [EnterpriseTag]
    let status: EnterpriseStatus
    let closedOn: CivilDate?

    /// Field → stored text, for the change history: what an edit compares.
    var fields: [(String, String?)] {
        [("name", name), ("former_names", formerNames.isEmpty ? nil : formerNames.joined(separator: "；")),
         ("legal_representative", legalRepresentative), ("region_unit_id", regionUnitID.map(String.init)), ("address", address),
         ("industry_code", industryCode), ("size", size?.rawValue), ("above_scale", String(aboveScale)),
         ("upgrade_candidate", String(upgradeCandidate)), ("registered_on", registeredOn?.description),
         ("capital", capital?.historyText), ("employees", employees.map(String.init)),
         ("tags", tags.isEmpty ? nil : tags.map(\.rawValue).sorted().joined(separator: ",")), ("status", status.rawValue),
         ("closed_on", closedOn?.description)]
    }
}

extension EnterpriseInput {
    /// Every problem at once, each with its field and catalog key. `regions` are the ids of the
    /// towns and streets an enterprise may belong to; `today` bounds the registration date.
    func check(regions: Set<Int>, today: CivilDate, capitalUnit: RegisteredCapital.Unit = .tenThousand) -> Result<EnterpriseValues, AppError> {
        var problems: [FieldProblem] = []
        var code: CreditCode?
        switch CreditCode.parse(creditCode) {
        case .success(let parsed): code = parsed
        case .failure(let problem): problems.append(.init(field: "creditCode", key: "creditCode.\(problem.rawValue)"))
        }
        let name = self.name.trimmed
        if name.isEmpty { problems.append(.init(field: "name", key: "validation.required")) }
        if name.count > 200 { problems.append(.init(field: "name", key: "validation.tooLong", args: ["200"])) }
        let formerNames = self.formerNames.map { $0.trimmed }.filter { !$0.isEmpty && $0 != name }
        if formerNames.contains(where: { $0.count > 200 }) { problems.append(.init(field: "formerNames", key: "validation.tooLong", args: ["200"])) }
        if let region = regionUnitID, !regions.contains(region) { problems.append(.init(field: "regionUnitID", key: "enterprise.regionNotTown")) }
        let industryText = industryCode.trimmedSpaces
        let industry = industryText.isEmpty ? nil : Industries.division(matching: industryText)
        if !industryText.isEmpty, industry == nil { problems.append(.init(field: "industryCode", key: "enterprise.industryUnknown")) }
        let sizeText = size.trimmedSpaces
        let size = sizeText.isEmpty ? nil : EnterpriseSize(rawValue: sizeText)
        if !sizeText.isEmpty, size == nil { problems.append(.init(field: "size", key: "validation.invalidChoice")) }
        let dateText = registeredOn.trimmedSpaces
        let registered = dateText.isEmpty ? nil : CivilDate(dateText)
        if !dateText.isEmpty, registered == nil { problems.append(.init(field: "registeredOn", key: "validation.date")) }
        if let registered, registered > today { problems.append(.init(field: "registeredOn", key: "enterprise.registeredInFuture")) }
        var capital: RegisteredCapital?
        switch RegisteredCapital.parse(self.capital, bareUnit: capitalUnit) {
        case .success(let parsed): capital = parsed
        case .failure(let problem): problems.append(.init(field: "capital", key: "capital.\(problem.rawValue)"))
        case nil: break
        }
        if let employees, employees < 0 || employees > 10_000_000 {
            problems.append(.init(field: "employees", key: "validation.range", args: ["0", "10000000"]))
        }
        var tags: [EnterpriseTag] = []
        for text in self.tags.map({ $0.trimmedSpaces }) where !text.isEmpty {
            guard let tag = EnterpriseTag.matching(text) else {
                problems.append(.init(field: "tags", key: "enterprise.tagUnknown", args: [text]))
                continue
            }
            if !tags.contains(tag) { tags.append(tag) }
        }
        let status = EnterpriseStatus(rawValue: self.status)
        if status == nil { problems.append(.init(field: "status", key: "validation.invalidChoice")) }
        let closedText = closedOn.trimmedSpaces
        var closed = closedText.isEmpty ? nil : CivilDate(closedText)
        if !closedText.isEmpty, closed == nil { problems.append(.init(field: "closedOn", key: "validation.date")) }
        if closed != nil, status == .active { problems.append(.init(field: "closedOn", key: "enterprise.closedWhileActive")) }
        if let closed, closed > today { problems.append(.init(field: "closedOn", key: "enterprise.closedInFuture")) }
        if let closed, let registered, closed < registered { problems.append(.init(field: "closedOn", key: "enterprise.closedBeforeRegistered")) }
        // A firm that closed on a day nobody gave is counted as closed from the day the registry learned of it.
        if let status, status != .active, closed == nil { closed = today }
        if legalRepresentative.count > 100 { problems.append(.init(field: "legalRepresentative", key: "validation.tooLong", args: ["100"])) }
        if address.count > 300 { problems.append(.init(field: "address", key: "validation.tooLong", args: ["300"])) }
        guard problems.isEmpty, let code, let status else { return .failure(.validation(problems)) }
        return .success(EnterpriseValues(
            creditCode: code, name: name, formerNames: formerNames, legalRepresentative: legalRepresentative.trimmedSpaces,
            regionUnitID: regionUnitID, address: address.trimmed, industryCode: industry?.code, size: size,
            aboveScale: aboveScale, upgradeCandidate: upgradeCandidate, registeredOn: registered, capital: capital, employees: employees,
            tags: tags.sorted { $0.rawValue < $1.rawValue }, status: status, closedOn: closed))
    }
}

extension EnterpriseInput {
    /// A JSON body (the API): every field may be left out, and reads as the empty form field.
    /// `capital` is text as registries write it (`500万元`, `300万美元`; a bare number is 万元).
    init(from decoder: any Decoder) throws {
        let body = try decoder.container(keyedBy: CodingKeys.self), blank = EnterpriseInput()
        self.init(creditCode: try body.decode(.creditCode, or: blank.creditCode), name: try body.decode(.name, or: blank.name),
                  formerNames: try body.decode(.formerNames, or: blank.formerNames),
                  legalRepresentative: try body.decode(.legalRepresentative, or: blank.legalRepresentative),
                  regionUnitID: try body.decode(.regionUnitID, or: blank.regionUnitID), address: try body.decode(.address, or: blank.address),
                  industryCode: try body.decode(.industryCode, or: blank.industryCode), size: try body.decode(.size, or: blank.size),
                  aboveScale: try body.decode(.aboveScale, or: blank.aboveScale),
                  upgradeCandidate: try body.decode(.upgradeCandidate, or: blank.upgradeCandidate),
                  registeredOn: try body.decode(.registeredOn, or: blank.registeredOn), capital: try body.decode(.capital, or: blank.capital),
                  employees: try body.decode(.employees, or: blank.employees), tags: try body.decode(.tags, or: blank.tags),
                  status: try body.decode(.status, or: blank.status), closedOn: try body.decode(.closedOn, or: blank.closedOn))
    }
}
