import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Streams a worksheet part (`<sheetData>`) into rows of cells.
///
/// Row and column positions come from the `r` attributes ("B7"), so sparse
/// sheets keep their layout: missing cells are `.empty`, missing rows are `[]`.
/// Empty rows are only materialised when a later row has content, which both
/// trims trailing empty rows and keeps formatted-but-empty rows at the bottom
/// of a sheet from counting against `maxRows`.
final class XLSXSheetHandler: XLSXSAXHandler {
    static let maxRowNumber = 1_048_576
    static let maxColumnNumber = 16_384
    /// Upper bound on materialised cells (including `.empty` padding), which
    /// protects memory against sheets such as one cell in column XFD on every row.
    static let maxCells = 20_000_000

    private let sharedStrings: [String]
    private let dateStyles: [Bool]
    private let date1904: Bool
    private let maxRows: Int

    private(set) var rows = PackedRows()
    private var cellCount = 0

    private var inRow = false
    private var rowNumber = 0
    private var lastRowNumber = 0
    private var rowCells: [Cell] = []
    private var lastColumn = 0

    private enum Capture { case none, value, inline }
    private var capture = Capture.none
    private var inCell = false
    private var cellColumn = 0
    private var cellType: String?
    private var cellStyle = 0
    private var valueText: String?
    private var inlineText: String?
    private var inInlineString = false
    private var inPhonetic = false

