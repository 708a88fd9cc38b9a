import Fluent
import Foundation
import Vapor
import SQLKit

struct WorkGroupInput: Sendable, Codable {
    var kind: String
    var name: String
    var leaderUserID: Int?
    var leadUnitID: Int?
    var memberUnitIDs: [Int]
    var description: String?
}

struct WorkGroupRow: Content, Equatable {
    struct Member: Sendable, Codable, Equatable { let unitID: Int; let name: String }
    let id: Int
    let kind: String
    let name: String
    let leaderUserID: Int?
    let leaderName: String?
    let leaderTitle: String?
    let leadUnitID: Int?
    let leadUnitName: String?
    let description: String
    let active: Bool
    var members: [Member]
}

/// The leading group and task forces.
struct WorkGroupService: Sendable {
    let db: any Database

    /// Groups with their members, filtered in SQL: by kind, by id, those a unit belongs to, or
    /// those a leader is responsible for.
    func list(kind: WorkGroupKind? = nil, id: Int? = nil, memberOf unitID: Int? = nil, ledBy leaderID: Int? = nil) async throws -> [WorkGroupRow] {
        var conditions: [SQLQueryString] = []
        if let leaderID { conditions.append("g.leader_user_id = \(bind: leaderID)") }
        if let kind { conditions.append("g.kind = \(bind: kind.rawValue)") }
        if let id { conditions.append("g.id = \(bind: id)") }
        if let unitID { conditions.append("EXISTS (SELECT 1 FROM work_group_members m WHERE m.group_id = g.id AND m.unit_id = \(bind: unitID))") }
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try await db.sql.raw("""
            SELECT g.id, g.kind, g.name, g.leader_user_id, l.display_name AS leader_name, l.title AS leader_title,
                   g.lead_unit_id, u.name AS lead_unit_name, g.description, g.active
            FROM work_groups g
            LEFT JOIN users l ON l.id = g.leader_user_id
            LEFT JOIN units u ON u.id = g.lead_unit_id
            \(whereClause)
            ORDER BY CASE WHEN g.kind = 'leading_group' THEN 0 ELSE 1 END, g.name
            """).all()
        var groups = try rows.map(Self.decode)
        guard !groups.isEmpty else { return [] }
        // One query for the members of all listed groups instead of one per group.
        let members = try await db.sql.raw("""
            SELECT m.group_id, m.unit_id, u.name FROM work_group_members m JOIN units u ON u.id = m.unit_id
            WHERE m.group_id IN (\(binds: groups.map(\.id))) ORDER BY u.path
            """).all()
        var byGroup: [Int: [WorkGroupRow.Member]] = [:]
        for row in members {
            byGroup[try row.decode(column: "group_id", as: Int.self), default: []].append(
                .init(unitID: try row.decode(column: "unit_id", as: Int.self), name: try row.decode(column: "name", as: String.self)))
        }
        for index in groups.indices { groups[index].members = byGroup[groups[index].id] ?? [] }
        return groups
    }

    func find(_ id: Int) async throws -> WorkGroupRow? {
        try await list(id: id).first
    }

