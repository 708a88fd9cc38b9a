import SQLKit

/// The one rule of what the public may see: a public, non-test task of a published plan.
/// Every portal query includes it, with the plan aliased `p` and the task `t`.
enum PortalVisibility {
    static var condition: SQLQueryString {
        "p.published = \(bind: true) AND t.is_public = \(bind: true) AND t.is_test = \(bind: false)"
    }

    /// A leaf of the tree the public sees: a task with no public, non-test child.
    static var publicLeaf: SQLQueryString {
        TaskService.isLeaf(children: "c.is_public = \(bind: true) AND c.is_test = \(bind: false)")
    }
}
