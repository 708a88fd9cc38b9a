import Foundation

/// GB/T 4754-2017 国民经济行业分类, to the division (大类): 20 sections (门类, A–T) and 97 divisions
/// (01–97), shipped as `Resources/industries.tsv`. Enterprises record a division; statistics
/// group by either level.
struct Industry: Sendable, Hashable {
    /// `A`…`T` for a section, `01`…`97` for a division.
    let code: String
    /// The section a division belongs to; nil for a section.
    let section: String?
    let nameZH: String
    let nameEN: String

    var isSection: Bool { section == nil }

    func name(_ lang: Lang) -> String { lang == .zh ? nameZH : nameEN }
}

enum Industries {
    static let all: [Industry] = {
        guard let url = Bundle.module.url(forResource: "industries", withExtension: "tsv", subdirectory: "Resources"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return parse(text)
    }()

    static let sections: [Industry] = all.filter(\.isSection)
    static let divisions: [Industry] = all.filter { !$0.isSection }
    private static let byCode: [String: Industry] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    static func parse(_ text: String) -> [Industry] {
        text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4 else { return nil }
            return Industry(code: fields[0], section: fields[1].isEmpty ? nil : fields[1], nameZH: fields[2], nameEN: fields[3])
        }
    }

    static func find(_ code: String) -> Industry? { byCode[code] }

    /// A division by its code (`39`), or by its Chinese name as spreadsheets often carry it
    /// (`计算机、通信和其他电子设备制造业`); a one-digit code is read as its two-digit form.
    static func division(matching text: String) -> Industry? {
        let trimmed = text.trimmedSpaces
        let code = trimmed.count == 1 && trimmed.first!.isNumber ? "0" + trimmed : trimmed
        if let found = byCode[code], !found.isSection { return found }
        return divisions.first { $0.nameZH == trimmed }
    }

    static func divisions(in section: String) -> [Industry] { divisions.filter { $0.section == section } }
}
