/// A fixed list of choices shown through the catalog (`labelKey`), such as a unit's kind or an
/// enterprise's size.
protocol CatalogChoice: RawRepresentable<String>, CaseIterable {
    var labelKey: String { get }
}

extension CatalogChoice {
    /// The choice a person typed in a spreadsheet: its stored name, or its label in either language.
    static func matching(_ text: String) -> Self? {
        let trimmed = text.trimmedSpaces
        return Self(rawValue: trimmed) ?? allCases.first { Catalog.text($0.labelKey, .zh) == trimmed || Catalog.text($0.labelKey, .en) == trimmed }
    }
}
