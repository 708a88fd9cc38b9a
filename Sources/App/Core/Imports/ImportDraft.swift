import Fluent
import Foundation
import SQLKit

/// One problem in an uploaded file: where it is and what is wrong, in the user's words.
struct ImportProblem: Sendable, Codable, Equatable {
    let row: Int
    let column: String
    let key: String
    var args: [String] = []
}

/// The outcome of checking an upload: the rows that may be imported and every problem found.
struct ImportReport<Row: Codable & Sendable>: Sendable, Codable {
    var valid: [Row] = []
    var problems: [ImportProblem] = []
    var totalRows = 0
    var problemRowCount: Int { Set(problems.map(\.row)).count }
}

/// An uploaded ledger between "check the file" and "import the valid rows". Kept in the
/// database (not memory or local disk) so the confirming request may reach another instance.
final class ImportDraft: Model, @unchecked Sendable {
    static let schema = "import_drafts"

    @ID(custom: .id, generatedBy: .user) var id: String?
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: String
    @Field(key: "filename") var filename: String
    @Field(key: "payload") var payload: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

struct CreateImportDrafts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ImportDraft.schema)
            .field(.id, .string, .identifier(auto: false))
            .field("user_id", .int, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("filename", .string, .required)
            .field("payload", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImportDraft.schema).delete()
    }
}

/// Saves and fetches drafts; a draft belongs to the user who uploaded it and lives an hour.
struct ImportDraftStore: Sendable {
    let db: any Database
    static let lifetime: TimeInterval = 3600

    func save<Payload: Codable & Sendable>(_ payload: Payload, kind: String, filename: String, userID: Int, now: Date = Date()) async throws -> String {
        try await ImportDraft.query(on: db).filter(\.$createdAt < now.addingTimeInterval(-Self.lifetime)).delete()
        let draft = ImportDraft()
        draft.id = Tokens.random(bytes: 18)
        draft.$user.id = userID
        draft.kind = kind
        draft.filename = String(filename.prefix(200))
        draft.payload = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
        draft.createdAt = now
        try await draft.create(on: db)
        return draft.id!
    }

    func load<Payload: Codable & Sendable>(_ type: Payload.Type, id: String, kind: String, userID: Int, now: Date = Date()) async throws -> (ImportDraft, Payload)? {
        guard let draft = try await ImportDraft.query(on: db)
            .filter(\.$id == id).filter(\.$user.$id == userID).filter(\.$kind == kind).first(),
              now.timeIntervalSince(draft.createdAt) < Self.lifetime else { return nil }
        return (draft, try JSONDecoder().decode(Payload.self, from: Data(draft.payload.utf8)))
    }

    func delete(id: String, on db: any Database) async throws {
        try await ImportDraft.query(on: db).filter(\.$id == id).delete()
    }
}
