import Fluent
import Vapor

struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify") var action: String
    }

    var help: String { "audit verify: check the audit log's hash chain" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else { throw CommandFailure(description: "Unknown action \(signature.action); supported: verify") }
        let result = try await AuditLog.verify(on: context.application.db)
        if let problem = result.problem {
            throw CommandFailure(description: "Audit log BROKEN after \(result.checked) good records: \(problem)")
        }
        context.console.print("Audit log OK: \(result.checked) records, chain intact.")
    }
}
