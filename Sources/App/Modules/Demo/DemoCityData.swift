import Foundation

// Fictional demo data for the "Yingshang" platform: an invented prefecture-level city (桐江市),
// its districts and counties, city departments, the leading group with its task forces, and
// name pools for generating people. None of it describes a real place or person.
//
// Administrative codes are invented: the city is 471100 (the "47" province prefix is not used
// by any real province). Region codes are the city prefix + 2 digits (0x for 区, 2x for 县,
// 8x for 县级市); town codes are the region code + 3 digits (001–099 街道, 1xx 镇, 2xx 乡).

/// A district (区) or county-level unit (县 / 县级市) of the demo city.
public struct DemoRegion: Sendable, Hashable {
    public let name: String
    /// 6-digit administrative division code, e.g. "471102".
    public let code: String
    /// "district" for 区, "county" for 县 and 县级市.
    public let kind: String
    public let towns: [DemoTown]
}

/// A street (街道) or town/township (镇/乡) inside a region.
public struct DemoTown: Sendable, Hashable {
    public let name: String
    /// 9-digit code: the region code + 3 digits.
    public let code: String
    /// "street" for 街道, "town" for 镇 and 乡.
    public let kind: String
}

/// A city-level department (市直部门) or other unit that owns reform tasks.
public struct DemoDepartment: Sendable, Hashable {
    /// Full name, e.g. "桐江市市场监督管理局".
    public let name: String
    /// Name used in ledgers and tables, e.g. "市市场监管局".
    public let shortName: String
    /// "D01"…"D40", or "OFFICE" for the business-environment office itself.
    public let code: String
}

/// A task force (专班) under the leading group.
public struct DemoGroup: Sendable, Hashable {
    public let name: String
    public let leadDepartmentCode: String
    public let memberDepartmentCodes: [String]
    /// Title of the responsible city leader; equals the `title` of an entry in `DemoCityData.leaders`.
    public let leaderTitle: String
}

/// A city leader (市领导).
public struct DemoLeader: Sendable, Hashable {
    public let name: String
    public let title: String
}

public enum DemoCityData {
    public static let cityName = "桐江市"
    public static let cityCode = "471100"

    /// Code of the business-environment office in `departments`.
    public static let officeCode = "OFFICE"

    // MARK: - Regions

