import NIOConcurrencyHelpers

/// A fixed list of choices shown through the catalog (`labelKey`), such as a unit's kind or an
/// enterprise's size.
protocol CatalogChoice: RawRepresentable<String>, CaseIterable {
    var labelKey: String { get }
}

extension CatalogChoice {
    /// The choice a person typed in a spreadsheet: its stored name, or its label in either language.
    static func matching(_ text: String) -> Self? {
        let trimmed = text.trimmedSpaces
        return Self(rawValue: trimmed) ?? ChoiceLabels.rawValue(of: Self.self, labelled: trimmed).flatMap(Self.init(rawValue:))
    }
}

/// Each choice type's labels (both languages) to its stored names, made the first time the type
/// is matched: an import matches hundreds of thousands of cells, and looking every label up in
/// the catalog for each of them was a tenth of checking a row.
private enum ChoiceLabels {
    private static let tables = NIOLockedValueBox<[ObjectIdentifier: [String: String]]>([:])

    static func rawValue<Choice: CatalogChoice>(of type: Choice.Type, labelled label: String) -> String? {
        tables.withLockedValue { tables in
            if let table = tables[ObjectIdentifier(type)] { return table[label] }
            var table: [String: String] = [:]
            // Earlier choices win a label two of them share, as a search in order would have it.
            for choice in Choice.allCases.reversed() {
                table[Catalog.text(choice.labelKey, .en)] = choice.rawValue
                table[Catalog.text(choice.labelKey, .zh)] = choice.rawValue
            }
            tables[ObjectIdentifier(type)] = table
            return table[label]
        }
    }
}
