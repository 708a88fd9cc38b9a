import Fluent
import Vapor

struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "username", help: "Login name of the administrator") var username: String
        @Option(name: "name", help: "Display name (default: 系统管理员)") var name: String?
    }

    var help: String { "Create a system administrator; the password is read from the terminal or YINGSHANG_ADMIN_PASSWORD" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let password = Environment.get("YINGSHANG_ADMIN_PASSWORD") ?? context.console.ask("Password (至少10位):", isSecure: true)
        let input = UserInput(username: signature.username, displayName: signature.name ?? "系统管理员", title: "系统管理员",
                              unitID: nil, roles: [Role.admin.rawValue], password: password)
        do {
            let created = try await UserService(db: app.db, hasher: app.passwordHasher)
                .create(input, by: .system("create-admin"), passwordIsOwn: true)
            context.console.print("Created administrator \(signature.username.lowercased()) (id \(created.id)).")
        } catch AppError.validation(let problems) {
            throw CommandFailure(description: problems.map { "\($0.field): \(Catalog.text($0.key, .en, $0.args))" }.joined(separator: "\n"))
        }
    }
}
