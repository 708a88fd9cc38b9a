import Foundation

/// A commissioner's or leader's own page: whom to visit next, then their record.
struct MyFirmsPage {
    let firms: [PairingCoverage.Due]
    let visits: [VisitRow]
    let visitTotal: Int
    let page: Pagination

    func render(_ ctx: PageContext) -> HTML {
        let today = CivilDate.today()
        let overdue = firms.filter { $0.dueOn < today }.count
        return Layout.page(ctx, title: ctx.t("myFirms.title")) {
            Components.pageHeader(ctx.t("myFirms.title"), subtitle: ctx.t("myFirms.subtitle"))
            H.div(.cls("stat-grid")) {
                Components.stat(String(firms.count), label: ctx.t("myFirms.count"))
                Components.stat(String(overdue), label: ctx.t("pairing.overdueVisits"), tone: overdue > 0 ? "red" : "done")
                Components.stat(String(visitTotal), label: ctx.t("myFirms.visits"))
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("myFirms.next") }
                if firms.isEmpty {
                    Components.emptyState(ctx, titleKey: "myFirms.none", hintKey: "myFirms.noneHint")
                } else {
                    FirmDueTable.render(ctx, firms, showPerson: false, today: today)
                }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("myFirms.record") }
                if visits.isEmpty {
                    Components.emptyState(ctx, titleKey: "visit.none")
                } else {
                    VisitViews.list(ctx, visits, showEnterprise: true)
                    Components.pagination(ctx, page: page, total: visitTotal) { SiteURL.myFirms.with([("page", String($0))]) }
                }
            }
        }
    }
}
