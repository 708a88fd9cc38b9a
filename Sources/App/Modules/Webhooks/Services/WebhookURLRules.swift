import Foundation

/// Where a webhook may point. Only the robots' own hosts over HTTPS, so a unit head cannot turn
/// the server into a client for arbitrary internal addresses; private robot deployments are
/// listed in configuration, and a local receiver is allowed only in testing and development.
struct WebhookURLRules: Sendable {
    static let maxLength = 500
    static let officialHosts: [RobotKind: String] = [.wecom: "qyapi.weixin.qq.com", .dingtalk: "oapi.dingtalk.com"]
    /// The query item carrying the robot's key; a URL without it is a paste of the wrong thing.
    static let tokenItems: [RobotKind: String] = [.wecom: "key", .dingtalk: "access_token"]

    var allowLoopback: Bool
    var extraHosts: [String]

    init(allowLoopback: Bool, extraHosts: [String]) {
        self.allowLoopback = allowLoopback
        self.extraHosts = extraHosts.map { $0.lowercased() }
    }

    init(config: AppConfig) {
        self.init(allowLoopback: config.webhookAllowLoopback, extraHosts: config.webhookExtraHosts)
    }

    /// The catalog key of what is wrong with `url` for a robot of `kind`, or nil when it is fine.
    func problem(with url: String, kind: RobotKind) -> FieldProblem? {
        func fail(_ key: String, _ args: String...) -> FieldProblem { FieldProblem(field: "url", key: key, args: args) }
        if url.isEmpty { return fail("validation.required") }
        if url.count > Self.maxLength { return fail("validation.tooLong", String(Self.maxLength)) }
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), let host = parts.host?.lowercased(), !host.isEmpty,
              parts.user == nil, parts.password == nil, parts.fragment == nil else {
            return fail("webhook.urlInvalid")
        }
        if scheme == "http", allowLoopback, host == "127.0.0.1" { return nil }
        guard scheme == "https" else { return fail("webhook.urlNotHTTPS") }
        let official = Self.officialHosts[kind]
        if host == official {
            let token = Self.tokenItems[kind] ?? ""
            let value = parts.queryItems?.first { $0.name == token }?.value ?? ""
            return value.isEmpty ? fail("webhook.urlMissingToken", token) : nil
        }
        if extraHosts.contains(host) { return nil }
        return fail("webhook.urlWrongHost.\(kind.rawValue)", official ?? "")
    }
}
