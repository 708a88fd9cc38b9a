/// What every spreadsheet import does with its header row and its cells.
enum ImportHeader {
    typealias Column = (key: String, zh: String, en: String, required: Bool)

    /// Each known column's position, matched by its Chinese or English title (or another title real
    /// files use, from `aliases`), in any order; or the problem that stops the whole file.
    static func index(_ header: [Cell]?, columns: [Column], aliases: [String: [String]] = [:]) -> Result<[String: Int], ImportProblem> {
        guard let header, !header.isEmpty else { return .failure(ImportProblem(row: 1, column: "", key: "import.noHeader")) }
        var index: [String: Int] = [:]
        for (position, cell) in header.enumerated() {
            let title = cell.text.trimmedSpaces
            let column = columns.first { $0.zh == title || $0.en.lowercased() == title.lowercased() || aliases[$0.key]?.contains(title) == true }
            if let column, index[column.key] == nil { index[column.key] = position }
        }
        let missing = columns.filter { $0.required && index[$0.key] == nil }.map(\.zh)
        if !missing.isEmpty { return .failure(ImportProblem(row: 1, column: "", key: "import.missingColumns", args: [missing.joined(separator: "、")])) }
        return .success(index)
    }

    /// 是/否 as spreadsheets write it; nil for anything else.
    static func flag(_ text: String) -> Bool? {
        switch text.trimmedSpaces.lowercased() {
        case "", "否", "no", "n", "0", "false": false
        case "是", "yes", "y", "1", "true", "√", "✓": true
        default: nil
        }
    }

    /// A list in one cell, split on any of the separators people use (、 , ， ; ； and new lines).
    /// Each separator is one scalar, so the cell is split scalar by scalar, not by characters.
    static func list(_ text: String) -> [String] {
        text.unicodeScalars.split(whereSeparator: { listSeparators.contains($0.value) }).map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
    }

    private static let listSeparators: Set<UInt32> = [0x3001, 0x2C, 0xFF0C, 0x3B, 0xFF1B, 0x0A, 0x0D]
}

/// A header problem stops the whole file, so it travels as a `Result`'s failure.
extension ImportProblem: Error {}