    public static let regions: [DemoRegion] = [
        DemoRegion(name: "桐湖区", code: "471102", kind: "district", towns: [
            DemoTown(name: "新华街道", code: "471102001", kind: "street"),
            DemoTown(name: "桐湖街道", code: "471102002", kind: "street"),
            DemoTown(name: "东门街道", code: "471102003", kind: "street"),
            DemoTown(name: "解放路街道", code: "471102004", kind: "street"),
            DemoTown(name: "文昌街道", code: "471102005", kind: "street"),
            DemoTown(name: "南湖街道", code: "471102006", kind: "street"),
            DemoTown(name: "月塘街道", code: "471102007", kind: "street"),
            DemoTown(name: "府前街道", code: "471102008", kind: "street"),
            DemoTown(name: "学院路街道", code: "471102009", kind: "street"),
        ]),
        DemoRegion(name: "江滨区", code: "471103", kind: "district", towns: [
            DemoTown(name: "江滨街道", code: "471103001", kind: "street"),
            DemoTown(name: "沙洲街道", code: "471103002", kind: "street"),
            DemoTown(name: "石桥街道", code: "471103003", kind: "street"),
            DemoTown(name: "柳林街道", code: "471103004", kind: "street"),
            DemoTown(name: "望江街道", code: "471103005", kind: "street"),
            DemoTown(name: "白鹭洲街道", code: "471103006", kind: "street"),
            DemoTown(name: "码头街道", code: "471103007", kind: "street"),
            DemoTown(name: "北津街道", code: "471103008", kind: "street"),
        ]),
        DemoRegion(name: "凤岭区", code: "471104", kind: "district", towns: [
            DemoTown(name: "凤岭街道", code: "471104001", kind: "street"),
            DemoTown(name: "金山街道", code: "471104002", kind: "street"),
            DemoTown(name: "长岭街道", code: "471104003", kind: "street"),
            DemoTown(name: "鹤林街道", code: "471104004", kind: "street"),
            DemoTown(name: "梅溪街道", code: "471104005", kind: "street"),
            DemoTown(name: "松涛街道", code: "471104006", kind: "street"),
            DemoTown(name: "翠屏街道", code: "471104007", kind: "street"),
        ]),
        DemoRegion(name: "新港区", code: "471105", kind: "district", towns: [
            DemoTown(name: "新港街道", code: "471105001", kind: "street"),
            DemoTown(name: "港兴街道", code: "471105002", kind: "street"),
            DemoTown(name: "青山街道", code: "471105003", kind: "street"),
            DemoTown(name: "龙潭街道", code: "471105004", kind: "street"),
            DemoTown(name: "双桥街道", code: "471105005", kind: "street"),
            DemoTown(name: "荷塘街道", code: "471105006", kind: "street"),
        ]),
        DemoRegion(name: "丰溪县", code: "471121", kind: "county", towns: [
            DemoTown(name: "丰溪镇", code: "471121100", kind: "town"),
            DemoTown(name: "石门镇", code: "471121101", kind: "town"),
            DemoTown(name: "黄土岭镇", code: "471121102", kind: "town"),
            DemoTown(name: "永丰镇", code: "471121103", kind: "town"),
            DemoTown(name: "新桥镇", code: "471121104", kind: "town"),
            DemoTown(name: "龙口镇", code: "471121105", kind: "town"),
            DemoTown(name: "大坪乡", code: "471121200", kind: "town"),
            DemoTown(name: "马鞍乡", code: "471121201", kind: "town"),
            DemoTown(name: "清水乡", code: "471121202", kind: "town"),
            DemoTown(name: "桃花乡", code: "471121203", kind: "town"),
        ]),
        DemoRegion(name: "清溪县", code: "471122", kind: "county", towns: [
            DemoTown(name: "清溪镇", code: "471122100", kind: "town"),
            DemoTown(name: "白沙镇", code: "471122101", kind: "town"),
            DemoTown(name: "桃源镇", code: "471122102", kind: "town"),
            DemoTown(name: "金鸡镇", code: "471122103", kind: "town"),
            DemoTown(name: "河口镇", code: "471122104", kind: "town"),
            DemoTown(name: "高峰镇", code: "471122105", kind: "town"),
            DemoTown(name: "杨柳乡", code: "471122200", kind: "town"),
            DemoTown(name: "双溪乡", code: "471122201", kind: "town"),
            DemoTown(name: "竹山乡", code: "471122202", kind: "town"),
            DemoTown(name: "石坪乡", code: "471122203", kind: "town"),
            DemoTown(name: "茶园乡", code: "471122204", kind: "town"),
        ]),
        DemoRegion(name: "梅源县", code: "471123", kind: "county", towns: [
            DemoTown(name: "梅源镇", code: "471123100", kind: "town"),
            DemoTown(name: "古城镇", code: "471123101", kind: "town"),
            DemoTown(name: "太平镇", code: "471123102", kind: "town"),
            DemoTown(name: "三江镇", code: "471123103", kind: "town"),
            DemoTown(name: "长乐镇", code: "471123104", kind: "town"),
            DemoTown(name: "花桥镇", code: "471123105", kind: "town"),
            DemoTown(name: "樟树乡", code: "471123200", kind: "town"),
            DemoTown(name: "岩口乡", code: "471123201", kind: "town"),
            DemoTown(name: "云雾山乡", code: "471123202", kind: "town"),
        ]),
        // 县级市 (county-level city): streets in the urban core, towns and a township outside it.
        DemoRegion(name: "长滩市", code: "471181", kind: "county", towns: [
            DemoTown(name: "长滩街道", code: "471181001", kind: "street"),
            DemoTown(name: "城南街道", code: "471181002", kind: "street"),
            DemoTown(name: "城北街道", code: "471181003", kind: "street"),
            DemoTown(name: "河西街道", code: "471181004", kind: "street"),
            DemoTown(name: "青石镇", code: "471181100", kind: "town"),
            DemoTown(name: "柏树镇", code: "471181101", kind: "town"),
            DemoTown(name: "横塘镇", code: "471181102", kind: "town"),
            DemoTown(name: "仙人桥镇", code: "471181103", kind: "town"),
            DemoTown(name: "沙河镇", code: "471181104", kind: "town"),
            DemoTown(name: "福田镇", code: "471181105", kind: "town"),
            DemoTown(name: "罗家湾镇", code: "471181106", kind: "town"),
            DemoTown(name: "瑶岭乡", code: "471181200", kind: "town"),
        ]),
    ]

