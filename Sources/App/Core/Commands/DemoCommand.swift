import Fluent
import Vapor

/// `yingshang demo`: migrate, load the demo city into an empty database, print the accounts,
/// then serve.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Address to listen on") var hostname: String?
        @Option(name: "port", short: "p", help: "Port to listen on") var port: Int?
        @Option(name: "enterprises", help: "Market entities to generate when the registry is empty (default 20000; 300000 for a full-size city)")
        var enterprises: Int?
    }

    var help: String { "Migrate, load a demo city if the database is empty, print the demo accounts, and serve" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        if try await Unit.query(on: app.db).count() == 0 {
            // The plan's year is lived through with the real services, so this takes a while once.
            context.console.print("正在生成演示城市与全年任务调度数据（首次约需一分钟）…")
        }
        let loaded = try await DemoCity.loadIfEmpty(on: app.db, hasher: app.passwordHasher, logger: app.logger,
                                                    calendar: try await app.workCalendar.current(on: app.db))
        context.console.print(loaded ? "已载入演示城市「\(DemoCityData.cityName)」。" : "数据库已有数据，未重新载入演示数据。")
        let firms = signature.enterprises ?? DemoEnterprises.defaultCount
        guard (0...1_000_000).contains(firms) else { throw CommandFailure(description: "--enterprises takes 0 to 1000000") }
        if firms > 0, try await Enterprise.query(on: app.db).count() == 0 {
            context.console.print("正在生成 \(firms) 家市场主体、包联关系和一季度走访记录…")
            let started = ContinuousClock.now
            let hash = try await app.passwordHasher.hash(DemoCity.password)
            let result = try await DemoEnterprises.load(count: firms, on: app.db, passwordHash: hash, today: .today(), logger: app.logger)
            context.console.print("已生成 \(result.firms) 家企业、\(result.commissioners) 名服务专员、\(result.liaisons) 名联络员、\(result.visits) 条走访记录（\(started.duration(to: .now))）。")
        }
        context.console.print("")
        context.console.print("演示账号（密码均为 \(DemoCity.password)）:")
        for account in DemoCity.accounts {
            context.console.print("  \(account.username.padding(toLength: 16, withPad: " ", startingAt: 0)) \(account.description)")
        }
        if let signIn = try await DemoEnterprises.enterpriseSignIn(on: app.db) {
            context.console.print("  企业用户：在 /login/enterprise 用信用代码 \(signIn.code) 和手机号 \(signIn.phone) 登录")
        }
        context.console.print("")
        // The options were parsed here, so hand them to the server configuration `serve` reads.
        if let hostname = signature.hostname { app.http.server.configuration.hostname = hostname }
        if let port = signature.port { app.http.server.configuration.port = port }
        guard let serve = app.asyncCommands.commands["serve"] else { throw CommandFailure(description: "serve command missing") }
        var serveContext = context
        try await serve.run(using: &serveContext)
    }
}
