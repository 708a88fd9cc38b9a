/// JSON schemas of the API's request and response bodies, named as the OpenAPI document refers
/// to them. Kept beside the DTOs' field lists; a test decodes real responses against them.
enum APISchemas {
    static func object(_ properties: [String: [String: Any]], required: [String]) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required]
    }
    static var string: [String: Any] { ["type": "string"] }
    static var nullableString: [String: Any] { ["type": "string", "nullable": true] }
    static var integer: [String: Any] { ["type": "integer"] }
    static var nullableInteger: [String: Any] { ["type": "integer", "nullable": true] }
    static var boolean: [String: Any] { ["type": "boolean"] }
    static var dateTime: [String: Any] { ["type": "string", "format": "date-time", "nullable": true] }
    static func enumeration(_ values: [String]) -> [String: Any] { ["type": "string", "enum": values] }
    static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }

    static var roleNames: [String] { Role.allCases.map(\.rawValue) }

    static var all: [String: Any] {
        [
            "Error": object([
                "error": object([
                    "code": string, "message": string,
                    "fields": array(object(["field": string, "message": string], required: ["field", "message"])),
                ], required: ["code", "message"]),
            ], required: ["error"]),
            "Me": object([
                "id": integer, "username": string, "displayName": string, "unitID": nullableInteger,
                "roles": array(enumeration(roleNames)), "lang": string,
            ], required: ["id", "username", "displayName", "roles", "lang"]),
            "Unit": object([
                "id": integer, "parentID": nullableInteger, "kind": enumeration(UnitKind.allCases.map(\.rawValue)),
                "name": string, "shortName": string, "code": string, "path": string, "depth": integer, "sortOrder": integer,
                "active": boolean, "contactPerson": nullableString, "contactPhone": nullableString, "parentName": nullableString, "parentCode": nullableString,
                "userCount": integer,
            ], required: ["id", "kind", "name", "shortName", "code", "path", "depth", "sortOrder", "active", "userCount"]),
            "UnitInput": object([
                "name": string, "shortName": nullableString, "code": string, "kind": enumeration(UnitKind.allCases.map(\.rawValue)),
                "parentID": nullableInteger, "sortOrder": nullableInteger, "contactPerson": nullableString, "contactPhone": nullableString,
            ], required: ["name", "code", "kind"]),
            "TaskForce": object([
                "id": integer, "kind": enumeration(WorkGroupKind.allCases.map(\.rawValue)), "name": string,
                "leaderUserID": nullableInteger, "leaderName": nullableString, "leaderTitle": nullableString,
                "leadUnitID": nullableInteger, "leadUnitName": nullableString, "description": string, "active": boolean,
                "members": array(object(["unitID": integer, "name": string], required: ["unitID", "name"])),
            ], required: ["id", "kind", "name", "description", "active", "members"]),
            "TaskForceInput": object([
                "kind": enumeration(WorkGroupKind.allCases.map(\.rawValue)), "name": string, "leaderUserID": nullableInteger,
                "leadUnitID": nullableInteger, "memberUnitIDs": array(integer), "description": nullableString,
            ], required: ["kind", "name", "leadUnitID", "memberUnitIDs"]),
            "User": object([
                "id": integer, "username": string, "displayName": string, "title": string, "unitID": nullableInteger,
                "unitName": nullableString, "phone": nullableString, "email": nullableString, "active": boolean, "locked": boolean,
                "lastLoginAt": dateTime, "roles": array(enumeration(roleNames)),
            ], required: ["id", "username", "displayName", "title", "active", "locked", "roles"]),
            "UserInput": object([
                "username": string, "displayName": string, "title": nullableString, "unitID": nullableInteger,
                "phone": nullableString, "email": nullableString, "roles": array(enumeration(roleNames)), "password": nullableString,
            ], required: ["username", "displayName", "roles"]),
            "CreatedUser": object([
                "user": ["$ref": "#/components/schemas/User"], "activationURL": nullableString,
            ], required: ["user"]),
        ]
    }
}
