import Vapor

/// The two languages of the UI. Chinese is the default; English is chosen by a switch
/// that is remembered in a cookie and, for signed-in users, on their account.
enum Lang: String, Sendable, CaseIterable, Codable {
    case zh = "zh-CN"
    case en = "en"

    static let cookieName = "ys_lang"

    init(code: String?) {
        self = Lang.allCases.first { $0.rawValue.lowercased() == code?.lowercased() } ?? .zh
    }

    func t(_ key: String, _ args: String...) -> String { Catalog.text(key, self, args) }
}

extension Request {
    /// The signed-in user's choice wins, then the cookie, then Chinese.
    var lang: Lang {
        if let principal = principal { return principal.lang }
        return Lang(code: cookies[Lang.cookieName]?.string)
    }
}