    // MARK: - Departments

    /// City departments and other task-owning units. The business-environment office comes first,
    /// then D01…D40.
    public static let departments: [DemoDepartment] = [
        DemoDepartment(name: "桐江市优化营商环境办公室", shortName: "市营商办", code: "OFFICE"),
        DemoDepartment(name: "桐江市发展和改革委员会", shortName: "市发展改革委", code: "D01"),
        DemoDepartment(name: "桐江市政务服务和数据管理局", shortName: "市政务服务数据局", code: "D02"),
        DemoDepartment(name: "桐江市市场监督管理局", shortName: "市市场监管局", code: "D03"),
        DemoDepartment(name: "国家税务总局桐江市税务局", shortName: "市税务局", code: "D04"),
        DemoDepartment(name: "桐江市自然资源和规划局", shortName: "市自然资源规划局", code: "D05"),
        DemoDepartment(name: "桐江市住房和城乡建设局", shortName: "市住房城乡建设局", code: "D06"),
        DemoDepartment(name: "桐江市财政局", shortName: "市财政局", code: "D07"),
        DemoDepartment(name: "桐江市人力资源和社会保障局", shortName: "市人力资源社会保障局", code: "D08"),
        DemoDepartment(name: "桐江市商务局", shortName: "市商务局", code: "D09"),
        DemoDepartment(name: "桐江市工业和信息化局", shortName: "市工业和信息化局", code: "D10"),
        DemoDepartment(name: "桐江市司法局", shortName: "市司法局", code: "D11"),
        DemoDepartment(name: "桐江市公安局", shortName: "市公安局", code: "D12"),
        DemoDepartment(name: "桐江市生态环境局", shortName: "市生态环境局", code: "D13"),
        DemoDepartment(name: "桐江市交通运输局", shortName: "市交通运输局", code: "D14"),
        DemoDepartment(name: "桐江市水利局", shortName: "市水利局", code: "D15"),
        DemoDepartment(name: "桐江市农业农村局", shortName: "市农业农村局", code: "D16"),
        DemoDepartment(name: "桐江市文化广电和旅游局", shortName: "市文化广电旅游局", code: "D17"),
        DemoDepartment(name: "桐江市卫生健康委员会", shortName: "市卫生健康委", code: "D18"),
        DemoDepartment(name: "桐江市应急管理局", shortName: "市应急管理局", code: "D19"),
        DemoDepartment(name: "中国人民银行桐江市分行", shortName: "人民银行桐江市分行", code: "D20"),
        DemoDepartment(name: "国家金融监督管理总局桐江监管分局", shortName: "桐江金融监管分局", code: "D21"),
        DemoDepartment(name: "国网桐江供电公司", shortName: "市供电公司", code: "D22"),
        DemoDepartment(name: "桐江市水务集团有限公司", shortName: "市水务集团", code: "D23"),
        DemoDepartment(name: "桐江市燃气有限责任公司", shortName: "市燃气公司", code: "D24"),
        DemoDepartment(name: "桐江市公共资源交易中心", shortName: "市公共资源交易中心", code: "D25"),
        DemoDepartment(name: "桐江市不动产登记中心", shortName: "市不动产登记中心", code: "D26"),
        DemoDepartment(name: "中华人民共和国桐江海关", shortName: "桐江海关", code: "D27"),
        DemoDepartment(name: "桐江市科学技术局", shortName: "市科技局", code: "D28"),
        DemoDepartment(name: "桐江市教育局", shortName: "市教育局", code: "D29"),
        DemoDepartment(name: "桐江市民政局", shortName: "市民政局", code: "D30"),
        DemoDepartment(name: "桐江市城市管理局", shortName: "市城市管理局", code: "D31"),
        DemoDepartment(name: "桐江市医疗保障局", shortName: "市医保局", code: "D32"),
        DemoDepartment(name: "桐江市统计局", shortName: "市统计局", code: "D33"),
        DemoDepartment(name: "桐江市信访局", shortName: "市信访局", code: "D34"),
        DemoDepartment(name: "桐江市12345政务服务便民热线中心", shortName: "市12345热线中心", code: "D35"),
        DemoDepartment(name: "中共桐江市纪律检查委员会、桐江市监察委员会", shortName: "市纪委监委", code: "D36"),
        DemoDepartment(name: "桐江市中级人民法院", shortName: "市中级法院", code: "D37"),
        DemoDepartment(name: "桐江市人民检察院", shortName: "市检察院", code: "D38"),
        DemoDepartment(name: "桐江市地方金融管理局", shortName: "市地方金融局", code: "D39"),
        DemoDepartment(name: "桐江市人民政府国有资产监督管理委员会", shortName: "市国资委", code: "D40"),
    ]

