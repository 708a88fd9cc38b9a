import Fluent
import Foundation
import Vapor
import SQLKit

/// What a user may set on a unit, from a form, the API or an import row.
struct UnitInput: Sendable, Codable {
    var name: String
    var shortName: String?
    var code: String
    var kind: String
    var parentID: Int?
    var sortOrder: Int?
    var contactPerson: String?
    var contactPhone: String?
}

/// A unit as lists and the API show it.
struct UnitRow: Content, Equatable {
    let id: Int
    let parentID: Int?
    let kind: String
    let name: String
    let shortName: String
    let code: String
    let path: String
    let depth: Int
    let sortOrder: Int
    let active: Bool
    let contactPerson: String?
    let contactPhone: String?
    let parentName: String?
    let parentCode: String?
    let userCount: Int
}

struct UnitFilter: Sendable {
    var query: String?
    var kind: UnitKind?
    var parentID: Int?
    var includeInactive = false
}

struct UnitService: Sendable {
    let db: any Database

    // MARK: Reading

    /// Units the principal may see, in tree order (path), filtered.
    func list(for principal: Principal, filter: UnitFilter = .init(), page: Pagination) async throws -> (rows: [UnitRow], total: Int) {
        var conditions: [SQLQueryString] = []
        if let scope = principal.scopePath { conditions.append("u.path LIKE \(bind: scope + "%")") }
        if !filter.includeInactive { conditions.append("u.active = \(bind: true)") }
        if let kind = filter.kind { conditions.append("u.kind = \(bind: kind.rawValue)") }
        if let parentID = filter.parentID { conditions.append("u.parent_id = \(bind: parentID)") }
        if let query = filter.query?.trimmedSpaces, !query.isEmpty {
            let like = "%" + SQLLike.escape(query) + "%"
            conditions.append("(u.name LIKE \(bind: like) ESCAPE '\\' OR u.short_name LIKE \(bind: like) ESCAPE '\\' OR u.code LIKE \(bind: like) ESCAPE '\\')")
        }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = try await db.sql.raw("SELECT COUNT(*) AS n FROM units u \(whereClause)").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await db.sql.raw("""
            SELECT u.id, u.parent_id, u.kind, u.name, u.short_name, u.code, u.path, u.depth, u.sort_order, u.active,
                   u.contact_person, u.contact_phone, p.name AS parent_name, p.code AS parent_code,
                   (SELECT COUNT(*) FROM users x WHERE x.unit_id = u.id) AS user_count
            FROM units u LEFT JOIN units p ON p.id = u.parent_id
            \(whereClause)
            ORDER BY u.path
            LIMIT \(bind: page.perPage) OFFSET \(bind: page.offset)
            """).all()
        return (try rows.map(Self.decode), total)
    }

    /// One unit, if it exists and the principal may see it.
    func find(_ id: Int, for principal: Principal) async throws -> UnitRow? {
        let row = try await db.sql.raw("""
            SELECT u.id, u.parent_id, u.kind, u.name, u.short_name, u.code, u.path, u.depth, u.sort_order, u.active,
                   u.contact_person, u.contact_phone, p.name AS parent_name, p.code AS parent_code,
                   (SELECT COUNT(*) FROM users x WHERE x.unit_id = u.id) AS user_count
            FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE u.id = \(bind: id)
            """).first()
        guard let row else { return nil }
        let unit = try Self.decode(row)
        return principal.canSee(unitPath: unit.path) ? unit : nil
    }

    /// Every unit the principal may see, as choices for a select, indented by depth.
    func choices(for principal: Principal?, kinds: Set<UnitKind>? = nil) async throws -> [Components.Choice] {
        var conditions: [SQLQueryString] = ["active = \(bind: true)"]
        if let scope = principal?.scopePath { conditions.append("path LIKE \(bind: scope + "%")") }
        let rows = try await db.sql.raw("SELECT id, name, kind, depth FROM units WHERE \(conditions.joined(separator: " AND ")) ORDER BY path").all()
        return try rows.compactMap { row in
            let kind = try row.decode(column: "kind", as: String.self)
            if let kinds, let parsed = UnitKind(rawValue: kind), !kinds.contains(parsed) { return nil }
            let depth = try row.decode(column: "depth", as: Int.self)
            let indent = String(repeating: "　", count: max(0, depth))
            return Components.Choice(String(try row.decode(column: "id", as: Int.self)), indent + (try row.decode(column: "name", as: String.self)))
        }
    }

    /// The unit's path, to scope a list to its subtree; nil for an id that names no unit.
    func path(of id: Int) async throws -> String? {
        try await db.sql.raw("SELECT path FROM units WHERE id = \(bind: id)").first()?.decode(column: "path", as: String.self)
    }

