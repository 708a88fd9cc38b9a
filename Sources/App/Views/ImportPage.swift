import Foundation

/// The one import screen: template downloads, the upload form, the check's problems by row and
/// column, and the confirm button that writes the valid rows. Every ledger import uses it.
struct ImportPage {
    struct Result: Sendable {
        let totalRows: Int
        let validCount: Int
        let problems: [ImportProblem]
        var problemRowCount: Int { Set(problems.map(\.row)).count }
    }

    let title: String
    let subtitle: String
    let template: SiteURL
    let upload: String
    let confirm: String
    let cancel: String
    let result: Result?
    let draftID: String?
    let filename: String?
    /// An already-rendered message for a file that could not be read at all.
    let error: String?

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: title) {
            Components.pageHeader(title, subtitle: subtitle) {
                H.a(.cls("btn btn-secondary"), .href(template.path)) { ctx.t("import.templateXLSX") }
                H.a(.cls("btn btn-secondary"), .href(template.with([("format", "csv")]))) { ctx.t("import.templateCSV") }
            }
            if let error { H.div(.cls("flash flash-error"), Attr("role", "alert")) { error } }
            H.section(.cls("card")) {
                H.form(Attr("method", "post"), Attr("action", upload), Attr("enctype", "multipart/form-data"), .cls("inline-form")) {
                    Components.csrfField(ctx)
                    H.label(Attr("for", "file")) { ctx.t("import.chooseFile") }
                    H.input(.type("file"), .id("file"), .name("file"), Attr("accept", ".xlsx,.csv"), .flag("required"))
                    H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("import.check") }
                }
                H.p(.cls("hint")) { ctx.t("import.hint") }
            }
            if let result {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("import.resultTitle", filename ?? "") }
                    H.p { ctx.t("import.summary", String(result.totalRows), String(result.validCount), String(result.problemRowCount)) }
                    if !result.problems.isEmpty {
                        Components.table(caption: ctx.t("import.problems"), headers: [ctx.t("import.row"), ctx.t("import.column"), ctx.t("import.reason")],
                                         rows: result.problems.prefix(2000).map { problem in [
                                            .text(String(problem.row)), .text(problem.column), .text(Catalog.text(problem.key, ctx.lang, problem.args)),
                                         ] })
                        if result.problems.count > 2000 { H.p(.cls("muted")) { ctx.t("import.moreProblems", String(result.problems.count - 2000)) } }
                    }
                    if let draftID {
                        H.form(Attr("method", "post"), Attr("action", confirm), .cls("form-actions")) {
                            Components.csrfField(ctx)
                            H.input(.type("hidden"), .name("draft"), .value(draftID))
                            H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("import.confirm", String(result.validCount)) }
                            H.a(.cls("btn btn-ghost"), .href(cancel)) { ctx.t("action.cancel") }
                        }
                    } else {
                        H.p(.cls("muted")) { ctx.t("import.nothingValid") }
                    }
                }
            }
        }
    }
}