    // MARK: - Leading group and task forces

    public static let leadingGroupName = "桐江市优化营商环境工作领导小组"

    /// Task forces (专班), one per evaluation domain plus the cross-cutting ones.
    /// `leaderTitle` matches a `DemoLeader.title`; several vice mayors share the title "副市长".
    public static let taskForces: [DemoGroup] = [
        DemoGroup(name: "开办企业专班", leadDepartmentCode: "D03",
                  memberDepartmentCodes: ["D02", "D04", "D12", "D08", "D20"], leaderTitle: "副市长"),
        DemoGroup(name: "获得电力专班", leadDepartmentCode: "D01",
                  memberDepartmentCodes: ["D22", "D05", "D06", "D31", "D14"], leaderTitle: "市委常委、常务副市长"),
        DemoGroup(name: "获得用水用气专班", leadDepartmentCode: "D06",
                  memberDepartmentCodes: ["D23", "D24", "D05", "D31", "D14"], leaderTitle: "市委常委、常务副市长"),
        DemoGroup(name: "登记财产专班", leadDepartmentCode: "D05",
                  memberDepartmentCodes: ["D26", "D04", "D06", "D03", "D02"], leaderTitle: "副市长"),
        DemoGroup(name: "纳税专班", leadDepartmentCode: "D04",
                  memberDepartmentCodes: ["D07", "D08", "D32", "D02"], leaderTitle: "市委常委、常务副市长"),
        DemoGroup(name: "跨境贸易专班", leadDepartmentCode: "D09",
                  memberDepartmentCodes: ["D27", "D14", "D04", "D20"], leaderTitle: "市委常委、副市长"),
        DemoGroup(name: "办理建筑许可专班", leadDepartmentCode: "D06",
                  memberDepartmentCodes: ["D05", "D02", "D13", "D15", "D19"], leaderTitle: "副市长"),
        DemoGroup(name: "获得信贷专班", leadDepartmentCode: "D20",
                  memberDepartmentCodes: ["D21", "D39", "D07", "D10", "D26"], leaderTitle: "市委常委、常务副市长"),
        DemoGroup(name: "保护中小投资者专班", leadDepartmentCode: "D37",
                  memberDepartmentCodes: ["D03", "D11", "D39", "D21"], leaderTitle: "副市长、市公安局局长"),
        DemoGroup(name: "执行合同专班", leadDepartmentCode: "D37",
                  memberDepartmentCodes: ["D11", "D12", "D38"], leaderTitle: "副市长、市公安局局长"),
        DemoGroup(name: "办理破产专班", leadDepartmentCode: "D37",
                  memberDepartmentCodes: ["D11", "D08", "D04", "D26", "D40"], leaderTitle: "副市长、市公安局局长"),
        DemoGroup(name: "劳动力市场监管专班", leadDepartmentCode: "D08",
                  memberDepartmentCodes: ["D11", "D03", "D34", "D29"], leaderTitle: "副市长"),
        DemoGroup(name: "政府采购专班", leadDepartmentCode: "D07",
                  memberDepartmentCodes: ["D25", "D01", "D36"], leaderTitle: "市委常委、常务副市长"),
        DemoGroup(name: "招标投标专班", leadDepartmentCode: "D01",
                  memberDepartmentCodes: ["D25", "D06", "D14", "D15", "D16"], leaderTitle: "市委常委、常务副市长"),
        DemoGroup(name: "政务服务专班", leadDepartmentCode: "D02",
                  memberDepartmentCodes: ["D35", "D12", "D08", "D32", "D30"], leaderTitle: "市委常委、副市长"),
        DemoGroup(name: "知识产权创造保护运用专班", leadDepartmentCode: "D03",
                  memberDepartmentCodes: ["D28", "D37", "D38", "D12"], leaderTitle: "副市长"),
        DemoGroup(name: "市场监管专班", leadDepartmentCode: "D03",
                  memberDepartmentCodes: ["D11", "D13", "D19", "D18", "D31"], leaderTitle: "副市长"),
        DemoGroup(name: "包容普惠创新专班", leadDepartmentCode: "D01",
                  memberDepartmentCodes: ["D28", "D29", "D18", "D30", "D17", "D13"], leaderTitle: "市委常委、副市长"),
        DemoGroup(name: "督导考评问责专班", leadDepartmentCode: "OFFICE",
                  memberDepartmentCodes: ["D36", "D34", "D35", "D33"], leaderTitle: "市长"),
        DemoGroup(name: "企业服务专班", leadDepartmentCode: "D10",
                  memberDepartmentCodes: ["OFFICE", "D09", "D40", "D01", "D35"], leaderTitle: "市委常委、副市长"),
        DemoGroup(name: "重点项目服务专班", leadDepartmentCode: "D01",
                  memberDepartmentCodes: ["OFFICE", "D05", "D06", "D13", "D09"], leaderTitle: "市委常委、常务副市长"),
    ]

