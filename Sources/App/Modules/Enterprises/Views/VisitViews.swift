import Foundation

/// Visits as the firm's page, a commissioner's record and the office see them.
enum VisitViews {
    static func list(_ ctx: PageContext, _ visits: [VisitRow], showEnterprise: Bool) -> HTML {
        H.ul(.cls("timeline")) {
            for visit in visits {
                H.li {
                    H.div(.cls("message-head")) {
                        H.strong { visit.visitedOn }
                        " "
                        Components.badge(ctx.t(visit.method.labelKey), visit.method == .onSite ? .success : .neutral)
                        if showEnterprise {
                            " "
                            H.a(.href(SiteURL.enterprise(.value(visit.enterpriseID)).path)) { visit.enterpriseName }
                        }
                        H.small(.cls("muted")) { " " + ctx.t("visit.byPeople", visit.people) }
                    }
                    H.p(.cls("prewrap")) { visit.notes }
                    if !visit.policies.isEmpty { H.p(.cls("prewrap muted")) { ctx.t("visit.policiesExplained", visit.policies) } }
                    if !visit.problems.isEmpty {
                        H.ul {
                            for problem in visit.problems {
                                H.li {
                                    Components.badge(ctx.t(problem.category.labelKey), .warning)
                                    " " + problem.description
                                    if let demand = problem.demandID { H.small(.cls("muted")) { " " + ctx.t("visit.becameDemand", String(demand)) } }
                                }
                            }
                        }
                    }
                    if let followUp = visit.followUpOn { H.small(.cls("muted")) { ctx.t("visit.followUpOnValue", followUp) } }
                }
            }
        }
    }
}

/// The visit form, one column on a phone. It offers three problem rows, or one more than were
/// filled when it comes back with errors, up to `VisitService.maxProblems`.
struct VisitFormPage {
    let enterpriseID: Int
    let enterpriseName: String
    let input: VisitInput
    let errors: FormErrors

    func render(_ ctx: PageContext) -> HTML {
        let rows = max(3, min(VisitService.maxProblems, input.problems.count + 1))
        return Layout.page(ctx, title: ctx.t("visit.record")) {
            Components.pageHeader(ctx.t("visit.record"), subtitle: enterpriseName)
            Components.formErrorSummary(ctx, errors)
            H.form(Attr("method", "post"), Attr("action", SiteURL.enterpriseVisits(.value(enterpriseID)).path), .cls("card form-grid visit-form")) {
                Components.csrfField(ctx)
                Components.textField(ctx, name: "visitedOn", labelKey: "visit.visitedOn", value: input.visitedOn, errors: errors, type: "date", required: true)
                Components.selectField(ctx, name: "method", labelKey: "visit.method",
                                       choices: VisitMethod.choices(ctx),
                                       selected: [input.method], errors: errors, required: true)
                Components.textField(ctx, name: "people", labelKey: "visit.people", value: input.people, errors: errors, hintKey: "visit.peopleHint")
                Components.textArea(ctx, name: "notes", labelKey: "visit.notes", value: input.notes, errors: errors, rows: 4)
                Components.textArea(ctx, name: "policies", labelKey: "visit.policies", value: input.policies, errors: errors, rows: 2)
                H.fieldset(.cls("field")) {
                    H.legend { ctx.t("visit.problems") }
                    for index in 0..<rows {
                        let problem = index < input.problems.count ? input.problems[index] : VisitInput.Problem()
                        H.div(.cls("problem-row")) {
                            H.label(.cls("sr-only"), Attr("for", "problem-category-\(index)")) { ctx.t("visit.problemCategory") }
                            H.select(.id("problem-category-\(index)"), .name("problemCategory")) {
                                H.option(.value("")) { ctx.t("visit.problemCategory") }
                                for choice in VisitProblemCategory.choices(ctx) {
                                    H.option(.value(choice.value), .when(problem.category == choice.value, .flag("selected"))) { choice.label }
                                }
                            }
                            H.label(.cls("sr-only"), Attr("for", "problem-text-\(index)")) { ctx.t("visit.problemText") }
                            H.input(.type("text"), .id("problem-text-\(index)"), .name("problemText"), .value(problem.description),
                                    Attr("placeholder", ctx.t("visit.problemText")), Attr("maxlength", "1000"),
                                    .when(errors["problems.\(index).description"] != nil || errors["problems.\(index).category"] != nil, .aria("invalid", "true")))
                        }
                    }
                    H.small(.cls("hint")) { ctx.t("visit.problemsHint") }
                }
                Components.textField(ctx, name: "followUpOn", labelKey: "visit.followUpOn", value: input.followUpOn, errors: errors, type: "date")
                Components.saveOrCancel(ctx, cancel: SiteURL.enterprise(.value(enterpriseID)).path)
            }
        }
    }
}
