import Foundation

/// Reads worksheets from XLSX workbooks (Excel, WPS, LibreOffice, openpyxl...).
///
/// The ZIP container is read by `ZIPArchiveReader` (bounds-checked, with a
/// per-part decompressed size limit against zip bombs). The sheet part is
/// located through `_rels/.rels` → workbook → workbook rels, never by assuming
/// "sheet1.xml". XML is streamed with `XMLParser` (SAX), no DOM is built.
/// Cell values: shared and inline strings (rich text runs joined), numbers as
/// exact decimal text, booleans, formula results (cached values), errors as
/// text ("#DIV/0!"), and numbers with a date/time format as `.date`
/// (1900 or 1904 date system as declared by the workbook).
enum XLSXReader {
    struct SheetInfo: Sendable, Equatable {
        let name: String
        let partPath: String
        let hidden: Bool
    }

    /// - Parameters:
    ///   - maxPartBytes: zip-bomb limit for the parts read into memory (200 MB; lowered in tests).
    ///   - maxSheetBytes: the same for the worksheet, which is inflated to a temporary file (1 GB).
    static func read(
        _ data: Data, sheetIndex: Int = 0, maxRows: Int = 1_000_000,
        maxPartBytes: UInt64 = XLSXPackage.defaultMaxPartBytes, maxSheetBytes: UInt64 = XLSXPackage.defaultMaxSheetBytes
    ) throws(SpreadsheetError) -> [[Cell]] {
        try readPacked(data, sheetIndex: sheetIndex, maxRows: maxRows, maxPartBytes: maxPartBytes, maxSheetBytes: maxSheetBytes).all
    }

    /// The sheet's rows packed, for a sheet too large to hold as cells (`SpreadsheetRows`).
    static func readPacked(
        _ data: Data, sheetIndex: Int = 0, maxRows: Int = 1_000_000,
        maxPartBytes: UInt64 = XLSXPackage.defaultMaxPartBytes, maxSheetBytes: UInt64 = XLSXPackage.defaultMaxSheetBytes
    ) throws(SpreadsheetError) -> PackedRows {
        if data.isEmpty { throw .emptyFile }
        let package = try XLSXPackage(data: data, maxPartBytes: maxPartBytes)
        let workbook = try Workbook(package: package)
        guard sheetIndex >= 0, sheetIndex < workbook.sheets.count else {
            throw .noSheet(index: workbook.sheets.isEmpty ? nil : sheetIndex)
        }
        let sheet = workbook.sheets[sheetIndex]
        let handler = XLSXSheetHandler(
            sharedStrings: try workbook.sharedStrings(), dateStyles: try workbook.dateStyles(), date1904: workbook.date1904, maxRows: maxRows
        )
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("yingshang-sheet-\(UUID().uuidString).xml")
        guard try package.write(sheet.partPath, to: file, limit: maxSheetBytes) else {
            throw .corrupt("缺少工作表“\(sheet.name)”的内容")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        try handler.run(contentsOf: file, part: sheet.partPath)
        return handler.rows
    }

    /// Worksheets in tab order (chart sheets and macro sheets are not listed).
    static func sheets(_ data: Data) throws(SpreadsheetError) -> [SheetInfo] {
        if data.isEmpty { throw .emptyFile }
        return try Workbook(package: XLSXPackage(data: data)).sheets
    }

    /// The workbook part and what it points to.
    private struct Workbook {
        let package: XLSXPackage
        let path: String
        let sheets: [SheetInfo]
        let date1904: Bool
        let sharedStringsPath: String?
        let stylesPath: String?

        init(package: XLSXPackage) throws(SpreadsheetError) {
            self.package = package
            let packageRelationships = try package.relationships(of: "")
            var workbookPath = "xl/workbook.xml"
            if let main = packageRelationships.first(where: { $0.hasType("officeDocument") && !$0.isExternal }) {
                workbookPath = XLSXPackage.resolve(main.target, from: "")
            }
            guard let workbookData = try package.data(workbookPath) else { throw .notXLSX() }
            path = workbookPath

            let handler = XLSXWorkbookHandler()
            try handler.run(workbookData, part: workbookPath)
            date1904 = handler.date1904

            let relationships = try package.relationships(of: workbookPath)
            var byID: [String: XLSXRelationship] = [:]
            for relationship in relationships where !relationship.isExternal { byID[relationship.id] = relationship }

            var sheets: [SheetInfo] = []
            for (position, sheet) in handler.sheets.enumerated() {
                let hidden = sheet.state != "visible"
                if let id = sheet.relationshipID, let relationship = byID[id] {
                    guard relationship.hasType("worksheet") else { continue }
                    sheets.append(SheetInfo(
                        name: sheet.name, partPath: XLSXPackage.resolve(relationship.target, from: workbookPath), hidden: hidden
                    ))
                } else if relationships.isEmpty {
                    // Broken package without workbook relationships: fall back to the conventional name.
                    let guess = XLSXPackage.resolve("worksheets/sheet\(position + 1).xml", from: workbookPath)
                    if package.contains(guess) { sheets.append(SheetInfo(name: sheet.name, partPath: guess, hidden: hidden)) }
                }
            }
            self.sheets = sheets

            func target(_ type: String, conventional: String) -> String? {
                if let relationship = relationships.first(where: { $0.hasType(type) && !$0.isExternal }) {
                    return XLSXPackage.resolve(relationship.target, from: workbookPath)
                }
                let guess = XLSXPackage.resolve(conventional, from: workbookPath)
                return package.contains(guess) ? guess : nil
            }
            sharedStringsPath = target("sharedStrings", conventional: "sharedStrings.xml")
            stylesPath = target("styles", conventional: "styles.xml")
        }

        func sharedStrings() throws(SpreadsheetError) -> [String] {
            guard let sharedStringsPath, let data = try package.data(sharedStringsPath) else { return [] }
            let handler = XLSXSharedStringsHandler()
            try handler.run(data, part: sharedStringsPath)
            return handler.strings
        }

        func dateStyles() throws(SpreadsheetError) -> [Bool] {
            guard let stylesPath, let data = try package.data(stylesPath) else { return [] }
            let handler = XLSXStylesHandler()
            try handler.run(data, part: stylesPath)
            return handler.dateStyles
        }
    }
}
