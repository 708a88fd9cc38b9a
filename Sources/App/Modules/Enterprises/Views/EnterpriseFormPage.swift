import Foundation

/// The office's form for one enterprise: the same fields and checks as an import row.
struct EnterpriseFormPage {
    let input: EnterpriseInput
    let enterpriseID: Int?
    let towns: [EnterpriseSheet.Region]
    let errors: FormErrors

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t(enterpriseID == nil ? "enterprise.new" : "enterprise.edit")
        let action = enterpriseID.map { SiteURL.enterprise(.value($0)).path } ?? SiteURL.enterprises.path
        let cancel = enterpriseID.map { SiteURL.enterprise(.value($0)).path } ?? SiteURL.enterprises.path
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title)
            Components.formErrorSummary(ctx, errors)
            H.form(Attr("method", "post"), Attr("action", action), .cls("card form-grid")) {
                Components.csrfField(ctx)
                Components.textField(ctx, name: "creditCode", labelKey: "enterprise.creditCode", value: input.creditCode, errors: errors, required: true,
                                     hintKey: enterpriseID == nil ? "enterprise.creditCodeHint" : "enterprise.codeFixedHint")
                Components.textField(ctx, name: "name", labelKey: "enterprise.name", value: input.name, errors: errors, required: true)
                Components.textArea(ctx, name: "formerNames", labelKey: "enterprise.formerNames", value: input.formerNames.joined(separator: "\n"), errors: errors,
                                    rows: 2, hintKey: "enterprise.formerNamesHint")
                Components.textField(ctx, name: "legalRepresentative", labelKey: "enterprise.legalRepresentative", value: input.legalRepresentative, errors: errors)
                Components.selectField(ctx, name: "region", labelKey: "enterprise.region", choices: towns.map { Components.Choice(String($0.id), $0.name) },
                                       selected: input.regionUnitID.map { [String($0)] } ?? [], errors: Self.renamed(errors, "regionUnitID", to: "region"),
                                       blankKey: "common.choose")
                Components.textField(ctx, name: "address", labelKey: "enterprise.address", value: input.address, errors: errors)
                H.div(.cls(errors["industryCode"] == nil ? "field" : "field field-error")) {
                    H.label(Attr("for", "f-industry")) { ctx.t("enterprise.industry") }
                    H.select(.id("f-industry"), .name("industry")) {
                        H.option(.value("")) { ctx.t("common.choose") }
                        EnterpriseViews.industryOptions(ctx, selected: input.industryCode, sectionsSelectable: false)
                    }
                    if let problem = errors["industryCode"] { H.small(.cls("error-text")) { Catalog.text(problem.key, ctx.lang, problem.args) } }
                }
                Components.selectField(ctx, name: "size", labelKey: "enterprise.size",
                                       choices: EnterpriseSize.allCases.map { Components.Choice($0.rawValue, ctx.t($0.labelKey)) },
                                       selected: [input.size], errors: errors, blankKey: "common.choose")
                Components.checkboxes(ctx, name: "flags", legendKey: "enterprise.scale",
                                      choices: [Components.Choice("aboveScale", ctx.t("scaleGroup.above")), Components.Choice("upgradeCandidate", ctx.t("scaleGroup.candidate"))],
                                      checked: Set([input.aboveScale ? "aboveScale" : "", input.upgradeCandidate ? "upgradeCandidate" : ""]), errors: errors)
                Components.textField(ctx, name: "registeredOn", labelKey: "enterprise.registeredOn", value: input.registeredOn, errors: errors, type: "date")
                Components.textField(ctx, name: "capital", labelKey: "enterprise.capital", value: input.capital, errors: errors, hintKey: "enterprise.capitalHint")
                Components.textField(ctx, name: "employees", labelKey: "enterprise.employees", value: input.employees.map(String.init), errors: errors, type: "number")
                Components.checkboxes(ctx, name: "tags", legendKey: "enterprise.tags",
                                      choices: EnterpriseTag.allCases.map { Components.Choice($0.rawValue, ctx.t($0.labelKey)) }, checked: Set(input.tags), errors: errors)
                Components.selectField(ctx, name: "status", labelKey: "common.status",
                                       choices: EnterpriseStatus.allCases.map { Components.Choice($0.rawValue, ctx.t($0.labelKey)) },
                                       selected: [input.status], errors: errors, required: true)
                Components.textField(ctx, name: "closedOn", labelKey: "enterprise.closedOn", value: input.closedOn, errors: errors, type: "date",
                                     hintKey: "enterprise.closedOnHint")
                Components.saveOrCancel(ctx, cancel: cancel)
            }
        }
    }

    /// The service names the region `regionUnitID`; the form's field is `region`.
    private static func renamed(_ errors: FormErrors, _ field: String, to name: String) -> FormErrors {
        FormErrors(problems: errors.problems.map { $0.field == field ? FieldProblem(field: name, key: $0.key, args: $0.args) : $0 })
    }
}
