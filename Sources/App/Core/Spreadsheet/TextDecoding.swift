import Foundation

/// Decodes the bytes of a text (CSV) file, detecting its encoding.
///
/// Order: byte order mark (UTF-8, UTF-16 LE/BE) → strict UTF-8 → GB18030
/// (a superset of GBK / GB2312, which is what Excel in Chinese offices uses
/// for "CSV (逗号分隔)"). Anything else is rejected with a message telling the
/// user to save as "CSV UTF-8".
///
/// Foundation supports GB18030 on Linux (swift-corelibs-foundation converts
/// through ICU) and on Apple platforms, via the CoreFoundation encoding
/// `kCFStringEncodingGB_18030_2000` (0x0632) bridged to an NSStringEncoding.
/// Decoding is strict: invalid byte sequences make it fail instead of
/// producing replacement characters.
enum TextDecoding {
    enum Encoding: String, Sendable, Equatable {
        case utf8, utf8BOM, utf16LE, utf16BE, gb18030
    }

    /// `String.Encoding` for GB18030 (0x80000000 | kCFStringEncodingGB_18030_2000).
    static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    static func decode(_ data: Data) throws(SpreadsheetError) -> String {
        try decodeDetectingEncoding(data).text
    }

    static func decodeDetectingEncoding(_ data: Data) throws(SpreadsheetError) -> (text: String, encoding: Encoding) {
        let bytes = [UInt8](data.prefix(3))
        let result: (String?, Encoding)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            result = (decodeUTF8(data.dropFirst(3)), .utf8BOM)
        } else if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            result = (String(data: Data(data.dropFirst(2)), encoding: .utf16LittleEndian), .utf16LE)
        } else if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            result = (String(data: Data(data.dropFirst(2)), encoding: .utf16BigEndian), .utf16BE)
        } else if let utf8 = decodeUTF8(data) {
            result = (utf8, .utf8)
        } else {
            result = (String(data: data, encoding: gb18030), .gb18030)
        }
        guard let text = result.0 else { throw .unsupportedEncoding }
        // NUL characters never occur in real CSV text; they indicate a binary
        // file or UTF-16 without a byte order mark.
        if text.utf8.contains(0) { throw .binaryNotText }
        return (text, result.1)
    }

    /// Strict UTF-8 decoding: nil on any invalid sequence. (Foundation's
    /// String(data:encoding: .utf8) is avoided because some versions silently
    /// drop a leading BOM.)
    static func decodeUTF8(_ data: Data) -> String? {
        data.withUnsafeBytes { String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) }
    }
}
