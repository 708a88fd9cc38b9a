import Foundation

/// The suggestion form. Works without JavaScript; the browser checks lengths first and the
/// server checks them again. A field hidden from people catches form-filling robots.
struct SuggestionFormView {
    let taskID: Int
    let draft: SuggestionInput
    let errors: FormErrors

    /// The honeypot's name: plausible to a robot, never shown to a person.
    static let honeypotField = "homepage"

    func render(_ ctx: PageContext) -> HTML {
        H.section(.cls("card portal-form"), .id("suggest"), .aria("labelledby", "suggest-heading")) {
            H.h2(.id("suggest-heading")) { ctx.t("portal.suggest.title") }
            H.p(.cls("muted")) { ctx.t("portal.suggest.intro") }
            Components.formErrorSummary(ctx, errors)
            H.form(Attr("method", "post"), Attr("action", SiteURL.portalTaskSuggestions(.value(taskID)).path)) {
                Components.csrfField(ctx)
                field(ctx, name: "name", labelKey: "portal.suggest.name", hintKey: "portal.suggest.nameHint", value: draft.name,
                      maxLength: SuggestionInput.maxName, autocomplete: "name")
                field(ctx, name: "contact", labelKey: "portal.suggest.contact", hintKey: "portal.suggest.contactHint", value: draft.contact,
                      maxLength: SuggestionInput.maxContact, autocomplete: "tel")
                body(ctx)
                H.div(.cls("portal-hp"), .aria("hidden", "true")) {
                    H.label(Attr("for", "f-\(Self.honeypotField)")) { ctx.t("portal.suggest.honeypot") }
                    H.input(.type("text"), .id("f-\(Self.honeypotField)"), .name(Self.honeypotField), .value(""), Attr("tabindex", "-1"),
                            Attr("autocomplete", "off"))
                }
                H.div(.cls("form-actions")) {
                    H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("portal.suggest.submit") }
                }
            }
        }
    }

    private func field(_ ctx: PageContext, name: String, labelKey: String, hintKey: String, value: String?, maxLength: Int,
                       autocomplete: String) -> HTML {
        let problem = errors[name]
        let described = problem == nil ? "h-\(name)" : "h-\(name) e-\(name)"
        return H.div(.cls(problem == nil ? "field" : "field field-error")) {
            H.label(Attr("for", "f-\(name)")) { ctx.t(labelKey) }
            H.input(.type("text"), .id("f-\(name)"), .name(name), .value(value ?? ""), Attr("maxlength", String(maxLength)),
                    Attr("autocomplete", autocomplete), .aria("describedby", described), .when(problem != nil, .aria("invalid", "true")))
            H.small(.cls("hint"), .id("h-\(name)")) { ctx.t(hintKey) }
            if let problem { H.small(.cls("error-text"), .id("e-\(name)")) { Catalog.text(problem.key, ctx.lang, problem.args) } }
        }
    }

    private func body(_ ctx: PageContext) -> HTML {
        let problem = errors["body"]
        let range = SuggestionInput.bodyLength
        return H.div(.cls(problem == nil ? "field" : "field field-error")) {
            H.label(Attr("for", "f-body")) {
                ctx.t("portal.suggest.body")
                H.span(.cls("required"), .aria("hidden", "true")) { " *" }
            }
            H.textarea(.id("f-body"), .name("body"), Attr("rows", "6"), .flag("required"), Attr("minlength", String(range.lowerBound)),
                       Attr("maxlength", String(range.upperBound)), .aria("describedby", problem == nil ? "h-body" : "h-body e-body"),
                       .when(problem != nil, .aria("invalid", "true"))) { draft.body }
            H.small(.cls("hint"), .id("h-body")) { ctx.t("portal.suggest.bodyHint", String(range.lowerBound), String(range.upperBound)) }
            if let problem { H.small(.cls("error-text"), .id("e-body")) { Catalog.text(problem.key, ctx.lang, problem.args) } }
        }
    }
}