    init(sharedStrings: [String], dateStyles: [Bool], date1904: Bool, maxRows: Int) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.maxRows = maxRows
    }

    override func start(_ name: Substring, attributes: [String: String]) {
        switch name {
        case "row":
            let number: Int
            if let text = attributes["r"] {
                guard let parsed = Int(text) else { return fail(.corrupt("行号“\(text)”无效")) }
                number = parsed
            } else {
                number = lastRowNumber + 1
            }
            guard number >= 1, number <= Self.maxRowNumber else { return fail(.corrupt("行号 \(number) 超出范围")) }
            inRow = true
            rowNumber = number
            rowCells.removeAll(keepingCapacity: true)
            lastColumn = 0
        case "c":
            guard inRow else { return }
            if let reference = attributes["r"] {
                guard let column = Self.columnNumber(ofReference: reference) else {
                    return fail(.corrupt("单元格引用“\(reference)”无效"))
                }
                cellColumn = column
            } else {
                cellColumn = lastColumn + 1
            }
            guard cellColumn <= Self.maxColumnNumber else { return fail(.corrupt("列号超出范围")) }
            inCell = true
            cellType = attributes["t"]
            cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
            valueText = nil
            inlineText = nil
            inInlineString = false
            inPhonetic = false
        case "v" where inCell:
            capture = .value
            if valueText == nil { valueText = "" }
        case "is" where inCell:
            inInlineString = true
            if inlineText == nil { inlineText = "" }
        case "rPh" where inInlineString:
            inPhonetic = true
        case "t" where inInlineString && !inPhonetic:
            capture = .inline
        default:
            break
        }
    }

    override func end(_ name: Substring) {
        switch name {
        case "v", "t":
            capture = .none
        case "rPh":
            inPhonetic = false
        case "is":
            inInlineString = false
        case "c" where inCell:
            inCell = false
            capture = .none
            lastColumn = cellColumn
            let cell: Cell
            do {
                cell = try makeCell()
            } catch {
                return fail(error)
            }
            guard !cell.isEmpty else { return }
            let index = cellColumn - 1
            if index >= rowCells.count {
                rowCells.append(contentsOf: repeatElement(Cell.empty, count: index - rowCells.count + 1))
            }
            rowCells[index] = cell
        case "row" where inRow:
            inRow = false
            lastRowNumber = rowNumber
            finishRow()
        case "sheetData":
            // Everything after the cell data (merged cells, page setup...) is irrelevant.
            stopEarly()
        default:
            break
        }
    }

    override func characters(_ string: String) {
        switch capture {
        case .none: break
        case .value: valueText? += string
        case .inline: inlineText? += string
        }
    }

    private func finishRow() {
        rowCells.trimTrailingEmptyCells()
        guard !rowCells.isEmpty else { return }
        let index = rowNumber - 1
        if index >= maxRows { return fail(.tooManyRows(limit: maxRows)) }
        if index >= rows.count {
            cellCount += rowCells.count
            guard cellCount <= Self.maxCells else { return fail(.tooLarge("工作表中的单元格过多，超出处理上限")) }
            rows.pad(to: index)
            rows.append(rowCells)
        } else {
            // Rows are normally in ascending order; merge a repeated or out-of-order row.
            var merged = rows[index]
            for (column, cell) in rowCells.enumerated() where !cell.isEmpty {
                if column >= merged.count {
                    cellCount += column - merged.count + 1
                    merged.append(contentsOf: repeatElement(Cell.empty, count: column - merged.count + 1))
                }
                merged[column] = cell
            }
            guard cellCount <= Self.maxCells else { return fail(.tooLarge("工作表中的单元格过多，超出处理上限")) }
            rows.replace(index, with: merged)
        }
    }

    private func makeCell() throws(SpreadsheetError) -> Cell {
        switch cellType {
        case "s":
            guard let raw = valueText?.trimmedSpaces, !raw.isEmpty else { return .empty }
            guard let index = Int(raw), index >= 0, index < sharedStrings.count else {
                throw .corrupt("共享字符串索引 \(raw) 无效")
            }
            return Self.textCell(sharedStrings[index])
        case "inlineStr":
            return Self.textCell(XLSXXML.unescapeOOXML(inlineText ?? valueText ?? ""))
        case "str":
            // Formula with a string result: the cached value.
            return Self.textCell(XLSXXML.unescapeOOXML(valueText ?? ""))
        case "e":
            return Self.textCell(valueText?.trimmedSpaces ?? "")
        case "b":
            switch valueText?.trimmedSpaces.lowercased() {
            case "1", "true": return .bool(true)
            case "0", "false": return .bool(false)
            default: return .empty
            }
        case "d":
            guard let raw = valueText?.trimmedSpaces, !raw.isEmpty else { return .empty }
            if let date = SpreadsheetDate.parseISO(raw) { return .date(date) }
            return .text(raw)
        default:
            if valueText == nil, let inlineText { return Self.textCell(XLSXXML.unescapeOOXML(inlineText)) }
            guard let raw = valueText, !raw.isEmpty else { return .empty }
            guard let number = SpreadsheetNumber.canonical(raw) else {
                let trimmed = raw.trimmed
                return trimmed.isEmpty ? .empty : .text(trimmed)
            }
            if cellStyle >= 0, cellStyle < dateStyles.count, dateStyles[cellStyle],
               let serial = Double(number),
               let date = SpreadsheetDate.date(fromSerial: serial, date1904: date1904) {
                return .date(date)
            }
            return .number(number)
        }
    }

    private static func textCell(_ text: String) -> Cell {
        text.isEmpty ? .empty : .text(text)
    }

    /// 1-based column number of an A1-style reference ("B7" → 2, "$AA$3" → 27).
    static func columnNumber(ofReference reference: String) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "$") where letters == 0:
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                column = column * 26 + Int(byte - UInt8(ascii: "A") + 1)
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                column = column * 26 + Int(byte - UInt8(ascii: "a") + 1)
            default:
                return letters > 0 ? column : nil
            }
            letters += 1
            if letters > 3 { return nil }
        }
        return letters > 0 ? column : nil
    }

    /// Column letters for a 1-based column number (1 → "A", 27 → "AA").
    static func columnLetters(_ number: Int) -> String {
        var number = number
        var scalars: [Unicode.Scalar] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            scalars.append(Unicode.Scalar(UInt8(65 + remainder)))
            number = (number - 1) / 26
        }
        return String(String.UnicodeScalarView(scalars.reversed()))
    }
}
