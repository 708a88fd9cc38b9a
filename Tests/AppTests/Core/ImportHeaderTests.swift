import Testing
@testable import App

struct ImportHeaderTests {
    @Test func aListCellSplitsOnEverySeparatorPeopleUseAndDropsBlanks() {
        #expect(ImportHeader.list("高新技术企业、专精特新,外资，民营;个体工商户；国有\n上市\r\n小微") ==
                ["高新技术企业", "专精特新", "外资", "民营", "个体工商户", "国有", "上市", "小微"])
        #expect(ImportHeader.list("  甲 、、 乙 ") == ["甲", "乙"])
        #expect(ImportHeader.list("、，;") == [])
        #expect(ImportHeader.list("") == [])
        // Other punctuation stays inside an item.
        #expect(ImportHeader.list("A/B·C") == ["A/B·C"])
    }
}
