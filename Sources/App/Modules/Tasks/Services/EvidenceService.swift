import Fluent
import Foundation
import SQLKit
import Vapor

/// An evidence file as the order page lists it.
struct EvidenceFileRow: Sendable, Codable, Equatable {
    let id: Int
    let reportID: Int
    let filename: String
    let mime: String
    let size: Int
}

/// A file checked and written to the upload store, not yet recorded in the database.
struct StoredEvidence: Sendable {
    let filename: String
    let type: EvidenceFileType
    let stored: UploadStore.Stored
}

/// Evidence files (佐证材料): type checked by content, stored outside the web root, served only
/// to people who may see the order.
struct EvidenceService: Sendable {
    let db: any Database
    let store: UploadStore

    static let maxFiles = 5

    /// Checks and stores the uploads. Nothing is recorded yet: the caller records them in its
    /// transaction and calls `discard` if that fails, so no row points at a missing file.
    func prepare(_ files: [File]) async throws -> [StoredEvidence] {
        let files = files.filter { !$0.filename.isEmpty || $0.data.readableBytes > 0 }
        if files.count > Self.maxFiles { throw AppError.invalid("files", "evidence.tooMany", String(Self.maxFiles)) }
        var problems: [FieldProblem] = []
        for file in files {
            if file.data.readableBytes == 0 { problems.append(.init(field: "files", key: "evidence.empty", args: [file.filename])) }
            else if file.data.readableBytes > store.maxBytes {
                problems.append(.init(field: "files", key: "evidence.tooLarge", args: [file.filename, String(store.maxBytes / 1024 / 1024)]))
            } else if EvidenceFileType.detect(Data(buffer: file.data)) == nil {
                problems.append(.init(field: "files", key: "evidence.badType", args: [file.filename]))
            }
        }
        guard problems.isEmpty else { throw AppError.validation(problems) }
        var stored: [StoredEvidence] = []
        do {
            for file in files {
                let data = Data(buffer: file.data)
                guard let type = EvidenceFileType.detect(data) else { continue }
                stored.append(StoredEvidence(filename: Self.cleanName(file.filename, type: type), type: type, stored: try await store.store(data)))
            }
        } catch {
            await discard(stored)
            throw error
        }
        return stored
    }

    func discard(_ stored: [StoredEvidence]) async {
        for file in stored { try? await store.delete(key: file.stored.key) }
    }

    /// Records prepared files against a report; call inside the report's transaction.
    static func record(_ stored: [StoredEvidence], reportID: Int, userID: Int, on db: any Database) async throws {
        for file in stored {
            let row = ReportFile()
            row.$report.id = reportID
            row.filename = file.filename
            row.mime = file.type.mimeType
            row.size = file.stored.size
            row.storageKey = file.stored.key
            row.sha256 = file.stored.sha256
            row.uploadedBy = userID
            try await row.create(on: db)
        }
    }

    /// The name shown and offered on download: the uploader's base name, no path, no control
    /// characters, with the extension the content really has.
    static func cleanName(_ name: String, type: EvidenceFileType) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var stem = String(base.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != "\"" })
        if let dot = stem.lastIndex(of: ".") { stem = String(stem[..<dot]) }
        stem = String(stem.trimmedSpaces.prefix(100))
        return (stem.isEmpty ? "evidence" : stem) + "." + type.fileExtension
    }

    func files(ofReports reportIDs: [Int]) async throws -> [Int: [EvidenceFileRow]] {
        guard !reportIDs.isEmpty else { return [:] }
        let rows = try await db.sql.raw("""
            SELECT id, report_id, filename, mime, size FROM report_files
            WHERE report_id IN (\(unsafeRaw: reportIDs.map(String.init).joined(separator: ","))) ORDER BY id
            """).all().map {
                EvidenceFileRow(id: try $0.decode(column: "id", as: Int.self), reportID: try $0.decode(column: "report_id", as: Int.self),
                                filename: try $0.decode(column: "filename", as: String.self), mime: try $0.decode(column: "mime", as: String.self),
                                size: try $0.decode(column: "size", as: Int.self))
            }
        return Dictionary(grouping: rows, by: \.reportID)
    }

    /// A file, if the principal may see the order its report belongs to.
    func file(_ id: Int, for principal: Principal) async throws -> ReportFile? {
        guard let file = try await ReportFile.find(id, on: db) else { return nil }
        let path = try await db.sql.raw("""
            SELECT u.path FROM progress_reports r JOIN work_orders o ON o.id = r.order_id JOIN units u ON u.id = o.unit_id
            WHERE r.id = \(bind: file.$report.id)
            """).first()?.decode(column: "path", as: String.self)
        guard let path, principal.canSee(unitPath: path) else { return nil }
        return file
    }

    /// Removes a file from a report still in draft, by someone of the order's unit.
    func remove(_ id: Int, principal: Principal, actor: AuditActor) async throws -> Int {
        guard let file = try await file(id, for: principal), let report = try await ProgressReport.find(file.$report.id, on: db),
              let order = try await WorkOrder.find(report.$order.id, on: db) else { throw AppError.notFound }
        guard TaskPolicy.actors(principal, orderUnitID: order.$unit.id).contains(.unitMember) else { throw AppError.forbidden }
        guard report.status == .draft else { throw AppError.conflict(key: "report.notDraft") }
        try await db.writeTransaction { db in
            try await file.delete(on: db)
            try await AuditLog.record(AuditEvent(action: "evidence.delete", entityType: "progress_report", entityID: String(report.id!),
                                                 before: "\(file.filename) sha256=\(file.sha256)"), by: actor, on: db)
        }
        try? await store.delete(key: file.storageKey)
        return order.id!
    }
}

/// The report form as posted: URL-encoded, or multipart when files are attached.
struct EvidenceUpload: Sendable {
    static let maxFiles = EvidenceService.maxFiles

    let input: ReportInput
    let files: [File]
    /// The user pressed "save and submit" rather than "save draft".
    let submit: Bool

    private struct Multipart: Content {
        var month: String?
        var body: String?
        var percent: String?
        var milestoneID: String?
        var milestoneMet: String?
        var submit: String?
        var files: [File]?
    }

    static func decode(_ req: Request) throws -> EvidenceUpload {
        if req.headers.contentType == .formData {
            guard let form = try? req.content.decode(Multipart.self) else { throw AppError.badRequest(key: "error.malformedBody") }
            func clean(_ value: String?) -> String? {
                value.map { $0.trimmed }.flatMap { $0.isEmpty ? nil : $0 }
            }
            let input = ReportInput(month: clean(form.month) ?? "", body: clean(form.body) ?? "", percent: clean(form.percent).flatMap { Int($0) },
                                    milestoneID: clean(form.milestoneID).flatMap { Int($0) },
                                    milestoneMet: ["1", "on", "true"].contains(clean(form.milestoneMet) ?? ""))
            return EvidenceUpload(input: input, files: form.files ?? [], submit: clean(form.submit) != nil)
        }
        let form = req.form
        let input = ReportInput(month: form["month"] ?? "", body: form["body"] ?? "", percent: form.int("percent"), milestoneID: form.int("milestoneID"),
                                milestoneMet: form.bool("milestoneMet"))
        return EvidenceUpload(input: input, files: [], submit: form["submit"] != nil)
    }
}
