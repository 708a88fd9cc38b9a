import Fluent
import Foundation
import SQLKit

struct VisitInput: Sendable, Codable, Equatable {
    struct Problem: Sendable, Codable, Equatable {
        var category = ""
        var description = ""
    }

    var visitedOn = ""
    var method = ""
    var people = ""
    var notes = ""
    var policies = ""
    var followUpOn = ""
    var problems: [Problem] = []
}

extension VisitInput {
    /// A JSON body (the API): every field may be left out, and reads as the empty form field.
    init(from decoder: any Decoder) throws {
        let body = try decoder.container(keyedBy: CodingKeys.self), blank = VisitInput()
        self.init(visitedOn: try body.decode(.visitedOn, or: blank.visitedOn), method: try body.decode(.method, or: blank.method),
                  people: try body.decode(.people, or: blank.people), notes: try body.decode(.notes, or: blank.notes),
                  policies: try body.decode(.policies, or: blank.policies), followUpOn: try body.decode(.followUpOn, or: blank.followUpOn),
                  problems: try body.decode(.problems, or: blank.problems))
    }
}

extension VisitInput.Problem {
    init(from decoder: any Decoder) throws {
        let body = try decoder.container(keyedBy: CodingKeys.self)
        self.init(category: try body.decode(.category, or: ""), description: try body.decode(.description, or: ""))
    }
}

struct VisitRow: Sendable, Codable, Equatable {
    struct Problem: Sendable, Codable, Equatable {
        let id: Int
        let category: VisitProblemCategory
        let description: String
        let demandID: Int?
    }

    let id: Int
    let enterpriseID: Int
    let enterpriseName: String
    let visitedOn: String
    let method: VisitMethod
    let people: String
    let notes: String
    let policies: String
    let followUpOn: String?
    let recorderName: String
    var problems: [Problem]
}

/// Records visits and reads them back, for a firm's page and for the person who made them.
struct VisitService: Sendable {
    let db: any Database

    static let maxProblems = 10

    /// Every problem at once; a visit is dated within the year up to `today`.
    static func check(_ input: VisitInput, today: CivilDate) -> Result<(visitedOn: CivilDate, method: VisitMethod, followUp: CivilDate?, problems: [(VisitProblemCategory, String)]), AppError> {
        var problems: [FieldProblem] = []
        let visited = CivilDate(input.visitedOn)
        if visited == nil { problems.append(.init(field: "visitedOn", key: input.visitedOn.isEmpty ? "validation.required" : "validation.date")) }
        if let visited, visited > today { problems.append(.init(field: "visitedOn", key: "visit.inFuture")) }
        if let visited, visited < today.adding(days: -366) { problems.append(.init(field: "visitedOn", key: "visit.tooOld")) }
        let method = VisitMethod(rawValue: input.method)
        if method == nil { problems.append(.init(field: "method", key: "validation.invalidChoice")) }
        let notes = input.notes.trimmed
        if notes.isEmpty { problems.append(.init(field: "notes", key: "validation.required")) }
        if notes.count > 4000 { problems.append(.init(field: "notes", key: "validation.tooLong", args: ["4000"])) }
        if input.policies.count > 2000 { problems.append(.init(field: "policies", key: "validation.tooLong", args: ["2000"])) }
        if input.people.count > 300 { problems.append(.init(field: "people", key: "validation.tooLong", args: ["300"])) }
        let followText = input.followUpOn.trimmedSpaces
        let followUp = followText.isEmpty ? nil : CivilDate(followText)
        if !followText.isEmpty, followUp == nil { problems.append(.init(field: "followUpOn", key: "validation.date")) }
        if let followUp, let visited, followUp < visited { problems.append(.init(field: "followUpOn", key: "visit.followUpBeforeVisit")) }
        var raised: [(VisitProblemCategory, String)] = []
        for (index, problem) in input.problems.enumerated() {
            let text = problem.description.trimmed
            if text.isEmpty && problem.category.isEmpty { continue }
            guard let category = VisitProblemCategory(rawValue: problem.category) else {
                problems.append(.init(field: "problems.\(index).category", key: "validation.invalidChoice"))
                continue
            }
            if text.isEmpty { problems.append(.init(field: "problems.\(index).description", key: "validation.required")); continue }
            if text.count > 1000 { problems.append(.init(field: "problems.\(index).description", key: "validation.tooLong", args: ["1000"])); continue }
            raised.append((category, text))
        }
        if raised.count > maxProblems { problems.append(.init(field: "problems", key: "visit.tooManyProblems", args: [String(maxProblems)])) }
        guard problems.isEmpty, let visited, let method else { return .failure(.validation(problems)) }
        return .success((visited, method, followUp, raised))
    }

