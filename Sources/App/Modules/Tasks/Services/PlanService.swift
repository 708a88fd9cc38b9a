import Fluent
import Foundation
import SQLKit

struct PlanInput: Sendable, Codable {
    var title: String
    var year: Int?
    var summary: String?
    /// One domain name per entry, in order; numbering follows the order.
    var domains: [String]
    var signDays: Int?
    var published: Bool = false
}

/// A plan as lists and pages show it, with its task counts.
struct PlanRow: Sendable, Codable, Equatable {
    let id: Int
    let title: String
    let year: Int
    let summary: String
    let status: String
    let published: Bool
    let signDays: Int
    let taskCount: Int
    let orderCount: Int
    let completedCount: Int
}

struct DomainRow: Sendable, Codable, Equatable {
    let id: Int
    let number: Int
    let name: String
}

struct PlanService: Sendable {
    let db: any Database

    static let maxDomains = 40

    func list() async throws -> [PlanRow] {
        try await db.sql.raw("""
            SELECT p.*, \(unsafeRaw: Self.countColumns) FROM plans p ORDER BY p.year DESC, p.id DESC
            """).all().map(Self.decode)
    }

    func find(_ id: Int) async throws -> PlanRow? {
        try await db.sql.raw("SELECT p.*, \(unsafeRaw: Self.countColumns) FROM plans p WHERE p.id = \(bind: id)").first().map(Self.decode)
    }

    func domains(of planID: Int) async throws -> [DomainRow] {
        try await db.sql.raw("SELECT id, number, name FROM plan_domains WHERE plan_id = \(bind: planID) ORDER BY number").all().map {
            DomainRow(id: try $0.decode(column: "id", as: Int.self), number: try $0.decode(column: "number", as: Int.self),
                      name: try $0.decode(column: "name", as: String.self))
        }
    }

    /// Test tasks are not counted, as everywhere in the statistics.
    private static let countColumns = """
        (SELECT COUNT(*) FROM tasks t WHERE t.plan_id = p.id AND t.is_test = false) AS task_count,
        (SELECT COUNT(*) FROM work_orders o WHERE o.plan_id = p.id AND o.is_test = false AND o.status <> 'withdrawn') AS order_count,
        (SELECT COUNT(*) FROM tasks t WHERE t.plan_id = p.id AND t.is_test = false AND t.status IN ('completed', 'closed')) AS completed_count
        """

    static func decode(_ row: any SQLRow) throws -> PlanRow {
        PlanRow(id: try row.decode(column: "id", as: Int.self), title: try row.decode(column: "title", as: String.self),
                year: try row.decode(column: "year", as: Int.self), summary: try row.decode(column: "summary", as: String.self),
                status: try row.decode(column: "status", as: String.self), published: try row.decode(column: "published", as: Bool.self),
                signDays: try row.decode(column: "sign_days", as: Int.self),
                taskCount: try row.decode(column: "task_count", as: Int.self), orderCount: try row.decode(column: "order_count", as: Int.self),
                completedCount: try row.decode(column: "completed_count", as: Int.self))
    }

    // MARK: Writing

