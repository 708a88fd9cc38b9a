/// The 19 domains of the national business-environment evaluation, offered when a plan is new.
enum TaskDefaults {
    static let domains = [
        "开办企业", "劳动力市场监管", "办理建筑许可", "政府采购", "招标投标", "获得电力", "获得用水用气", "登记财产", "获得信贷",
        "保护中小投资者", "知识产权创造、保护和运用", "跨境贸易", "纳税", "执行合同", "办理破产", "市场监管", "政务服务",
        "包容普惠创新", "市场主体满意度",
    ]
}