    /// Records a visit with its problems, moves the firm's last-visit day forward and audits it.
    @discardableResult
    func record(_ input: VisitInput, enterpriseID: Int, recorderID: Int?, by actor: AuditActor, today: CivilDate, now: Date = Date()) async throws -> Int {
        let checked = try Self.check(input, today: today).get()
        let people = input.people.trimmed
        return try await db.writeTransaction { db in
            guard let enterprise = try await Enterprise.find(enterpriseID, on: db) else { throw AppError.notFound }
            let visit = Visit()
            visit.$enterprise.id = enterpriseID
            visit.visitedOn = checked.visitedOn.description
            visit.method = checked.method
            visit.people = people.isEmpty ? actor.name : people
            visit.notes = input.notes.trimmed
            visit.policies = input.policies.trimmed
            visit.followUpOn = checked.followUp?.description
            visit.$recorder.id = recorderID
            visit.recorderName = actor.name
            try await visit.save(on: db)
            let id = try visit.requireID()
            try await db.insertAll(checked.problems.map { category, text -> [any Encodable & Sendable] in [id, enterpriseID, category.rawValue, text, now] },
                                   into: VisitProblem.schema, columns: ["visit_id", "enterprise_id", "category", "description", "created_at"])
            if (enterprise.lastVisitedOn ?? "") < visit.visitedOn {
                try await db.sql.raw("UPDATE enterprises SET last_visited_on = \(bind: visit.visitedOn) WHERE id = \(bind: enterpriseID)").run()
            }
            try await AuditLog.record(AuditEvent(action: "visit.create", entityType: "enterprise", entityID: String(enterpriseID),
                                                 after: AuditLog.snapshot(["visit": String(id), "visitedOn": visit.visitedOn, "method": visit.method.rawValue,
                                                                           "problems": String(checked.problems.count)])),
                                      by: actor, on: db, now: now)
            return id
        }
    }

    func list(enterpriseID: Int, limit: Int) async throws -> [VisitRow] {
        try await rows("v.enterprise_id = \(bind: enterpriseID)", limit: limit, offset: 0)
    }

    /// A firm's visits a page at a time, newest first (the API; the firm's page shows the latest few).
    func list(enterpriseID: Int, page: Pagination) async throws -> (rows: [VisitRow], total: Int) {
        try await self.page("v.enterprise_id = \(bind: enterpriseID)", page)
    }

    /// One visit with its problems, as the lists show it.
    func find(_ id: Int) async throws -> VisitRow? {
        try await rows("v.id = \(bind: id)", limit: 1, offset: 0).first
    }

    /// A person's own record, newest first.
    func list(recordedBy userID: Int, page: Pagination) async throws -> (rows: [VisitRow], total: Int) {
        try await self.page("v.recorded_by = \(bind: userID)", page)
    }

    /// The rows matching `condition` a page at a time, with how many there are in all.
    private func page(_ condition: SQLQueryString, _ page: Pagination) async throws -> (rows: [VisitRow], total: Int) {
        let total = try await db.sql.raw("SELECT COUNT(*) AS n FROM enterprise_visits v WHERE \(condition)").first()?.decode(column: "n", as: Int.self) ?? 0
        return (try await rows(condition, limit: page.perPage, offset: page.offset), total)
    }

    private func rows(_ condition: SQLQueryString, limit: Int, offset: Int) async throws -> [VisitRow] {
        var visits = try await db.sql.raw("""
            SELECT v.id, v.enterprise_id, e.name AS enterprise_name, v.visited_on, v.method, v.people, v.notes, v.policies, v.follow_up_on, v.recorder_name
            FROM enterprise_visits v JOIN enterprises e ON e.id = v.enterprise_id
            WHERE \(condition) ORDER BY v.visited_on DESC, v.id DESC LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all().map {
                VisitRow(id: try $0.decode(column: "id", as: Int.self), enterpriseID: try $0.decode(column: "enterprise_id", as: Int.self),
                         enterpriseName: try $0.decode(column: "enterprise_name", as: String.self), visitedOn: try $0.decode(column: "visited_on", as: String.self),
                         method: VisitMethod(rawValue: try $0.decode(column: "method", as: String.self)) ?? .onSite,
                         people: try $0.decode(column: "people", as: String.self), notes: try $0.decode(column: "notes", as: String.self),
                         policies: try $0.decode(column: "policies", as: String.self), followUpOn: try $0.decode(column: "follow_up_on", as: String?.self),
                         recorderName: try $0.decode(column: "recorder_name", as: String.self), problems: [])
            }
        guard !visits.isEmpty else { return [] }
        var problems: [Int: [VisitRow.Problem]] = [:]
        for row in try await db.sql.raw("""
            SELECT id, visit_id, category, description, demand_id FROM visit_problems WHERE visit_id IN (\(binds: visits.map(\.id))) ORDER BY id
            """).all() {
            problems[try row.decode(column: "visit_id", as: Int.self), default: []].append(VisitRow.Problem(
                id: try row.decode(column: "id", as: Int.self),
                category: VisitProblemCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .other,
                description: try row.decode(column: "description", as: String.self), demandID: try row.decode(column: "demand_id", as: Int?.self)))
        }
        for index in visits.indices { visits[index].problems = problems[visits[index].id] ?? [] }
        return visits
    }
}
