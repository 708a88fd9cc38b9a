/// The enterprise API's schemas (`EnterprisesAPIController` and its models), apart from the
/// others so that one dictionary literal does not grow past what the type checker reads quickly.
extension APISchemas {
    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    static var enterprises: [String: Any] {
        let sizes = enumeration(EnterpriseSize.allCases.map(\.rawValue))
        let statuses = enumeration(EnterpriseStatus.allCases.map(\.rawValue))
        let tags = array(enumeration(EnterpriseTag.allCases.map(\.rawValue)))
        let kinds = enumeration(PairingKind.allCases.map(\.rawValue))
        let methods = enumeration(VisitMethod.allCases.map(\.rawValue))
        let categories = enumeration(VisitProblemCategory.allCases.map(\.rawValue))
        return [
            "Enterprise": object([
                "id": integer, "creditCode": string, "name": string, "regionName": nullableString, "industryCode": nullableString,
                "size": ["type": "string", "nullable": true], "aboveScale": boolean, "status": statuses, "registeredOn": nullableString,
            ], required: ["id", "creditCode", "name", "aboveScale", "status"]),
            "EnterpriseDetail": object([
                "id": integer, "creditCode": string, "name": string, "formerNames": array(string), "legalRepresentative": string,
                "regionUnitID": nullableInteger, "regionName": nullableString, "address": string, "industryCode": nullableString,
                "size": ["type": "string", "nullable": true], "aboveScale": boolean, "upgradeCandidate": boolean, "registeredOn": nullableString,
                "capital": nullableString, "capitalMinorUnits": nullableInteger, "capitalCurrency": nullableString, "employees": nullableInteger,
                "tags": tags, "status": statuses, "closedOn": nullableString, "lastVisitedOn": nullableString, "source": string, "updatedAt": dateTime,
                "contacts": array(object([
                    "id": integer, "name": string, "role": string, "phone": ["type": "string", "description": "Masked (138****5678)"],
                    "idNumber": ["type": "string", "nullable": true, "description": "Masked"],
                ], required: ["id", "name", "role", "phone"])),
                "pairings": array(ref("Pairing")), "mayRecordVisits": boolean,
            ], required: ["id", "creditCode", "name", "formerNames", "legalRepresentative", "address", "aboveScale", "upgradeCandidate", "tags",
                          "status", "source", "contacts", "pairings", "mayRecordVisits"]),
            "EnterpriseInput": object([
                "creditCode": string, "name": string, "formerNames": array(string), "legalRepresentative": nullableString,
                "regionUnitID": nullableInteger, "address": nullableString, "industryCode": ["type": "string", "description": "GB/T 4754 division"],
                "size": sizes, "aboveScale": boolean, "upgradeCandidate": boolean, "registeredOn": date,
                "capital": ["type": "string", "description": "As registries write it: 500万元, 300万美元; a bare number is 万元"],
                "employees": nullableInteger, "tags": tags, "status": statuses,
                "closedOn": ["type": "string", "format": "date", "description": "When moved out or deregistered"],
            ], required: ["creditCode", "name"]),
            "Pairing": object([
                "id": integer, "enterpriseID": integer, "kind": kinds, "userID": integer, "userName": string, "unitName": nullableString,
                "startedAt": dateTime, "startedBy": string, "startReason": string, "endedAt": dateTime, "endedBy": nullableString,
                "endReason": nullableString,
            ], required: ["id", "enterpriseID", "kind", "userID", "userName", "startedAt", "startedBy", "startReason"]),
            "PairingInput": object([
                "kind": kinds, "username": ["type": "string", "description": "The person to pair (or userID)"], "userID": nullableInteger,
                "reason": nullableString,
            ], required: ["kind"]),
            "PairingEnd": object(["reason": string], required: ["reason"]),
            "Visit": object([
                "id": integer, "enterpriseID": integer, "enterpriseName": string, "visitedOn": date, "method": methods, "people": string,
                "notes": string, "policies": string, "followUpOn": nullableString, "recorderName": string,
                "problems": array(object(["id": integer, "category": categories, "description": string, "demandID": nullableInteger],
                                         required: ["id", "category", "description"])),
            ], required: ["id", "enterpriseID", "enterpriseName", "visitedOn", "method", "people", "notes", "policies", "recorderName", "problems"]),
            "VisitInput": object([
                "visitedOn": date, "method": methods, "people": nullableString, "notes": string, "policies": nullableString,
                "followUpOn": ["type": "string", "format": "date", "nullable": true],
                "problems": array(object(["category": categories, "description": string], required: ["category", "description"])),
            ], required: ["visitedOn", "method", "notes"]),
            "DueFirm": object([
                "enterpriseID": integer, "enterpriseName": string, "kind": kinds, "lastVisitedOn": nullableString, "dueOn": date, "overdue": boolean,
            ], required: ["enterpriseID", "enterpriseName", "kind", "dueOn", "overdue"]),
        ]
    }
}