    // MARK: - Leaders

    /// City leaders (invented names). The leading group is chaired jointly by the party secretary
    /// and the mayor (双组长).
    public static let leaders: [DemoLeader] = [
        DemoLeader(name: "林建华", title: "市委书记"),
        DemoLeader(name: "周立新", title: "市长"),
        DemoLeader(name: "郑卫民", title: "市委常委、常务副市长"),
        DemoLeader(name: "许晓峰", title: "市委常委、副市长"),
        DemoLeader(name: "何丽萍", title: "副市长"),
        DemoLeader(name: "唐志远", title: "副市长"),
        DemoLeader(name: "罗德明", title: "副市长"),
        DemoLeader(name: "邓海涛", title: "副市长、市公安局局长"),
    ]

    // MARK: - Name pools

    /// Common surnames, most frequent first; the last few are two-character surnames.
    public static let surnames: [String] = [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
        "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
        "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
        "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈",
        "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
        "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟",
        "熊", "秦", "邱", "江", "尹", "薛",
        "欧阳", "司马", "上官", "诸葛",
    ]

    /// Given names of one or two characters, mixing generations and genders.
    public static let givenNames: [String] = [
        // one character
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
        "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚",
        "燕", "辉", "鹏", "华", "红", "玲", "斌", "宇", "浩", "凯",
        "健", "俊", "帆", "旭", "宁", "龙", "欣", "婷", "颖", "琳",
        "晶", "晨", "波", "峰", "雪", "倩", "萍", "琴", "蕾", "璐",
        // two characters
        "建国", "建华", "建军", "建平", "建新", "国强", "国华", "国平", "志强", "志明",
        "志刚", "志远", "志华", "海涛", "海燕", "海波", "海峰", "海军", "晓东", "晓明",
        "晓燕", "晓红", "晓丽", "晓峰", "晓光", "晓辉", "丽华", "丽娟", "秀英", "秀兰",
        "桂英", "桂芳", "玉兰", "玉梅", "玉珍", "春梅", "春华", "春生", "金凤", "凤英",
        "文静", "文杰", "文博", "子涵", "子轩", "子墨", "梓萱", "梓涵", "雨桐", "雨萱",
        "欣怡", "诗涵", "浩然", "浩宇", "宇航", "宇轩", "俊杰", "思远", "思琪", "思雨",
        "嘉怡", "一鸣", "一诺", "天佑", "明轩", "佳琪", "佳慧", "雅婷", "雅琴", "慧敏",
        "慧玲", "婉清", "静怡", "立新", "立军", "卫东", "卫国", "红梅", "红霞", "爱民",
        "爱华", "新民", "振华", "振宇", "永刚", "永强", "永红", "德明", "德胜", "光明",
        "少华", "少军", "宏伟", "宏亮", "家豪", "家乐", "世杰", "泽宇", "博文", "鹏飞",
        "云飞", "云龙", "学军", "学文", "学明", "秋菊", "冬梅", "淑芬", "淑华", "淑珍",
        "美玲", "美华", "丹丹", "婷婷", "晶晶", "莉莉", "欢欢", "亚楠", "亚军", "若曦",
        "梦瑶", "梦琪", "紫涵", "沐辰", "皓轩", "奕辰", "锦程", "承泽", "昊天", "靖远",
        "舒婷", "雪梅", "兰英", "小红", "小燕", "小龙", "大伟", "大勇", "瑞祥", "瑞芳",
        "俊峰", "俊辉", "国栋", "国庆", "长青", "长林", "树林", "松林", "文华", "文涛",
    ]
}
