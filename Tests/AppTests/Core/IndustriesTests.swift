@testable import App
import Testing

@Suite("GB/T 4754-2017 industries")
struct IndustriesTests {
    @Test func shipsTwentySectionsAndNinetySevenDivisions() {
        #expect(Industries.sections.map(\.code) == ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T"])
        #expect(Industries.divisions.map(\.code) == (1...97).map { $0 < 10 ? "0\($0)" : String($0) })
        #expect(Industries.divisions.allSatisfy { Industries.find($0.section ?? "")?.isSection == true })
        #expect(Industries.divisions(in: "C").count == 31 && Industries.divisions(in: "C").first?.code == "13")
        #expect(Industries.all.allSatisfy { !$0.nameZH.isEmpty && !$0.nameEN.isEmpty })
    }

    @Test func findsADivisionByCodeOrByName() {
        #expect(Industries.division(matching: "39")?.nameZH == "计算机、通信和其他电子设备制造业")
        #expect(Industries.division(matching: " 1 ")?.code == "01")
        #expect(Industries.division(matching: "软件和信息技术服务业")?.section == "I")
        #expect(Industries.division(matching: "C") == nil)   // a section is not a division
        #expect(Industries.division(matching: "98") == nil)
    }
}
