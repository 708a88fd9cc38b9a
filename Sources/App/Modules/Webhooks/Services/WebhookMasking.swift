import Foundation

/// Hides a webhook's credentials wherever it is shown or written down: the URL's query values
/// are the robot's key, and DingTalk's secret signs messages.
enum WebhookMasking {
    /// `https://host/path?key=693a…`: enough to tell two robots apart, not enough to post to either.
    static func url(_ url: String) -> String {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, let host = parts.host else { return "…" }
        var shown = "\(scheme)://\(host)" + (parts.port.map { ":\($0)" } ?? "") + parts.path
        let items = (parts.queryItems ?? []).map { "\($0.name)=\(String(($0.value ?? "").prefix(4)))…" }
        if !items.isEmpty { shown += "?" + items.joined(separator: "&") }
        return shown
    }

    /// Removes every credential of the webhook from `text` (an error message from a robot or the
    /// network stack may echo the URL), and bounds its length for the database.
    static func scrub(_ text: String, url: String, secret: String?, limit: Int = 500) -> String {
        var hidden = [url, secret ?? ""]
        hidden += (URLComponents(string: url)?.queryItems ?? []).compactMap(\.value)
        var out = text
        // Longest first, so a token is not half-replaced by a shorter credential inside it.
        for value in hidden.filter({ $0.count >= 4 }).sorted(by: { $0.count > $1.count }) {
            out = out.replacingOccurrences(of: value, with: "***")
            if let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics), encoded != value {
                out = out.replacingOccurrences(of: encoded, with: "***")
            }
        }
        return String(out.prefix(limit))
    }
}
