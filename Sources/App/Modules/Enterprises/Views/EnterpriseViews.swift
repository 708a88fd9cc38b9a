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

    /// Sections, each followed by its divisions, for a filter or a form.
    @HTMLBuilder
    static func industryOptions(_ ctx: PageContext, selected: String?, sectionsSelectable: Bool) -> HTML {
        for section in Industries.sections {
            let label = "\(section.code) " + (ctx.lang == .zh ? section.nameZH : section.nameEN)
            if sectionsSelectable {
                H.option(.value(section.code), .when(selected == section.code, .flag("selected"))) { label }
            } else {
                H.option(.value(""), .flag("disabled")) { label }
            }
            for division in Industries.divisions(in: section.code) {
                H.option(.value(division.code), .when(selected == division.code, .flag("selected"))) {
                    "\u{3000}\(division.code) " + (ctx.lang == .zh ? division.nameZH : division.nameEN)
                }
            }
        }
    }

    @HTMLBuilder
    static func regionOptions(_ regions: [EnterpriseChoices.Region], selected: Int?) -> HTML {
        for region in regions {
            H.option(.value(String(region.id)), .when(selected == region.id, .flag("selected"))) {
                String(repeating: "\u{3000}", count: max(0, region.depth - 2)) + region.name
            }
        }
    }

    @HTMLBuilder
    static func choiceOptions<T: CatalogChoice>(_ ctx: PageContext, _ type: T.Type, selected: String?) -> HTML {
        for choice in T.allCases {
            H.option(.value(choice.rawValue), .when(selected == choice.rawValue, .flag("selected"))) { ctx.t(choice.labelKey) }
        }
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
        case "capital":
            let parts = raw.split(separator: " ")
            guard parts.count == 2, let minor = Int64(parts[0]) else { return raw }
            return RegisteredCapital(minorUnits: minor, currency: String(parts[1])).formatted(ctx.lang)
        default: return raw
        }
    }
}
