import Foundation
import Vapor

/// Every setting the app reads, in one typed place. Values come from the process environment,
/// which Vapor fills from `.env` (and `.env.<environment>`) at start-up.
struct AppConfig: Sendable {
    enum DatabaseKind: Sendable, Equatable {
        case sqlite(path: String)
        case sqliteMemory
        case postgres(url: String)
    }

    var environmentName: String
    var database: DatabaseKind
    var dataDirectory: String
    /// Public address users reach the app at; `https://` turns on `Secure` cookies.
    var baseURL: String
    var postgresConnectionsPerLoop: Int
    /// How long a query waits for a free PostgreSQL connection before it fails.
    var postgresPoolTimeoutSeconds: Int
    var bcryptCost: Int
    var sessionIdleTimeout: TimeInterval
    var sessionAbsoluteTimeout: TimeInterval
    var accountMaxFailures: Int
    var accountLockDuration: TimeInterval
    var addressMaxFailures: Int
    var addressWindow: TimeInterval
    /// Honour `X-Forwarded-For` only when the app sits behind a proxy we run (nginx).
    var trustForwardedFor: Bool
    var maxUploadBytes: Int
    /// Whether `serve` runs the background job worker; several instances may all run it (leases).
    var runJobWorker: Bool
    /// A milestone or deadline this many working days ahead (or fewer) turns a task's light yellow.
    var dueSoonWorkingDays: Int
    /// Unit webhooks may post to `http://127.0.0.1…` (a local receiver): testing and development only.
    var webhookAllowLoopback: Bool
    /// Robot hosts of private WeCom/DingTalk deployments, accepted besides the public ones.
    var webhookExtraHosts: [String]

    var secureCookies: Bool { baseURL.lowercased().hasPrefix("https://") }
    var isPostgres: Bool { if case .postgres = database { true } else { false } }

    struct MissingSetting: Error, CustomStringConvertible {
        let names: [String]
        var description: String {
            "Missing production settings: \(names.joined(separator: ", ")). Set them in the environment or .env (see README, Configuration)."
        }
    }

    static func load(_ environment: Environment, get: (String) -> String? = { Environment.get($0) }) throws -> AppConfig {
        func value(_ key: String) -> String? {
            guard let raw = get(key)?.trimmedSpaces, !raw.isEmpty else { return nil }
            return raw
        }
        func int(_ key: String, _ fallback: Int) -> Int { value(key).flatMap(Int.init) ?? fallback }

        let isProduction = environment == .production
        if isProduction {
            let required = ["YINGSHANG_BASE_URL"]
            let missing = required.filter { value($0) == nil }
            if !missing.isEmpty { throw MissingSetting(names: missing) }
        }

        let dataDirectory = value("YINGSHANG_DATA") ?? "./data"
        let database: DatabaseKind
        if let url = value("DATABASE_URL") {
            database = .postgres(url: url)
        } else if environment == .testing {
            database = .sqliteMemory
        } else {
            database = .sqlite(path: dataDirectory + "/yingshang.sqlite")
        }

        return AppConfig(
            environmentName: environment.name,
            database: database,
            dataDirectory: dataDirectory,
            baseURL: value("YINGSHANG_BASE_URL") ?? "http://127.0.0.1:8080",
            postgresConnectionsPerLoop: int("YINGSHANG_PG_CONNECTIONS_PER_LOOP", 4),
            postgresPoolTimeoutSeconds: int("YINGSHANG_PG_POOL_TIMEOUT_SECONDS", 10),
            // Cost 4 keeps tests fast; 12 is the production default.
            bcryptCost: int("YINGSHANG_BCRYPT_COST", environment == .testing ? 4 : 12),
            sessionIdleTimeout: TimeInterval(int("YINGSHANG_SESSION_IDLE_MINUTES", 30) * 60),
            sessionAbsoluteTimeout: TimeInterval(int("YINGSHANG_SESSION_MAX_HOURS", 12) * 3600),
            accountMaxFailures: int("YINGSHANG_LOGIN_MAX_FAILURES", 5),
            accountLockDuration: TimeInterval(int("YINGSHANG_LOGIN_LOCK_MINUTES", 15) * 60),
            addressMaxFailures: int("YINGSHANG_LOGIN_MAX_FAILURES_PER_ADDRESS", 20),
            addressWindow: 15 * 60,
            trustForwardedFor: value("YINGSHANG_TRUST_PROXY") == "1",
            maxUploadBytes: int("YINGSHANG_MAX_UPLOAD_MB", 10) * 1024 * 1024,
            runJobWorker: value("YINGSHANG_WORKER") != "0",
            dueSoonWorkingDays: max(0, min(30, int("YINGSHANG_DUE_SOON_DAYS", 5))),
            webhookAllowLoopback: environment == .testing || environment == .development,
            webhookExtraHosts: (value("YINGSHANG_WEBHOOK_HOSTS") ?? "").split(separator: ",")
                .map { $0.trimmedSpaces.lowercased() }.filter { !$0.isEmpty }
        )
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    var config: AppConfig {
        get {
            guard let config = storage[ConfigKey.self] else { fatalError("configure(_:) sets the config before anything reads it") }
            return config
        }
        set { storage[ConfigKey.self] = newValue }
    }
}

extension Request {
    var config: AppConfig { application.config }
}
