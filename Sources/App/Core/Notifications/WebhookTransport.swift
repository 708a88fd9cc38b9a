import Foundation
import NIOCore
import Vapor

/// The answer to one webhook POST: status and body, nothing else is needed to judge it.
struct WebhookResponse: Sendable {
    let status: Int
    let body: Data
}

/// Posts JSON to an outside webhook. A service on `Application` so tests swap in a fake that
/// records what would have been sent and fails on demand.
protocol WebhookTransport: Sendable {
    func post(url: String, json: Data) async throws -> WebhookResponse
}

/// The real transport: Vapor's shared HTTP client (AsyncHTTPClient underneath).
struct ClientWebhookTransport: WebhookTransport {
    let client: any Client
    /// A robot that hangs must not hold a worker's lease for minutes; the queue retries later.
    var timeout: TimeAmount = .seconds(10)
    /// Robots answer with a few bytes of JSON; anything longer is not worth reading.
    var maxResponseBytes = 64 * 1024

    func post(url: String, json: Data) async throws -> WebhookResponse {
        var request = ClientRequest(method: .POST, url: URI(string: url), headers: ["Content-Type": "application/json; charset=utf-8"],
                                    body: ByteBuffer(data: json), timeout: timeout)
        request.headers.replaceOrAdd(name: .userAgent, value: "yingshang-webhook")
        let response = try await client.send(request)
        var body = response.body ?? ByteBuffer()
        let bytes = body.readBytes(length: min(body.readableBytes, maxResponseBytes)) ?? []
        return WebhookResponse(status: Int(response.status.code), body: Data(bytes))
    }
}

extension Application {
    private struct WebhookTransportKey: StorageKey { typealias Value = any WebhookTransport }

    /// The app's client unless something (a test) installed another transport.
    var webhookTransport: any WebhookTransport {
        get { storage[WebhookTransportKey.self] ?? ClientWebhookTransport(client: client) }
        set { storage[WebhookTransportKey.self] = newValue }
    }
}
