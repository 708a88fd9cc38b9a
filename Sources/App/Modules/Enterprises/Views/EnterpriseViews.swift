import Fluent
import Foundation

/// Small pieces the registry's pages share.
enum EnterpriseViews {
    static func statusBadge(_ ctx: PageContext, _ raw: String) -> HTML {
        let status = EnterpriseStatus(rawValue: raw)
        let tone: Components.Tone = switch status {
        case .active: .success
        case .movedOut: .warning
        case .deregistered, nil: .neutral
        }
        return Components.badge(status.map { ctx.t($0.labelKey) } ?? raw, tone)
    }

    static func industry(_ ctx: PageContext, _ code: String?) -> String {
        guard let code, let industry = Industries.find(code) else { return "—" }
        return "\(industry.code) " + (ctx.lang == .zh ? industry.nameZH : industry.nameEN)
    }

    static func size(_ ctx: PageContext, _ raw: String?) -> String {
        raw.flatMap(EnterpriseSize.init(rawValue:)).map { ctx.t($0.labelKey) } ?? "—"
    }

    /// Industries as a select offers them: with `sections`, each section followed by its divisions
    /// (a filter may name either); without, the divisions alone, each under its section's letter.
    static func industryChoices(_ ctx: PageContext, sections: Bool) -> [Components.Choice] {
        let name = { (industry: Industry) in ctx.lang == .zh ? industry.nameZH : industry.nameEN }
        return Industries.sections.flatMap { section in
            let divisions = Industries.divisions(in: section.code).map { division in
                Components.Choice(division.code, (sections ? "\u{3000}" : section.code + " · ") + "\(division.code) " + name(division))
            }
            return sections ? [Components.Choice(section.code, "\(section.code) " + name(section))] + divisions : divisions
        }
    }

    /// Districts, counties, towns and streets in tree order: a filter may name any of them.
    static func regionChoices(on db: any Database) async throws -> [Components.Choice] {
        try await UnitService(db: db).choices(for: nil, kinds: [.district, .county, .countyCity, .town, .street])
    }
}

extension EnterpriseViews {
    /// `manual`, `import:<file>`, `demo` in words.
    static func source(_ ctx: PageContext, _ raw: String) -> String {
        if raw.hasPrefix("import:") { return ctx.t("enterprise.sourceImport", String(raw.dropFirst("import:".count))) }
        return ctx.t("enterprise.source.\(raw)")
    }

    /// A value as the change history stores it (`EnterpriseValues.fields`), in words.
    static func fieldValue(_ ctx: PageContext, _ field: String, _ raw: String?) -> String {
        guard let raw, !raw.isEmpty else { return "—" }
        switch field {
        case "above_scale", "upgrade_candidate": return ctx.t(raw == "true" ? "common.yes" : "common.no")
        case "size": return EnterpriseSize(rawValue: raw).map { ctx.t($0.labelKey) } ?? raw
        case "status": return EnterpriseStatus(rawValue: raw).map { ctx.t($0.labelKey) } ?? raw
        case "industry_code": return industry(ctx, raw)
        case "tags": return raw.split(separator: ",").map { EnterpriseTag(rawValue: String($0)).map { ctx.t($0.labelKey) } ?? String($0) }.joined(separator: "、")
        case "capital": return RegisteredCapital(historyText: raw)?.formatted(ctx.lang) ?? raw
        default: return raw
        }
    }
}
