import Fluent
import Vapor

struct IssueTokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "username", help: "Owner of the token; it acts with this account's roles") var username: String
        @Argument(name: "name", help: "What the token is for") var name: String
    }

    var help: String { "Create an API token for a user and print it (it is stored hashed and never shown again)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let user = try await User.query(on: app.db).filter(\.$username == signature.username.lowercased()).first() else {
            throw CommandFailure(description: "No user \(signature.username)")
        }
        let token = try await APITokenService(db: app.db).create(for: user.id!, name: signature.name, by: .system("issue-token"))
        context.console.print(token)
    }
}
