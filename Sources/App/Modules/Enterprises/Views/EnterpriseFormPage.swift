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
                                       selected: input.regionUnitID.map { [String($0)] } ?? [], errors: errors.renamed("regionUnitID", to: "region"),
                                       blankKey: "common.choose")
                Components.textField(ctx, name: "address", labelKey: "enterprise.address", value: input.address, errors: errors)
                Components.selectField(ctx, name: "industry", labelKey: "enterprise.industry", choices: EnterpriseViews.industryChoices(ctx, sections: false),
                                       selected: [input.industryCode], errors: errors.renamed("industryCode", to: "industry"), blankKey: "common.choose")
                Components.selectField(ctx, name: "size", labelKey: "enterprise.size",
                                       choices: EnterpriseSize.choices(ctx),
                                       selected: [input.size], errors: errors, blankKey: "common.choose")
                Components.checkboxes(ctx, name: "flags", legendKey: "enterprise.scale",
                                      choices: [Components.Choice("aboveScale", ctx.t("scaleGroup.above")), Components.Choice("upgradeCandidate", ctx.t("scaleGroup.candidate"))],
                                      checked: Set([input.aboveScale ? "aboveScale" : "", input.upgradeCandidate ? "upgradeCandidate" : ""]), errors: errors)
                Components.textField(ctx, name: "registeredOn", labelKey: "enterprise.registeredOn", value: input.registeredOn, errors: errors, type: "date")
                Components.textField(ctx, name: "capital", labelKey: "enterprise.capital", value: input.capital, errors: errors, hintKey: "enterprise.capitalHint")
                Components.textField(ctx, name: "employees", labelKey: "enterprise.employees", value: input.employees.map(String.init), errors: errors, type: "number")
                Components.checkboxes(ctx, name: "tags", legendKey: "enterprise.tags",
                                      choices: EnterpriseTag.choices(ctx), checked: Set(input.tags), errors: errors)
                Components.selectField(ctx, name: "status", labelKey: "common.status",
                                       choices: EnterpriseStatus.choices(ctx),
                                       selected: [input.status], errors: errors, required: true)
                Components.textField(ctx, name: "closedOn", labelKey: "enterprise.closedOn", value: input.closedOn, errors: errors, type: "date",
                                     hintKey: "enterprise.closedOnHint")
                Components.saveOrCancel(ctx, cancel: cancel)
            }
        }
    }
}