    func problems(in input: WorkGroupInput, existingID: Int? = nil) async throws -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let name = input.name.trimmedSpaces
        if name.isEmpty { problems.append(.init(field: "name", key: "validation.required")) }
        if name.count > 100 { problems.append(.init(field: "name", key: "validation.tooLong", args: ["100"])) }
        if !name.isEmpty, let clash = try await WorkGroup.query(on: db).filter(\.$name == name).first(), clash.id != existingID {
            problems.append(.init(field: "name", key: "group.nameTaken"))
        }
        guard let kind = WorkGroupKind(rawValue: input.kind) else {
            problems.append(.init(field: "kind", key: "validation.invalidChoice"))
            return problems
        }
        if kind == .leadingGroup, let other = try await WorkGroup.query(on: db).filter(\.$kind == .leadingGroup).first(), other.id != existingID {
            problems.append(.init(field: "kind", key: "group.oneLeadingGroup"))
        }
        if let leaderID = input.leaderUserID {
            let isLeader = try await UserRole.query(on: db).filter(\.$user.$id == leaderID).filter(\.$role == .leader).count() > 0
            if !isLeader { problems.append(.init(field: "leaderUserID", key: "group.leaderMustBeLeader")) }
        }
        if let leadUnitID = input.leadUnitID, try await Unit.find(leadUnitID, on: db) == nil {
            problems.append(.init(field: "leadUnitID", key: "validation.notFound"))
        } else if input.leadUnitID == nil {
            problems.append(.init(field: "leadUnitID", key: "validation.required"))
        }
        let memberIDs = Set(input.memberUnitIDs)
        if !memberIDs.isEmpty {
            let found = try await Unit.query(on: db).filter(\.$id ~~ Array(memberIDs)).count()
            if found != memberIDs.count { problems.append(.init(field: "memberUnitIDs", key: "validation.notFound")) }
        }
        return problems
    }

    func create(_ input: WorkGroupInput, by actor: AuditActor) async throws -> Int {
        let problems = try await problems(in: input)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        return try await db.writeTransaction { db in
            let group = WorkGroup()
            group.active = true
            Self.apply(input, to: group)
            try await group.create(on: db)
            let added = try await Self.replaceMembers(of: group.id!, with: input, on: db)
            try await Self.tellNewMembers(added, group: group, on: db)
            try await AuditLog.record(AuditEvent(action: "group.create", entityType: "work_group", entityID: String(group.id!),
                                                 after: AuditLog.snapshot(input)), by: actor, on: db)
            return group.id!
        }
    }

    func update(_ id: Int, _ input: WorkGroupInput, by actor: AuditActor) async throws {
        guard try await WorkGroup.find(id, on: db) != nil else { throw AppError.notFound }
        let problems = try await problems(in: input, existingID: id)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        try await db.writeTransaction { db in
            // Read inside the transaction so "before" is what this change replaced.
            guard let group = try await WorkGroup.find(id, on: db) else { throw AppError.notFound }
            let before = try await WorkGroupService(db: db).find(id)
            Self.apply(input, to: group)
            try await group.save(on: db)
            let added = try await Self.replaceMembers(of: id, with: input, on: db)
            try await Self.tellNewMembers(added, group: group, on: db)
            try await AuditLog.record(AuditEvent(action: "group.update", entityType: "work_group", entityID: String(id),
                                                 before: AuditLog.snapshot(before), after: AuditLog.snapshot(input)), by: actor, on: db)
        }
    }

    private static func apply(_ input: WorkGroupInput, to group: WorkGroup) {
        group.kind = WorkGroupKind(rawValue: input.kind) ?? .taskForce
        group.name = input.name.trimmedSpaces
        group.$leader.id = input.leaderUserID
        group.$leadUnit.id = input.leadUnitID
        group.description = input.description?.trimmed ?? ""
    }

    /// The lead unit is always a member; the rest follow the input. Returns the units that joined.
    private static func replaceMembers(of groupID: Int, with input: WorkGroupInput, on db: any Database) async throws -> [Int] {
        let before = Set(try await WorkGroupMember.query(on: db).filter(\.$group.$id == groupID).all().map(\.$unit.id))
        try await WorkGroupMember.query(on: db).filter(\.$group.$id == groupID).delete()
        var ids = Set(input.memberUnitIDs)
        if let lead = input.leadUnitID { ids.insert(lead) }
        let members = ids.sorted().map { WorkGroupMember(groupID: groupID, unitID: $0) }
        if !members.isEmpty { try await members.create(on: db) }
        return ids.subtracting(before).sorted()
    }

    /// The heads of units that joined a task force learn of it in their inbox.
    static func tellNewMembers(_ unitIDs: [Int], group: WorkGroup, on db: any Database) async throws {
        guard !unitIDs.isEmpty else { return }
        let heads = try await Inbox.holders(of: .unitHead, inUnits: unitIDs, on: db)
        try await Inbox.notify(heads, kind: "group.memberAdded", titleKey: "notice.groupJoined.title", bodyKey: "notice.groupJoined.body",
                               args: [group.name], link: SiteURL.group(.value(group.id!)).path, on: db)
    }

    static func decode(_ row: any SQLRow) throws -> WorkGroupRow {
        WorkGroupRow(
            id: try row.decode(column: "id", as: Int.self),
            kind: try row.decode(column: "kind", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            leaderUserID: try row.decode(column: "leader_user_id", as: Int?.self),
            leaderName: try row.decode(column: "leader_name", as: String?.self),
            leaderTitle: try row.decode(column: "leader_title", as: String?.self),
            leadUnitID: try row.decode(column: "lead_unit_id", as: Int?.self),
            leadUnitName: try row.decode(column: "lead_unit_name", as: String?.self),
            description: try row.decode(column: "description", as: String.self),
            active: try row.decode(column: "active", as: Bool.self),
            members: [])
    }
}
