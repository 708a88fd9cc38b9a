import Crypto
import Foundation

/// The chat-group robots offices already live in. Each takes a markdown message in its own JSON shape.
enum RobotKind: String, Sendable, Codable, CaseIterable, CatalogChoice {
    case wecom      // 企业微信群机器人
    case dingtalk   // 钉钉自定义机器人

    var labelKey: String { "webhook.kind.\(rawValue)" }
}

/// What a group is told: a title, a short body and a link back into the app (absolute, or empty).
struct RobotMessage: Sendable, Equatable {
    var title: String
    var body: String
    var link: String
    /// The label of the link, in the group's language (the catalog's `webhook.viewLink`).
    var linkLabel: String
}

enum RobotPayload {
    // Both robots reject oversized messages outright (WeCom at 4,096 bytes), so long reasons are cut
    // rather than losing the whole notice.
    static let maxTitle = 100
    static let maxBody = 1000

    private struct WeCom: Encodable {
        struct Markdown: Encodable { let content: String }
        let msgtype = "markdown"
        let markdown: Markdown
    }

    private struct DingTalk: Encodable {
        struct Markdown: Encodable { let title: String; let text: String }
        let msgtype = "markdown"
        let markdown: Markdown
    }

    static func json(_ message: RobotMessage, kind: RobotKind) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let title = oneLine(message.title, max: maxTitle)
        let data: Data?
        switch kind {
        case .wecom:
            data = try? encoder.encode(WeCom(markdown: .init(content: markdown(message, title: title, blockSeparator: "\n"))))
        case .dingtalk:
            // DingTalk's markdown needs blank lines between blocks, or it runs them together.
            data = try? encoder.encode(DingTalk(markdown: .init(title: title, text: markdown(message, title: title, blockSeparator: "\n\n"))))
        }
        // Encoding two structs of strings cannot fail.
        return data ?? Data()
    }

    /// The title in bold, the body quoted, then the link.
    private static func markdown(_ message: RobotMessage, title: String, blockSeparator: String) -> String {
        var blocks = ["**\(title)**", quoted(message.body)]
        if !message.link.isEmpty { blocks.append("[\(message.linkLabel)](\(message.link))") }
        return blocks.joined(separator: blockSeparator)
    }

    /// Every line quoted, so a multi-line reason stays inside the quote block.
    private static func quoted(_ body: String) -> String {
        String(body.prefix(maxBody)).split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
    }

    /// A title broken over lines would break the bold markup around it.
    private static func oneLine(_ text: String, max: Int) -> String {
        String(text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ").prefix(max))
    }
}

/// DingTalk's 加签: the robot accepts a message only with a fresh HMAC of the time under the secret.
enum DingTalkSigning {
    static func sign(secret: String, timestampMillis: Int64) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestampMillis)\n\(secret)".utf8), using: key)
        return URLQuery.encode(Data(mac).base64EncodedString())
    }

    static func signedURL(_ url: String, secret: String, now: Date) -> String {
        let timestamp = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let separator = url.contains("?") ? "&" : "?"
        return url + separator + "timestamp=\(timestamp)&sign=" + sign(secret: secret, timestampMillis: timestamp)
    }
}

/// Reads a robot's answer. Both answer HTTP 200 with `{"errcode":…}` for refusals (bad signature,
/// rate limit, keyword filter), so the status alone does not say the message arrived.
enum RobotReply {
    private struct Body: Decodable {
        let errcode: Int?
        let errmsg: String?
    }

    /// nil when the message was accepted; otherwise a short description of the refusal.
    static func problem(status: Int, body: Data) -> String? {
        guard (200..<300).contains(status) else { return "HTTP \(status)" }
        guard let reply = try? JSONDecoder().decode(Body.self, from: body), let code = reply.errcode, code != 0 else { return nil }
        return "errcode \(code): \((reply.errmsg ?? "").prefix(200))"
    }
}
