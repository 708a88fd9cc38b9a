import Foundation

/// The registry's upload form with the recent imports, and one import's progress and problems.
struct EnterpriseImportsPage {
    let imports: [EnterpriseImportRecord]
    /// An already-rendered message for a file that could not be read at all.
    let error: String?

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t("enterpriseImport.title")
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title, subtitle: ctx.t("enterpriseImport.subtitle")) {
                H.a(.cls("btn btn-secondary"), .href(SiteURL.enterpriseImportTemplate.path)) { ctx.t("import.templateXLSX") }
                H.a(.cls("btn btn-secondary"), .href(SiteURL.enterpriseImportTemplate.with([("format", "csv")]))) { ctx.t("import.templateCSV") }
            }
            if let error { H.div(.cls("flash flash-error"), Attr("role", "alert")) { error } }
            H.section(.cls("card")) {
                H.form(Attr("method", "post"), Attr("action", SiteURL.enterpriseImports.path), Attr("enctype", "multipart/form-data"), .cls("inline-form")) {
                    Components.csrfField(ctx)
                    H.label(Attr("for", "file")) { ctx.t("import.chooseFile") }
                    H.input(.type("file"), .id("file"), .name("file"), Attr("accept", ".xlsx,.csv"), .flag("required"))
                    H.label(.cls("checkbox")) {
                        H.input(.type("checkbox"), .name("importValid"))
                        ctx.t("enterpriseImport.importValidUpfront")
                    }
                    H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("enterpriseImport.start") }
                }
                H.p(.cls("hint")) { ctx.t("enterpriseImport.hint", EnterpriseSheet.columns.filter(\.required).map(\.zh).joined(separator: "、")) }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("enterpriseImport.recent") }
                if imports.isEmpty {
                    Components.emptyState(ctx, titleKey: "enterpriseImport.none")
                } else {
                    Components.table(caption: ctx.t("enterpriseImport.recent"),
                                     headers: [ctx.t("enterpriseImport.file"), ctx.t("common.status"), ctx.t("enterpriseImport.rows"),
                                               ctx.t("enterpriseImport.written"), ctx.t("common.createdAt"), ctx.t("enterpriseImport.by")],
                                     rows: imports.map { record in [
                                        H.a(.href(SiteURL.enterpriseImport(.value(record.id ?? 0)).path)) { record.filename },
                                        EnterpriseImportPage.status(ctx, record.status),
                                        .text(record.checkedAt == nil ? "—" : ctx.t("enterpriseImport.rowsSummary", String(record.totalRows), String(record.problemRows))),
                                        .text(String(record.rowsDone)),
                                        .text(DisplayTime.format(record.createdAt)),
                                        .text(record.actorName),
                                     ] })
                }
            }
        }
    }
}

struct EnterpriseImportPage {
    let record: EnterpriseImportRecord
    let problems: [ImportProblem]
    let problemCount: Int
    let page: Pagination

    static func status(_ ctx: PageContext, _ status: EnterpriseImportStatus) -> HTML {
        let tone: Components.Tone = switch status {
        case .done: .success
        case .invalid: .warning
        case .failed: .danger
        case .queued, .checking, .writing: .info
        }
        return Components.badge(ctx.t(status.labelKey), tone)
    }

    func render(_ ctx: PageContext) -> HTML {
        let id = record.id ?? 0
        let running = [.queued, .checking, .writing].contains(record.status)
        return Layout.page(ctx, title: record.filename, refreshSeconds: running ? 2 : nil) {
            Components.pageHeader(record.filename, subtitle: ctx.t("enterpriseImport.number", String(id))) {
                H.a(.cls("btn btn-ghost"), .href(SiteURL.enterpriseImports.path)) { ctx.t("enterpriseImport.title") }
            }
            H.section(.cls("card"), .aria("live", "polite")) {
                H.p { Self.status(ctx, record.status); " "; H.span(.cls("muted")) { ctx.t("enterpriseImport.explain.\(record.status.rawValue)") } }
                if record.status == .writing || record.status == .done || (record.status == .failed && record.rowsDone > 0) {
                    TaskViews.progress(record.percent, note: ctx.t("enterpriseImport.progress", String(record.rowsDone), String(record.validRows),
                                                                 String(record.batchesDone), String(record.batchCount)))
                }
                H.div(.cls("stat-grid")) {
                    Components.stat(record.checkedAt == nil ? "—" : String(record.totalRows), label: ctx.t("enterpriseImport.rows"))
                    Components.stat(record.checkedAt == nil ? "—" : String(record.validRows), label: ctx.t("enterpriseImport.valid"), tone: "success")
                    Components.stat(record.checkedAt == nil ? "—" : String(record.problemRows), label: ctx.t("enterpriseImport.problemRows"),
                                    tone: record.problemRows > 0 ? "warning" : nil)
                    Components.stat(String(record.createdCount), label: ctx.t("enterpriseImport.created"))
                    Components.stat(String(record.updatedCount), label: ctx.t("enterpriseImport.updated"))
                    Components.stat(String(record.unchangedCount), label: ctx.t("enterpriseImport.unchanged"))
                }
                if !record.error.isEmpty { H.div(.cls("flash flash-error"), Attr("role", "alert")) { record.error } }
                if record.status == .invalid && record.validRows > 0 {
                    H.form(Attr("method", "post"), Attr("action", SiteURL.enterpriseImportValid(.value(id)).path), .cls("form-actions")) {
                        Components.csrfField(ctx)
                        H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("enterpriseImport.importValid", String(record.validRows)) }
                        H.a(.cls("btn btn-ghost"), .href(SiteURL.enterpriseImports.path)) { ctx.t("enterpriseImport.fixFile") }
                    }
                }
                if record.status == .failed {
                    H.form(Attr("method", "post"), Attr("action", SiteURL.enterpriseImportResume(.value(id)).path), .cls("form-actions")) {
                        Components.csrfField(ctx)
                        H.button(.type("submit"), .cls("btn btn-primary")) { ctx.t("enterpriseImport.resume") }
                    }
                }
            }
            if problemCount > 0 {
                H.section(.cls("card")) {
                    Components.pageHeader(ctx.t("import.problems")) {
                        H.a(.cls("btn btn-secondary"), .href(SiteURL.enterpriseImportProblems(.value(id)).path)) { ctx.t("enterpriseImport.downloadProblems") }
                    }
                    Components.table(caption: ctx.t("import.problems"), headers: [ctx.t("import.row"), ctx.t("import.column"), ctx.t("import.reason")],
                                     rows: problems.map { problem in [
                                        .text(String(problem.row)), .text(problem.column), .text(Catalog.text(problem.key, ctx.lang, problem.args)),
                                     ] })
                    Components.pagination(ctx, page: page, total: problemCount) { SiteURL.enterpriseImport(.value(id)).with([("page", String($0))]) }
                }
            }
        }
    }
}
