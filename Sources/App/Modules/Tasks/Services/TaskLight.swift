import SQLKit

/// The traffic light of a task or order: red when a milestone or the deadline has passed,
/// yellow when one falls within the configured window of working days, green otherwise.
enum TaskLight: String, Codable, Sendable, CaseIterable, CatalogChoice {
    case draft, green, yellow, red, done

    var labelKey: String { "light.\(rawValue)" }

    /// The light's colour in charts.
    var chartColor: String {
        switch self {
        case .red: "#d92d20"
        case .yellow: "#f0a500"
        case .green: "#2f9e44"
        case .done: "#1d6fd6"
        case .draft: "#7b8794"
        }
    }

    /// The light as a SQL expression over a table alias with `status` and `next_due`, so lists can
    /// filter and count by it. `cutoff` is `today` plus the warning window in working days.
    static func sql(_ alias: String, today: CivilDate, cutoff: CivilDate, doneStatuses: [String], draftStatus: String?) -> SQLQueryString {
        let done = doneStatuses.map { "'\($0)'" }.joined(separator: ", ")
        let draft: SQLQueryString = draftStatus.map { "WHEN \(unsafeRaw: alias).status = '\(unsafeRaw: $0)' THEN 'draft' " } ?? ""
        return """
            (CASE WHEN \(unsafeRaw: alias).status IN (\(unsafeRaw: done)) THEN 'done' \(draft)\
            WHEN \(unsafeRaw: alias).next_due < \(bind: today.description) THEN 'red' \
            WHEN \(unsafeRaw: alias).next_due <= \(bind: cutoff.description) THEN 'yellow' ELSE 'green' END)
            """
    }

    static func forTasks(_ alias: String = "t", today: CivilDate, cutoff: CivilDate) -> SQLQueryString {
        sql(alias, today: today, cutoff: cutoff, doneStatuses: ["completed", "closed"], draftStatus: "draft")
    }

    /// Orders: a dispatched order past its signing day is red as well.
    static func forOrders(_ alias: String = "o", today: CivilDate, cutoff: CivilDate) -> SQLQueryString {
        """
        (CASE WHEN \(unsafeRaw: alias).status IN ('completed', 'withdrawn') THEN 'done' \
        WHEN \(unsafeRaw: alias).status = 'dispatched' AND \(unsafeRaw: alias).sign_due < \(bind: today.description) THEN 'red' \
        WHEN \(unsafeRaw: alias).next_due < \(bind: today.description) THEN 'red' \
        WHEN \(unsafeRaw: alias).next_due <= \(bind: cutoff.description) THEN 'yellow' ELSE 'green' END)
        """
    }

    /// The same rule in Swift, for a single record.
    static func of(status: String, nextDue: String?, signDue: String? = nil, today: CivilDate, cutoff: CivilDate) -> TaskLight {
        if ["completed", "closed", "withdrawn"].contains(status) { return .done }
        if status == "draft" { return .draft }
        if status == "dispatched", let signDue, signDue < today.description { return .red }
        guard let nextDue else { return .green }
        if nextDue < today.description { return .red }
        if nextDue <= cutoff.description { return .yellow }
        return .green
    }
}
