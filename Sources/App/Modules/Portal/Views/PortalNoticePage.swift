/// A refusal on the portal (too many suggestions, a form robots filled in), with the way back
/// to the task rather than the staff login the generic error page offers.
struct PortalNoticePage {
    let titleKey: String
    let messageKey: String
    let back: String

    func render(_ ctx: PageContext) -> HTML {
        PortalViews.page(ctx, title: ctx.t(titleKey)) {
            H.section(.cls("portal-notice"), Attr("role", "alert")) {
                H.h1 { ctx.t(titleKey) }
                H.p { ctx.t(messageKey) }
                H.p { H.a(.cls("btn btn-primary"), .href(back)) { ctx.t("portal.notice.back") } }
            }
        }
    }
}
