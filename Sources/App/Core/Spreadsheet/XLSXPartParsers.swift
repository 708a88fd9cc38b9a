import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One `<Relationship>` of an OPC `.rels` part.
struct XLSXRelationship: Sendable, Equatable {
    let id: String
    let type: String
    let target: String
    let isExternal: Bool

    /// Relationship types are compared by their last path component so that both
    /// transitional (schemas.openxmlformats.org) and strict (purl.oclc.org) URIs match.
    func hasType(_ suffix: String) -> Bool { type.hasSuffix("/" + suffix) }
}

/// Reads a `.rels` part.
final class XLSXRelationshipsHandler: XLSXSAXHandler {
    private(set) var relationships: [XLSXRelationship] = []

    override func start(_ name: Substring, attributes: [String: String]) {
        guard name == "Relationship" else { return }
        guard let id = attributes["Id"], let target = attributes["Target"] else { return }
        relationships.append(XLSXRelationship(
            id: id,
            type: attributes["Type"] ?? "",
            target: target,
            isExternal: attributes["TargetMode"]?.lowercased() == "external"
        ))
    }
}

/// Reads `xl/workbook.xml`: the sheet list (in tab order) and the date system.
final class XLSXWorkbookHandler: XLSXSAXHandler {
    struct Sheet: Sendable, Equatable {
        let name: String
        let relationshipID: String?
        let state: String
    }

    private(set) var sheets: [Sheet] = []
    private(set) var date1904 = false

    override func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "workbookPr":
            if let value = attributes["date1904"]?.lowercased() {
                date1904 = value == "1" || value == "true"
            }
        case "sheet":
            sheets.append(Sheet(
                name: XLSXXML.unescapeOOXML(attributes["name"] ?? ""),
                relationshipID: XLSXXML.attribute(attributes, "id", prefixed: true),
                state: attributes["state"] ?? "visible"
            ))
        default:
            break
        }
    }

    override func end(_ name: Substring) {
        // Nothing after <sheets> is needed except workbookPr, which comes before it.
        if name == "sheets" { stopEarly() }
    }
}

/// Reads `xl/styles.xml` and works out which cell formats (`<c s="...">`) display dates.
final class XLSXStylesHandler: XLSXSAXHandler {
    private var customFormats: [Int: String] = [:]
    private var cellFormatIDs: [Int] = []
    private var inCellXfs = false

    override func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }) {
                customFormats[id] = attributes["formatCode"] ?? ""
            }
        case "cellXfs":
            inCellXfs = true
        case "xf" where inCellXfs:
            cellFormatIDs.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default:
            break
        }
    }

    override func end(_ name: Substring) {
        if name == "cellXfs" { inCellXfs = false }
    }

    /// `result[s]` is true when cell style index `s` shows a date/time.
    var dateStyles: [Bool] {
        cellFormatIDs.map { id in
            if let code = customFormats[id] { return XLSXStylesHandler.isDateFormatCode(code) }
            return XLSXStylesHandler.isBuiltInDateFormat(id)
        }
    }

    /// Built-in number formats that are dates or times: 14–22 and 45–47 in every
    /// locale, plus the East Asian built-ins 27–36 and 50–58, which Chinese Excel uses
    /// for formats such as yyyy"年"m"月"d"日".
    static func isBuiltInDateFormat(_ id: Int) -> Bool {
        switch id {
        case 14...22, 27...36, 45...47, 50...58: return true
        default: return false
        }
    }

    /// True when a custom format code contains a date/time token (y, m, d, h, s)
    /// outside quoted literals, bracketed sections ([Red], [$-804]), escaped
    /// characters (\x) and padding/fill characters (_x, *x).
    static func isDateFormatCode(_ code: String) -> Bool {
        if code.caseInsensitiveCompare("General") == .orderedSame { return false }
        var inQuotes = false
        var inBrackets = false
        var skipNext = false
        for scalar in code.unicodeScalars {
            if skipNext { skipNext = false; continue }
            if inQuotes {
                if scalar == "\"" { inQuotes = false }
                continue
            }
            if inBrackets {
                if scalar == "]" { inBrackets = false }
                continue
            }
            switch scalar {
            case "\"": inQuotes = true
            case "[": inBrackets = true
            case "\\", "_", "*": skipNext = true
            case "y", "Y", "m", "M", "d", "D", "h", "H", "s", "S": return true
            default: break
            }
        }
        return false
    }
}

/// Reads `xl/sharedStrings.xml`. Rich text runs are concatenated; phonetic
/// guides (`<rPh>`) are skipped.
final class XLSXSharedStringsHandler: XLSXSAXHandler {
    private(set) var strings: [String] = []
    private var current = ""
    private var inItem = false
    private var inPhonetic = false
    private var capturing = false

    override func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "si":
            inItem = true
            current = ""
        case "rPh":
            inPhonetic = true
        case "t" where inItem && !inPhonetic:
            capturing = true
        default:
            break
        }
    }

    override func end(_ name: Substring) {
        switch name {
        case "t": capturing = false
        case "rPh": inPhonetic = false
        case "si":
            strings.append(XLSXXML.unescapeOOXML(current))
            inItem = false
            current = ""
        default:
            break
        }
    }

    override func characters(_ string: String) {
        if capturing { current += string }
    }
}
