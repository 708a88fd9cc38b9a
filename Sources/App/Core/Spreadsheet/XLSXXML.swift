import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Base class for the streaming (SAX) handlers that read XLSX parts with
/// `XMLParser`. Subclasses override `start`, `end` and `characters`; element
/// names arrive without namespace prefix ("x:row" → "row") because some
/// generators write prefixed SpreadsheetML.
class XLSXSAXHandler: NSObject, XMLParserDelegate {
    /// Set by a subclass to stop parsing with a specific error.
    private(set) var failure: SpreadsheetError?
    /// Set by a subclass that has read everything it needs.
    private(set) var finishedEarly = false
    private weak var parser: XMLParser?

    func start(_ name: Substring, attributes: [String: String]) {}
    func end(_ name: Substring) {}
    func characters(_ string: String) {}

    final func fail(_ error: SpreadsheetError) {
        if failure == nil { failure = error }
        parser?.abortParsing()
    }

    final func stopEarly() {
        finishedEarly = true
        parser?.abortParsing()
    }

    /// Parses `data`, translating parser errors into `SpreadsheetError.corrupt`.
    final func run(_ data: Data, part: String) throws(SpreadsheetError) {
        try run(InputStream(data: data), part: part)
    }

    /// Parses the file at `file` as it is read, a few kilobytes at a time.
    final func run(contentsOf file: URL, part: String) throws(SpreadsheetError) {
        guard let stream = InputStream(url: file) else { throw .corrupt("无法读取 \(part)") }
        try run(stream, part: part)
    }

    /// Always through a stream: given one `Data` of more than 10 MB, FoundationXML on Linux hands
    /// libxml2 input it then refuses as a "huge input lookup" (error 1) after reading it all, so a
    /// 300,000-row sheet failed; fed from a stream, it never is.
    private func run(_ stream: InputStream, part: String) throws(SpreadsheetError) {
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = self
        self.parser = parser
        let ok = parser.parse()
        parser.delegate = nil
        if let failure { throw failure }
        if !ok && !finishedEarly {
            throw .corrupt("\(part) 的 XML 内容无效")
        }
    }

    /// libxml2 namespace errors (undeclared prefix and the like, codes 200–299) are
    /// tolerated because elements are matched by local name anyway.
    private static func isNamespaceError(_ error: Error) -> Bool {
        (200..<300).contains((error as NSError).code)
    }

    // MARK: XMLParserDelegate

    final func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                      qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard failure == nil, !finishedEarly else { return }
        start(XLSXXML.localName(elementName), attributes: attributeDict)
    }

    final func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                      qualifiedName qName: String?) {
        guard failure == nil, !finishedEarly else { return }
        end(XLSXXML.localName(elementName))
    }

    final func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        // XMLParser on Linux runs libxml2 in recovery mode: parse() can return true
        // after a fatal error, so every reported error has to be acted upon here.
        guard failure == nil, !finishedEarly, !Self.isNamespaceError(parseError) else { return }
        fail(.corrupt("XML 内容无效（错误码 \((parseError as NSError).code)）"))
    }

    final func parser(_ parser: XMLParser, foundCharacters string: String) {
        characters(string)
    }

    final func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) {
        characters(whitespaceString)
    }

    final func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        characters(String(decoding: CDATABlock, as: UTF8.self))
    }
}

/// XML text helpers shared by the XLSX reader and writer.
enum XLSXXML {
    /// "x:row" → "row".
    static func localName(_ name: String) -> Substring {
        if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
        return name[...]
    }

    /// Attribute lookup that also accepts a namespace-prefixed key
    /// (`attribute(attrs, "id")` finds "r:id" whatever the prefix is).
    static func attribute(_ attributes: [String: String], _ name: String, prefixed: Bool = false) -> String? {
        if !prefixed, let value = attributes[name] { return value }
        for (key, value) in attributes where key.hasSuffix(":" + name) && !key.hasPrefix("xmlns") {
            return value
        }
        return nil
    }

    // MARK: OOXML "_xHHHH_" escapes

    /// Decodes the `_xHHHH_` escapes Excel uses for characters that XML cannot
    /// carry (e.g. "_x000D_" for a carriage return; "_x005F_" is a literal "_").
    static func unescapeOOXML(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "_")) else { return text }
        let bytes = Array(text.utf8)
        var scalars = String.UnicodeScalarView()
        var changed = false
        var index = 0
        var pendingHigh: UInt32?
        // Decode byte-wise; plain UTF-8 runs are copied through unchanged.
        var runStart = 0
        func flushRun(_ end: Int) {
            if runStart < end {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars)
            }
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "_"), index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "x"),
               bytes[index + 6] == UInt8(ascii: "_"), let value = hexValue(bytes[(index + 2)..<(index + 6)]) {
                flushRun(index)
                changed = true
                if (0xD800...0xDBFF).contains(value) {
                    pendingHigh = value
                } else if (0xDC00...0xDFFF).contains(value) {
                    if let high = pendingHigh,
                       let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00)) {
                        scalars.append(scalar)
                    }
                    pendingHigh = nil
                } else if let scalar = Unicode.Scalar(value) {
                    scalars.append(scalar)
                    pendingHigh = nil
                }
                index += 7
                runStart = index
            } else {
                index += 1
            }
        }
        guard changed else { return text }
        flushRun(bytes.count)
        return String(scalars)
    }

    private static func hexValue(_ bytes: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for byte in bytes {
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    // MARK: Writing

    /// True for characters allowed in XML 1.0 documents.
    static func isLegalXMLScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Escapes text for element content or attribute values: strips characters
    /// illegal in XML 1.0, escapes markup characters, keeps CR as `&#13;` (a raw
    /// CR would be normalised away by XML parsers), and protects a literal
    /// "_xHHHH_" sequence from being decoded as an OOXML escape.
    static func escape(_ text: String, protectOOXMLEscapes: Bool = false) -> String {
        let plain = text.utf8.allSatisfy { byte in
            byte >= 0x20 && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
                && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "_") && byte != 0xEF
        }
        if plain { return text }
        var out = String()
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\r": out += "&#13;"
            case "\t": out += "\t"
            case "\n": out += "\n"
            case "_" where protectOOXMLEscapes && looksLikeOOXMLEscape(scalars, at: index):
                out += "_x005F_"
            default:
                if isLegalXMLScalar(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    private static func looksLikeOOXMLEscape(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
        return scalars[(index + 2)..<(index + 6)].allSatisfy { $0.properties.isASCIIHexDigit }
    }
}