    func children(of id: Int) async throws -> [UnitRow] {
        let rows = try await db.sql.raw("""
            SELECT u.id, u.parent_id, u.kind, u.name, u.short_name, u.code, u.path, u.depth, u.sort_order, u.active,
                   u.contact_person, u.contact_phone, NULL AS parent_name, NULL AS parent_code,
                   (SELECT COUNT(*) FROM users x WHERE x.unit_id = u.id) AS user_count
            FROM units u WHERE u.parent_id = \(bind: id) ORDER BY u.sort_order, u.name
            """).all()
        return try rows.map(Self.decode)
    }

    static func decode(_ row: any SQLRow) throws -> UnitRow {
        UnitRow(
            id: try row.decode(column: "id", as: Int.self),
            parentID: try row.decode(column: "parent_id", as: Int?.self),
            kind: try row.decode(column: "kind", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            shortName: try row.decode(column: "short_name", as: String.self),
            code: try row.decode(column: "code", as: String.self),
            path: try row.decode(column: "path", as: String.self),
            depth: try row.decode(column: "depth", as: Int.self),
            sortOrder: try row.decode(column: "sort_order", as: Int.self),
            active: try row.decode(column: "active", as: Bool.self),
            contactPerson: try row.decode(column: "contact_person", as: String?.self),
            contactPhone: try row.decode(column: "contact_phone", as: String?.self),
            parentName: try row.decode(column: "parent_name", as: String?.self),
            parentCode: try row.decode(column: "parent_code", as: String?.self),
            userCount: try row.decode(column: "user_count", as: Int.self))
    }

    // MARK: Validation

    static var codePattern: Regex<Substring> { /^[A-Za-z0-9_\-]{1,32}$/ }

    /// Checks an input against the rules and the stored tree. `existing` is the unit being edited.
    func problems(in input: UnitInput, existing: Unit? = nil) async throws -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let name = input.name.trimmedSpaces
        if name.isEmpty { problems.append(.init(field: "name", key: "validation.required")) }
        if name.count > 100 { problems.append(.init(field: "name", key: "validation.tooLong", args: ["100"])) }
        if (input.shortName ?? "").count > 50 { problems.append(.init(field: "shortName", key: "validation.tooLong", args: ["50"])) }
        let code = input.code.trimmedSpaces
        if code.isEmpty {
            problems.append(.init(field: "code", key: "validation.required"))
        } else if code.wholeMatch(of: Self.codePattern) == nil {
            problems.append(.init(field: "code", key: "unit.codeFormat"))
        } else if let clash = try await Unit.query(on: db).filter(\.$code == code).first(), clash.id != existing?.id {
            problems.append(.init(field: "code", key: "unit.codeTaken", args: [code]))
        }
        guard let kind = UnitKind(rawValue: input.kind) else {
            problems.append(.init(field: "kind", key: "validation.invalidChoice"))
            return problems
        }
        if let existing, let id = existing.id, kind != existing.kind {
            let childKinds = Set(try await Unit.query(on: db).filter(\.$parent.$id == id).all().map(\.kind))
            if !childKinds.isSubset(of: kind.allowedChildren) {
                problems.append(.init(field: "kind", key: "unit.kindChildrenConflict"))
            }
        }
        if kind == .city {
            if input.parentID != nil { problems.append(.init(field: "parentID", key: "unit.cityIsRoot")) }
            if let city = try await Unit.query(on: db).filter(\.$kind == .city).first(), city.id != existing?.id {
                problems.append(.init(field: "kind", key: "unit.oneCity"))
            }
        } else if let parentID = input.parentID {
            if let parent = try await Unit.find(parentID, on: db) {
                if !parent.kind.allowedChildren.contains(kind) {
                    problems.append(.init(field: "parentID", key: "unit.kindNotAllowedUnder", args: [kind.rawValue, parent.name]))
                }
                if let existing, let existingID = existing.id, parent.path.hasPrefix(existing.path) || parent.id == existingID {
                    problems.append(.init(field: "parentID", key: "unit.parentCycle"))
                }
            } else {
                problems.append(.init(field: "parentID", key: "validation.notFound"))
            }
        } else {
            problems.append(.init(field: "parentID", key: "validation.required"))
        }
        return problems
    }

    // MARK: Writing

    func create(_ input: UnitInput, by actor: AuditActor) async throws -> Unit {
        let problems = try await problems(in: input)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        return try await db.writeTransaction { db in
            let unit = Unit()
            try await Self.apply(input, to: unit, on: db)
            unit.active = true
            try await unit.insert(at: Self.place(under: unit.$parent.id, on: db), on: db)
            try await AuditLog.record(AuditEvent(action: "unit.create", entityType: "unit", entityID: String(unit.id!),
                                                 after: AuditLog.snapshot(Self.snapshot(unit))), by: actor, on: db)
            return unit
        }
    }

