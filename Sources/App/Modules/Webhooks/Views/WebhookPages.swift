import Foundation

struct WebhookListPage {
    let unit: UnitRow
    let rows: [WebhookRow]
    /// The form as last submitted; its secret is never put back into the page.
    let input: WebhookInput
    let errors: FormErrors

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("webhook.title")) {
            Components.pageHeader(ctx.t("webhook.title"), subtitle: unit.name) {
                H.a(.cls("btn btn-secondary"), .href(SiteURL.unit(.value(unit.id)).path)) { ctx.t("webhook.backToUnit") }
            }
            H.section(.cls("card")) {
                H.p(.cls("muted")) { ctx.t("webhook.intro") }
                if rows.isEmpty {
                    Components.emptyState(ctx, titleKey: "webhook.empty", hintKey: "webhook.emptyHint")
                } else {
                    Components.table(caption: ctx.t("webhook.title"),
                                     headers: [ctx.t("webhook.name"), ctx.t("webhook.kind"), ctx.t("webhook.url"), ctx.t("webhook.secret"),
                                               ctx.t("common.status"), ctx.t("webhook.lastResult"), ctx.t("webhook.actions")],
                                     rows: rows.map { row(ctx, $0) })
                }
            }
            H.section(.cls("card narrow")) {
                H.h2 { ctx.t("webhook.new") }
                Components.formErrorSummary(ctx, errors)
                H.form(Attr("method", "post"), Attr("action", SiteURL.unitWebhooks(.value(unit.id)).path)) {
                    Components.csrfField(ctx)
                    Components.selectField(ctx, name: "kind", labelKey: "webhook.kind",
                                           choices: RobotKind.choices(ctx),
                                           selected: [input.kind], errors: errors, required: true)
                    Components.textField(ctx, name: "name", labelKey: "webhook.name", value: input.name, errors: errors, required: true,
                                         hintKey: "webhook.nameHint")
                    Components.textField(ctx, name: "url", labelKey: "webhook.url", value: input.url, errors: errors, required: true,
                                         hintKey: "webhook.urlHint", autocomplete: "off")
                    Components.textField(ctx, name: "secret", labelKey: "webhook.secret", value: nil, errors: errors, type: "password",
                                         hintKey: "webhook.secretHint", autocomplete: "off")
                    H.div(.cls("form-actions")) {
                        H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("webhook.add") }
                    }
                }
            }
        }
    }

    private func row(_ ctx: PageContext, _ hook: WebhookRow) -> [HTML] {
        [
            .text(hook.name),
            Components.badge(ctx.t("webhook.kind.\(hook.kind)"), .info),
            H.code { hook.maskedURL },
            .text(hook.hasSecret ? ctx.t("webhook.secretSet") : "—"),
            hook.active ? Components.badge(ctx.t("common.active"), .success) : Components.badge(ctx.t("common.inactive"), .neutral),
            lastResult(ctx, hook),
            H.div(.cls("page-actions")) {
                Components.actionButton(ctx, action: SiteURL.unitWebhookToggle(.value(unit.id), .value(hook.id)).path,
                                        labelKey: hook.active ? "action.deactivate" : "action.activate",
                                        style: hook.active ? "btn-danger" : "btn-secondary",
                                        confirmKey: hook.active ? "webhook.deactivateConfirm" : nil)
                if hook.active {
                    Components.actionButton(ctx, action: SiteURL.unitWebhookTest(.value(unit.id), .value(hook.id)).path, labelKey: "webhook.sendTest")
                }
            },
        ]
    }

    private func lastResult(_ ctx: PageContext, _ hook: WebhookRow) -> HTML {
        H.div {
            switch hook.lastStatus {
            case .some(WebhookStatus.ok): Components.badge(ctx.t("webhook.status.ok"), .success)
            case .some(WebhookStatus.failed): Components.badge(ctx.t("webhook.status.failed"), .danger)
            default: Components.badge(ctx.t("webhook.status.never"), .neutral)
            }
            if let sent = hook.lastSentAt { H.small(.cls("hint")) { ctx.t("webhook.lastSentAt", DisplayTime.format(sent)) } }
            if let error = hook.lastError { H.small(.cls("hint")) { ctx.t("webhook.lastError", error) } }
        }
    }
}
