/// The one string catalog of the UI: every user-visible string, in Chinese and English.
/// Keys are grouped by the page or module that uses them. `{0}`, `{1}` are arguments.
enum Catalog {
    static func text(_ key: String, _ lang: Lang, _ args: [String] = []) -> String {
        guard let entry = entries[key] else { return key }
        var text = lang == .zh ? entry.zh : entry.en
        for (index, arg) in args.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: arg)
        }
        return text
    }

    static let entries: [String: (zh: String, en: String)] = CatalogStrings.common
        .merging(CatalogStrings.organization) { first, _ in first }
        .merging(CatalogStrings.accounts) { first, _ in first }
        .merging(CatalogStrings.administration) { first, _ in first }
        .merging(CatalogStrings.tasks) { first, _ in first }
        .merging(CatalogStrings.webhooks) { first, _ in first }
        .merging(CatalogStrings.supervision) { first, _ in first }
        .merging(CatalogStrings.dispatch) { first, _ in first }
        .merging(CatalogStrings.portal) { first, _ in first }
        .merging(CatalogStrings.enterprises) { first, _ in first }
        .merging(CatalogStrings.enterpriseImport) { first, _ in first }
        .merging(CatalogStrings.enterpriseUsers) { first, _ in first }
}
