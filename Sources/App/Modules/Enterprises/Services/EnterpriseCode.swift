import Foundation

/// The enterprise code (企业码): a firm's unguessable link to its own service page, printed as a
/// QR image on the firm's file. Anyone holding the link reaches the page, so the token is 128
/// random bits and can be replaced (the old link then stops working).
enum EnterpriseCode {
    static func newToken() -> String { Tokens.random(bytes: 16) }

    /// What `newToken` or the migration's SQL can have produced; anything else is not looked up.
    static func isWellFormed(_ token: String) -> Bool {
        (20...64).contains(token.utf8.count) && token.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
