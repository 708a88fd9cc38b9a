import Vapor

extension Request {
    /// The client's address. `X-Forwarded-For` is believed only when the operator says the app
    /// sits behind its own proxy; otherwise anyone could forge it to dodge login throttling.
    var clientAddress: String {
        if application.config.trustForwardedFor,
           let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").first {
            return forwarded.trimmedSpaces
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }

    var isAPI: Bool { url.path.hasPrefix("/api/") }
}
