import Foundation

struct CalendarPage {
    let year: Int
    let today: CivilDate
    let calendar: WorkCalendar
    let local: [CalendarDay]
    let input: CalendarService.Input?
    let errors: FormErrors
    let sum: (CivilDate, Int, CivilDate)?
    let between: (CivilDate, CivilDate, Int)?
    let query: FormInput

    func render(_ ctx: PageContext) -> HTML {
        let entries = calendar.entries(in: year)
        let covered = calendar.coveredYears.contains(year)
        return Layout.page(ctx, title: ctx.t("calendar.title")) {
            Components.pageHeader(ctx.t("calendar.title"), subtitle: ctx.t("calendar.subtitle")) {
                H.a(.cls("btn btn-secondary"), .href(SiteURL.calendar.with([("year", String(year - 1))])), Attr("rel", "prev")) { "‹ \(year - 1)" }
                H.a(.cls("btn btn-secondary"), .href(SiteURL.calendar.with([("year", String(year + 1))])), Attr("rel", "next")) { "\(year + 1) ›" }
            }
            if !covered {
                H.div(.cls("flash flash-error"), Attr("role", "alert")) { ctx.t("calendar.notCovered", String(year)) }
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("calendar.yearTitle", String(year)) }
                H.p(.cls("legend")) {
                    H.span(.cls("day day-work")) { ctx.t("calendar.legend.work") }
                    H.span(.cls("day day-rest")) { ctx.t("calendar.legend.rest") }
                    H.span(.cls("day day-holiday")) { ctx.t("calendar.legend.holiday") }
                    H.span(.cls("day day-makeup")) { ctx.t("calendar.legend.makeup") }
                }
                H.div(.cls("year-grid")) {
                    for month in 1...12 { monthTable(ctx, month) }
                }
            }
            H.div(.cls("columns")) {
                H.section(.cls("card")) {
                    H.h2 { ctx.t("calendar.entries") + " (\(entries.count))" }
                    if entries.isEmpty {
                        Components.emptyState(ctx, titleKey: "calendar.noEntries")
                    } else {
                        Components.table(caption: ctx.t("calendar.entries"),
                                         headers: [ctx.t("calendar.date"), ctx.t("calendar.kind"), ctx.t("calendar.name"), ctx.t("calendar.origin"), ""],
                                         rows: entries.map { entry in [
                                            .text(entry.date.description + " " + ctx.t("weekday.\(entry.date.isoWeekday)")),
                                            Components.badge(ctx.t(entry.kind.labelKey), entry.kind == .holiday ? .danger : .info),
                                            .text(entry.name),
                                            .text(ctx.t(entry.isLocal ? "calendar.local" : "calendar.shipped")),
                                            deleteButton(ctx, entry),
                                         ] })
                    }
                }
                H.div {
                    if ctx.can(TaskPolicy.manageCalendar) { addForm(ctx) }
                    tools(ctx)
                }
            }
        }
    }

    private func deleteButton(_ ctx: PageContext, _ entry: WorkCalendar.Entry) -> HTML {
        guard entry.isLocal, ctx.can(TaskPolicy.manageCalendar), let row = local.first(where: { $0.day == entry.date.description }), let id = row.id else {
            return .empty
        }
        return Components.actionButton(ctx, action: SiteURL.calendarDelete(.value(id)).path, labelKey: "calendar.delete", style: "btn-ghost",
                                       confirmKey: "calendar.deleteConfirm")
    }

    private func monthTable(_ ctx: PageContext, _ month: Int) -> HTML {
        let first = CivilDate(year: year, month: month, day: 1)!
        let days = CivilDate.daysIn(month: month, year: year)
        let lead = first.isoWeekday - 1
        let cells: [CivilDate?] = Array(repeating: nil, count: lead) + (0..<days).map { first.adding(days: $0) }
        let weeks = stride(from: 0, to: cells.count, by: 7).map { Array(cells[$0..<min($0 + 7, cells.count)]) }
        return H.table(.cls("month")) {
            H.tag("caption") { ctx.t("month.\(month)") }
            H.thead { H.tr { for weekday in 1...7 { H.th(Attr("scope", "col"), Attr("abbr", ctx.t("weekday.\(weekday)"))) { ctx.t("weekdayShort.\(weekday)") } } } }
            H.tbody {
                for week in weeks {
                    H.tr {
                        for cell in week + Array(repeating: nil, count: 7 - week.count) {
                            if let day = cell {
                                let entry = calendar.entry(on: day)
                                let kind = entry?.kind == .holiday ? "holiday" : entry?.kind == .workday ? "makeup" : (day.isWeekend ? "rest" : "work")
                                H.td(.cls("day day-\(kind)" + (day == today ? " today" : "")), .when(entry != nil, Attr("title", entry?.name ?? ""))) {
                                    String(day.parts.day)
                                }
                            } else {
                                H.td { "" }
                            }
                        }
                    }
                }
            }
        }
    }

    private func addForm(_ ctx: PageContext) -> HTML {
        H.section(.cls("card")) {
            H.h2 { ctx.t("calendar.addTitle") }
            H.p(.cls("hint")) { ctx.t("calendar.addHint") }
            Components.formErrorSummary(ctx, errors)
            H.form(Attr("method", "post"), Attr("action", SiteURL.calendar.path)) {
                Components.csrfField(ctx)
                Components.textField(ctx, name: "from", labelKey: "calendar.from", value: input?.from, errors: errors, type: "date", required: true)
                Components.textField(ctx, name: "to", labelKey: "calendar.to", value: input?.to, errors: errors, type: "date", hintKey: "calendar.toHint")
                Components.selectField(ctx, name: "kind", labelKey: "calendar.kind",
                                       choices: WorkCalendar.Kind.choices(ctx),
                                       selected: [input?.kind ?? WorkCalendar.Kind.holiday.rawValue], errors: errors, required: true)
                Components.textField(ctx, name: "name", labelKey: "calendar.name", value: input?.name, errors: errors, required: true,
                                     hintKey: "calendar.nameHint")
                Components.saveOrCancel(ctx, cancel: SiteURL.calendar.with([("year", String(year))]))
            }
        }
    }

    private func tools(_ ctx: PageContext) -> HTML {
        H.section(.cls("card")) {
            H.h2 { ctx.t("calendar.tools") }
            H.form(Attr("method", "get"), Attr("action", SiteURL.calendar.path), .cls("inline-form")) {
                H.input(.type("hidden"), .name("year"), .value(String(year)))
                Components.textField(ctx, name: "start", labelKey: "calendar.start", value: query["start"] ?? today.description, errors: .none, type: "date")
                Components.textField(ctx, name: "days", labelKey: "calendar.days", value: query["days"] ?? "5", errors: .none, type: "number")
                H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("calendar.compute") }
            }
            if let (start, days, result) = sum {
                H.p(Attr("role", "status")) { ctx.t("calendar.sumResult", start.description, String(days), result.description,
                                                    ctx.t("weekday.\(result.isoWeekday)")) }
            }
            H.form(Attr("method", "get"), Attr("action", SiteURL.calendar.path), .cls("inline-form")) {
                H.input(.type("hidden"), .name("year"), .value(String(year)))
                Components.textField(ctx, name: "countFrom", labelKey: "calendar.from", value: query["countFrom"], errors: .none, type: "date")
                Components.textField(ctx, name: "countTo", labelKey: "calendar.to", value: query["countTo"], errors: .none, type: "date")
                H.button(.type("submit"), .cls("btn btn-secondary")) { ctx.t("calendar.count") }
            }
            if let (start, end, count) = between {
                H.p(Attr("role", "status")) { ctx.t("calendar.betweenResult", start.description, end.description, String(count)) }
            }
        }
    }
}
