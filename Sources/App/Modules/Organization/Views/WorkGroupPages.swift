struct WorkGroupListPage {
    let groups: [WorkGroupRow]

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: ctx.t("group.listTitle")) {
            Components.pageHeader(ctx.t("group.listTitle"), subtitle: ctx.t("group.listSubtitle")) {
                if ctx.can(OrganizationPolicy.manageGroups) { H.a(.cls("btn btn-primary"), .href(SiteURL.groupNew.path)) { ctx.t("group.new") } }
            }
            if groups.isEmpty {
                Components.emptyState(ctx, titleKey: "group.empty", hintKey: "group.emptyHint")
            } else {
                Components.table(caption: ctx.t("group.listTitle"),
                                 headers: [ctx.t("group.name"), ctx.t("group.kind"), ctx.t("group.leader"), ctx.t("group.leadUnit"), ctx.t("group.memberCount")],
                                 rows: groups.map { group in [
                                    H.a(.href(SiteURL.group(.value(group.id)).path)) { group.name },
                                    Components.badge(ctx.t("groupKind.\(group.kind)"), group.kind == WorkGroupKind.leadingGroup.rawValue ? .info : .neutral),
                                    .text(WorkGroupViews.leader(group)), .text(group.leadUnitName ?? "—"), .text(String(group.members.count)),
                                 ] })
            }
        }
    }
}

enum WorkGroupViews {
    static func leader(_ group: WorkGroupRow) -> String {
        guard let name = group.leaderName else { return "—" }
        guard let title = group.leaderTitle, !title.isEmpty else { return name }
        return "\(name)（\(title)）"
    }
}

struct WorkGroupDetailPage {
    let group: WorkGroupRow

    func render(_ ctx: PageContext) -> HTML {
        Layout.page(ctx, title: group.name) {
            Components.pageHeader(group.name, subtitle: ctx.t("groupKind.\(group.kind)")) {
                Components.historyLink(ctx, entityType: "work_group", id: group.id)
                if ctx.can(OrganizationPolicy.manageGroups) {
                    H.a(.cls("btn btn-secondary"), .href(SiteURL.groupEdit(.value(group.id)).path)) { ctx.t("action.edit") }
                }
            }
            H.section(.cls("card")) {
                Components.details([
                    (ctx.t("group.leader"), .text(WorkGroupViews.leader(group))),
                    (ctx.t("group.leadUnit"), group.leadUnitID.map { id in H.a(.href(SiteURL.unit(.value(id)).path)) { group.leadUnitName ?? "" } } ?? .text("—")),
                    (ctx.t("group.description"), .text(group.description.isEmpty ? "—" : group.description)),
                ])
            }
            H.section(.cls("card")) {
                H.h2 { ctx.t("group.members") + " (\(group.members.count))" }
                if group.members.isEmpty {
                    Components.emptyState(ctx, titleKey: "group.noMembers")
                } else {
                    H.ul(.cls("chip-list")) {
                        for member in group.members {
                            H.li {
                                H.a(.cls("chip"), .href(SiteURL.unit(.value(member.unitID)).path)) { member.name }
                                if member.unitID == group.leadUnitID { HTML.text(" ") + Components.badge(ctx.t("group.lead"), .info) }
                            }
                        }
                    }
                }
            }
        }
    }
}

struct WorkGroupFormPage {
    let input: WorkGroupInput
    let groupID: Int?
    let units: [Components.Choice]
    let leaders: [Components.Choice]
    let errors: FormErrors

    func render(_ ctx: PageContext) -> HTML {
        let title = ctx.t(groupID == nil ? "group.new" : "group.edit")
        return Layout.page(ctx, title: title) {
            Components.pageHeader(title)
            H.section(.cls("card narrow")) {
                Components.formErrorSummary(ctx, errors)
                H.form(Attr("method", "post"), Attr("action", groupID.map { SiteURL.group(.value($0)).path } ?? SiteURL.groups.path)) {
                    Components.csrfField(ctx)
                    Components.textField(ctx, name: "name", labelKey: "group.name", value: input.name, errors: errors, required: true)
                    Components.selectField(ctx, name: "kind", labelKey: "group.kind",
                                           choices: WorkGroupKind.choices(ctx),
                                           selected: [input.kind], errors: errors, required: true)
                    Components.selectField(ctx, name: "leaderUserID", labelKey: "group.leader", choices: leaders,
                                           selected: input.leaderUserID.map { [String($0)] } ?? [], errors: errors, blankKey: "group.noLeader")
                    Components.selectField(ctx, name: "leadUnitID", labelKey: "group.leadUnit", choices: units,
                                           selected: input.leadUnitID.map { [String($0)] } ?? [], errors: errors, required: true, blankKey: "common.choose")
                    Components.selectField(ctx, name: "memberUnitIDs", labelKey: "group.members", choices: units,
                                           selected: input.memberUnitIDs.map(String.init), errors: errors, multiple: true)
                    Components.textArea(ctx, name: "description", labelKey: "group.description", value: input.description, errors: errors)
                    Components.saveOrCancel(ctx, cancel: groupID.map { SiteURL.group(.value($0)).path } ?? SiteURL.groups.path)
                }
            }
        }
    }
}
