import SQLKit

/// The one rule of what the public may see: a public, non-test task of a published plan.
/// Every portal query includes it, with the plan aliased `p` and the task `t`.
enum PortalVisibility {
    static var condition: SQLQueryString {
        "p.published = \(bind: true) AND t.is_public = \(bind: true) AND t.is_test = \(bind: false)"
    }

    /// Joins `pc` to tasks that have a public child, so `pc.parent_id IS NULL` marks the leaves of
    /// the tree the public sees. A join, not a correlated NOT EXISTS: once SQLite has statistics
    /// saying `parent_id` is mostly NULL it stops using the index inside the subquery and scans the
    /// table for every row, which is quadratic at 100k tasks.
    static var publicParentsJoin: SQLQueryString {
        """
        LEFT JOIN (SELECT DISTINCT c.parent_id FROM tasks c
                   WHERE c.parent_id IS NOT NULL AND c.is_public = \(bind: true) AND c.is_test = \(bind: false)) pc ON pc.parent_id = t.id
        """
    }

    static let publicLeaf: SQLQueryString = "pc.parent_id IS NULL"
}
