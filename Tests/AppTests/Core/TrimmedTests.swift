@testable import App
import Foundation
import Testing

@Suite("Trimming without Foundation")
struct TrimmedTests {
    /// The spelled-out White_Space set agrees with Unicode's own property for every scalar of the
    /// Basic Multilingual Plane, so trimming behaves as `trimmingCharacters(in:)` did.
    @Test func trimsExactlyUnicodeWhitespace() {
        for value in 0..<0x1_0000 {
            guard let scalar = Unicode.Scalar(value), scalar.properties.isWhitespace || value % 97 == 0 else { continue }
            let text = "\(scalar)桐江\(scalar)"
            let lineBreak = (0x0A...0x0D).contains(value) || [0x85, 0x2028, 0x2029].contains(value)
            let expected = scalar.properties.isWhitespace ? "桐江" : text
            #expect(text.trimmed == expected, "U+\(String(value, radix: 16))")
            #expect(text.trimmedSpaces == (lineBreak ? text : expected), "U+\(String(value, radix: 16))")
        }
        #expect("  ".trimmed.isEmpty)
        #expect("桐江".trimmed == "桐江")
        #expect(" 桐 江 "[...].trimmed == "桐 江")
    }
}
