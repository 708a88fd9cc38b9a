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
    static var date: [String: Any] { ["type": "string", "format": "date"] }

    static var taskRow: [String: [String: Any]] {
        [
            "id": integer, "planID": integer, "parentID": nullableInteger, "depth": integer, "code": string, "title": string,
            "source": enumeration(TaskSource.allCases.map(\.rawValue)), "status": enumeration(TaskStatus.allCases.map(\.rawValue)),
            "progress": integer, "rollup": enumeration(RollupMethod.allCases.map(\.rawValue)), "weight": integer, "isKey": boolean,
            "isPublic": boolean, "isTest": boolean, "deadline": date, "nextDue": nullableString, "domainName": string, "leadUnitID": integer,
            "leadUnitName": string, "leaderName": nullableString, "childCount": integer, "light": enumeration(TaskLight.allCases.map(\.rawValue)),
        ]
    }

    static var all: [String: Any] {
        others.merging(enterprises) { _, _ in preconditionFailure("two API schemas share a name") }
    }

    private static var others: [String: Any] {
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
            "Plan": object([
                "id": integer, "title": string, "year": integer, "summary": string, "status": string, "published": boolean, "signDays": integer,
                "taskCount": integer, "orderCount": integer, "completedCount": integer,
            ], required: ["id", "title", "year", "status", "published", "taskCount", "orderCount", "completedCount"]),
            "Task": object(taskRow, required: ["id", "planID", "code", "title", "status", "progress", "light", "deadline"]),
            "TaskDetail": object([
                "row": ["$ref": "#/components/schemas/Task"], "measures": string, "outputs": array(enumeration(TaskOutput.allCases.map(\.rawValue))),
                "indicatorID": nullableInteger, "domainID": integer, "leaderID": nullableInteger, "workGroupID": nullableInteger,
                "workGroupName": nullableString, "parentTitle": nullableString, "planTitle": string,
                "responsibleUnits": array(object(["id": integer, "name": string], required: ["id", "name"])),
                "milestones": array(object(["id": integer, "seq": integer, "due": date, "title": string], required: ["id", "seq", "due", "title"])),
                "children": array(["$ref": "#/components/schemas/Task"]),
            ], required: ["row", "measures", "outputs", "domainID", "planTitle", "responsibleUnits", "milestones", "children"]),
            "TaskInput": object([
                "code": string, "title": string, "measures": string, "source": enumeration(TaskSource.allCases.map(\.rawValue)),
                "domainID": nullableInteger, "parentID": nullableInteger, "leadUnitID": integer, "responsibleUnitIDs": array(integer),
                "leaderID": nullableInteger, "workGroupID": nullableInteger, "indicatorID": nullableInteger,
                "outputs": array(enumeration(TaskOutput.allCases.map(\.rawValue))), "deadline": date,
                "milestones": array(object(["due": date, "title": string], required: ["due", "title"])),
                "isKey": boolean, "isPublic": boolean, "isTest": boolean, "weight": nullableInteger,
                "rollup": enumeration(RollupMethod.allCases.map(\.rawValue)),
            ], required: ["code", "title", "leadUnitID", "deadline"]),
            "Dispatched": object(["orders": integer], required: ["orders"]),
            "Order": object([
                "id": integer, "taskID": integer, "taskCode": string, "taskTitle": string, "planID": integer, "unitID": integer, "unitName": string,
                "role": enumeration(OrderRole.allCases.map(\.rawValue)), "status": enumeration(OrderStatus.allCases.map(\.rawValue)),
                "signDue": date, "progress": integer, "nextDue": nullableString, "lastReason": nullableString, "completionNote": nullableString,
                "light": enumeration(TaskLight.allCases.map(\.rawValue)), "pendingReports": integer,
            ], required: ["id", "taskID", "unitID", "status", "signDue", "progress", "light"]),
            "OrderAction": object([
                "action": enumeration(OrderAction.allCases.map(\.rawValue)), "reason": nullableString,
            ], required: ["action"]),
            "Report": object([
                "id": integer, "orderID": integer, "taskID": integer, "taskCode": string, "taskTitle": string, "unitID": integer, "unitName": string,
                "month": string, "body": string, "percent": integer, "milestoneTitle": nullableString, "milestoneMet": boolean,
                "status": enumeration(ReportStatus.allCases.map(\.rawValue)), "authorName": string, "comment": nullableString,
                "submittedAt": dateTime, "updatedAt": dateTime, "fileCount": integer,
            ], required: ["id", "orderID", "month", "body", "percent", "status"]),
            "ReportInput": object([
                "month": string, "body": string, "percent": integer, "milestoneID": nullableInteger, "milestoneMet": boolean, "submit": boolean,
            ], required: ["month", "body", "percent"]),
            "ReportAction": object([
                "action": enumeration(ReportAction.allCases.map(\.rawValue)), "reason": nullableString,
            ], required: ["action"]),
            "UnitFigures": object([
                "unitID": integer, "unitName": string, "orders": integer, "completed": integer, "overdue": integer, "signed": integer,
                "signedOnTime": integer, "reportsDue": integer, "reportsOnTime": integer, "yellowCards": integer, "redCards": integer,
                "interviews": integer, "score": ["type": "number", "nullable": true], "rank": nullableInteger,
            ], required: ["unitID", "unitName", "orders"]),
            "DomainFigures": object([
                "domainID": integer, "name": string, "tasks": integer, "completed": integer, "overdue": integer, "progress": integer,
            ], required: ["domainID", "name", "tasks"]),
            "Statistics": object([
                "rule": string, "units": array(["$ref": "#/components/schemas/UnitFigures"]), "domains": array(["$ref": "#/components/schemas/DomainFigures"]),
            ], required: ["rule", "units", "domains"]),
            "Cycle": object([
                "id": integer, "planID": integer, "month": string, "status": enumeration(CycleStatus.allCases.map(\.rawValue)), "deadline": date,
                "openedAt": dateTime, "publishedAt": dateTime, "note": string,
            ], required: ["id", "planID", "month", "status", "deadline"]),
            "Month": object([
                "cycle": ["$ref": "#/components/schemas/Cycle"], "snapshot": ["type": "object", "nullable": true],
            ], required: ["cycle"]),
            "CreatedUser": object([
                "user": ["$ref": "#/components/schemas/User"], "activationURL": nullableString,
            ], required: ["user"]),
        ]
    }
}
