@testable import App
import Foundation

/// Stands in for the robots: records every post and answers as told, failing the first few.
actor FakeWebhookTransport: WebhookTransport {
    struct Post: Sendable {
        let url: String
        let json: Data

        /// The posted body as a dictionary, for checking its shape.
        var object: [String: Any] { (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] ?? [:] }
        var markdown: [String: String] { object["markdown"] as? [String: String] ?? [:] }
    }

    enum Failure: Sendable {
        case status(Int)
        case errcode(Int, String)
        case network
    }

    struct Unreachable: Error, CustomStringConvertible {
        let url: String
        // Like real network errors, it names the address: the app must scrub it.
        var description: String { "connection refused: \(url)" }
    }

    private(set) var posts: [Post] = []
    private var failures: [Failure]

    init(failing failures: [Failure] = []) { self.failures = failures }

    func post(url: String, json: Data) async throws -> WebhookResponse {
        posts.append(Post(url: url, json: json))
        guard !failures.isEmpty else { return WebhookResponse(status: 200, body: Data(#"{"errcode":0,"errmsg":"ok"}"#.utf8)) }
        switch failures.removeFirst() {
        case .status(let code): return WebhookResponse(status: code, body: Data("upstream trouble".utf8))
        case .errcode(let code, let message): return WebhookResponse(status: 200, body: Data(#"{"errcode":\#(code),"errmsg":"\#(message)"}"#.utf8))
        case .network: throw Unreachable(url: url)
        }
    }
}