    func update(_ id: Int, _ input: UnitInput, by actor: AuditActor) async throws -> Unit {
        guard let current = try await Unit.find(id, on: db) else { throw AppError.notFound }
        let problems = try await problems(in: input, existing: current)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        return try await db.writeTransaction { db in
            // Read again inside the transaction so "before" is what this change replaced.
            guard let unit = try await Unit.find(id, on: db) else { throw AppError.notFound }
            let before = AuditLog.snapshot(Self.snapshot(unit))
            let oldPath = unit.path
            try await Self.apply(input, to: unit, on: db)
            try await unit.save(on: db)
            try await Self.placeInTree(unit, on: db)
            if unit.path != oldPath { try await Self.movePaths(from: oldPath, to: unit.path, on: db) }
            try await AuditLog.record(AuditEvent(action: "unit.update", entityType: "unit", entityID: String(id),
                                                 before: before, after: AuditLog.snapshot(Self.snapshot(unit))), by: actor, on: db)
            return unit
        }
    }

    /// Deactivating keeps the unit (history refers to it) but hides it from choices.
    func setActive(_ id: Int, _ active: Bool, reason: String, by actor: AuditActor) async throws {
        try await db.writeTransaction { db in
            guard let unit = try await Unit.find(id, on: db) else { throw AppError.notFound }
            guard unit.active != active else { return }
            if !active {
                let activeChildren = try await Unit.query(on: db).filter(\.$parent.$id == id).filter(\.$active == true).count()
                if activeChildren > 0 { throw AppError.conflict(key: "unit.hasActiveChildren") }
            }
            unit.active = active
            try await unit.save(on: db)
            try await AuditLog.record(AuditEvent(action: active ? "unit.activate" : "unit.deactivate", entityType: "unit",
                                                 entityID: String(id), reason: reason,
                                                 before: "{\"active\":\(!active)}", after: "{\"active\":\(active)}"), by: actor, on: db)
        }
    }

    private static func apply(_ input: UnitInput, to unit: Unit, on db: any Database) async throws {
        unit.name = input.name.trimmedSpaces
        let short = input.shortName?.trimmedSpaces ?? ""
        unit.shortName = short.isEmpty ? unit.name : short
        unit.code = input.code.trimmedSpaces
        unit.kind = UnitKind(rawValue: input.kind) ?? .department
        unit.$parent.id = input.parentID
        unit.sortOrder = input.sortOrder ?? 0
        unit.contactPerson = input.contactPerson.flatMap { $0.isEmpty ? nil : $0 }
        unit.contactPhone = input.contactPhone.flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func place(under parentID: Int?, on db: any Database) async throws -> Unit.Place {
        guard let parentID, let parent = try await Unit.find(parentID, on: db) else { return nil }
        return parent.childPlace
    }

    /// After an edit that may have changed the parent: `path` and `depth` follow the new parent.
    private static func placeInTree(_ unit: Unit, on db: any Database) async throws {
        let place = try await place(under: unit.$parent.id, on: db)
        let path = UnitPath.child(of: place?.parentPath, id: unit.id!)
        let depth = place?.depth ?? 0
        if unit.path != path || unit.depth != depth {
            unit.path = path
            unit.depth = depth
            try await unit.save(on: db)
        }
    }

    /// Rewrites the paths of a moved unit's descendants in one statement.
    private static func movePaths(from oldPath: String, to newPath: String, on db: any Database) async throws {
        let oldDepth = oldPath.split(separator: "/").count
        let newDepth = newPath.split(separator: "/").count
        try await db.sql.raw("""
            UPDATE units SET path = CAST(\(bind: newPath) AS TEXT) || SUBSTR(path, CAST(\(bind: oldPath.count + 1) AS INTEGER)),
                             depth = depth + \(bind: newDepth - oldDepth)
            WHERE path LIKE \(bind: SQLLike.escape(oldPath) + "_%") ESCAPE '\\'
            """).run()
    }

    struct Snapshot: Encodable {
        let name, shortName, code, kind: String
        let parentID: Int?
        let sortOrder: Int
        let active: Bool
        let contactPerson, contactPhone: String?
    }

    static func snapshot(_ unit: Unit) -> Snapshot {
        Snapshot(name: unit.name, shortName: unit.shortName, code: unit.code, kind: unit.kind.rawValue, parentID: unit.$parent.id,
                 sortOrder: unit.sortOrder, active: unit.active, contactPerson: unit.contactPerson, contactPhone: unit.contactPhone)
    }
}

enum SQLLike {
    /// Escapes `%`, `_` and the escape character so user text matches literally in LIKE.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