    func problems(in input: PlanInput, existingID: Int? = nil) async throws -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let title = input.title.trimmedSpaces
        if title.isEmpty { problems.append(.init(field: "title", key: "validation.required")) }
        if title.count > 200 { problems.append(.init(field: "title", key: "validation.tooLong", args: ["200"])) }
        if let year = input.year {
            if !(2000...2100).contains(year) { problems.append(.init(field: "year", key: "validation.range", args: ["2000", "2100"])) }
        } else {
            problems.append(.init(field: "year", key: "validation.required"))
        }
        if (input.summary ?? "").count > 2000 { problems.append(.init(field: "summary", key: "validation.tooLong", args: ["2000"])) }
        let names = input.domains.map { $0.trimmedSpaces }.filter { !$0.isEmpty }
        if names.isEmpty { problems.append(.init(field: "domains", key: "plan.domainsRequired")) }
        if names.count > Self.maxDomains { problems.append(.init(field: "domains", key: "plan.tooManyDomains", args: [String(Self.maxDomains)])) }
        if Set(names).count != names.count { problems.append(.init(field: "domains", key: "plan.duplicateDomain")) }
        if names.contains(where: { $0.count > 50 }) { problems.append(.init(field: "domains", key: "validation.tooLong", args: ["50"])) }
        if let existingID {
            // A domain that holds tasks cannot disappear from under them.
            let used = try await db.sql.raw("""
                SELECT DISTINCT d.name FROM plan_domains d JOIN tasks t ON t.domain_id = d.id WHERE d.plan_id = \(bind: existingID)
                """).all().map { try $0.decode(column: "name", as: String.self) }
            let missing = used.filter { !names.contains($0) }
            if !missing.isEmpty { problems.append(.init(field: "domains", key: "plan.domainInUse", args: [missing.joined(separator: "、")])) }
        }
        if let days = input.signDays, !(1...30).contains(days) { problems.append(.init(field: "signDays", key: "validation.range", args: ["1", "30"])) }
        return problems
    }

    func create(_ input: PlanInput, by actor: AuditActor) async throws -> Int {
        let problems = try await problems(in: input)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        return try await db.writeTransaction { db in
            let plan = Plan()
            plan.status = .active
            Self.apply(input, to: plan)
            try await plan.create(on: db)
            try await Self.syncDomains(of: plan.id!, with: input.domains, on: db)
            try await AuditLog.record(AuditEvent(action: "plan.create", entityType: "plan", entityID: String(plan.id!),
                                                 after: AuditLog.snapshot(input)), by: actor, on: db)
            return plan.id!
        }
    }

    func update(_ id: Int, _ input: PlanInput, by actor: AuditActor) async throws {
        guard try await Plan.find(id, on: db) != nil else { throw AppError.notFound }
        let problems = try await problems(in: input, existingID: id)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        try await db.writeTransaction { db in
            guard let plan = try await Plan.find(id, on: db) else { throw AppError.notFound }
            let before = try await PlanService(db: db).find(id)
            let beforeDomains = try await PlanService(db: db).domains(of: id).map(\.name)
            Self.apply(input, to: plan)
            try await plan.save(on: db)
            try await Self.syncDomains(of: id, with: input.domains, on: db)
            try await AuditLog.record(AuditEvent(action: "plan.update", entityType: "plan", entityID: String(id),
                                                 before: AuditLog.snapshot(PlanSnapshot(plan: before, domains: beforeDomains)),
                                                 after: AuditLog.snapshot(input)), by: actor, on: db)
        }
    }

    private struct PlanSnapshot: Encodable {
        let plan: PlanRow?
        let domains: [String]
    }

    private static func apply(_ input: PlanInput, to plan: Plan) {
        plan.title = input.title.trimmedSpaces
        plan.year = input.year ?? 0
        plan.summary = input.summary?.trimmed ?? ""
        plan.published = input.published
        plan.signDays = input.signDays ?? 3
    }

    /// Keeps domain ids stable (tasks point at them): renumbers kept names, adds new ones,
    /// drops unused ones that left the list.
    private static func syncDomains(of planID: Int, with names: [String], on db: any Database) async throws {
        let wanted = names.map { $0.trimmedSpaces }.filter { !$0.isEmpty }
        let existing = try await PlanDomain.query(on: db).filter(\.$plan.$id == planID).all()
        // Park numbers out of the way first so renumbering never trips the (plan, number) unique index.
        for domain in existing {
            domain.number += 10_000
            try await domain.save(on: db)
        }
        for domain in existing where !wanted.contains(domain.name) { try await domain.delete(on: db) }
        for (index, name) in wanted.enumerated() {
            let domain = existing.first { $0.name == name } ?? PlanDomain()
            domain.$plan.id = planID
            domain.name = name
            domain.number = index + 1
            try await domain.save(on: db)
        }
    }
}
