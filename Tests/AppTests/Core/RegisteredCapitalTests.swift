@testable import App
import Foundation
import Testing

@Suite("Registered capital, exactly")
struct RegisteredCapitalTests {
    func parsed(_ text: String, _ unit: RegisteredCapital.Unit = .tenThousand) -> RegisteredCapital? {
        guard case .success(let capital) = RegisteredCapital.parse(text, bareUnit: unit) else { return nil }
        return capital
    }

    @Test func readsWhatRegistriesWrite() {
        #expect(parsed("500万元") == RegisteredCapital(minorUnits: 500_000_000, currency: "CNY"))
        #expect(parsed("1.2亿元") == RegisteredCapital(minorUnits: 12_000_000_000, currency: "CNY"))
        #expect(parsed("300万美元") == RegisteredCapital(minorUnits: 300_000_000, currency: "USD"))
        #expect(parsed("人民币500万元") == RegisteredCapital(minorUnits: 500_000_000, currency: "CNY"))
        #expect(parsed("USD 1,000,000", .yuan) == RegisteredCapital(minorUnits: 100_000_000, currency: "USD"))
        #expect(parsed("５００") == RegisteredCapital(minorUnits: 500_000_000, currency: "CNY"))        // a bare number in a 万元 column
        #expect(parsed("500", .yuan) == RegisteredCapital(minorUnits: 50_000, currency: "CNY"))
        #expect(parsed("500元") == RegisteredCapital(minorUnits: 50_000, currency: "CNY"))             // says yuan
        #expect(parsed("100万新台币")?.currency == "TWD")
        #expect(parsed("0.0001万元") == RegisteredCapital(minorUnits: 100, currency: "CNY"))           // one yuan, exactly
    }

    @Test func keepsEveryCentThatDoublesWouldLose() {
        // 0.1 + 0.2 in binary floating point is not 0.3; summed as minor units it is.
        let parts = ["0.1", "0.2"].compactMap { parsed($0, .yuan) }
        #expect(parts.reduce(0) { $0 + $1.minorUnits } == parsed("0.3", .yuan)?.minorUnits)
        #expect(parsed("12345678.91", .yuan)?.minorUnits == 1_234_567_891)
    }

    @Test func saysWhatIsWrong() {
        #expect(RegisteredCapital.parse("") == nil && RegisteredCapital.parse("  ") == nil)
        #expect(RegisteredCapital.parse("五百万") == .failure(.format))
        #expect(RegisteredCapital.parse("1.2.3万") == .failure(.format))
        #expect(RegisteredCapital.parse("5-00") == .failure(.format))
        #expect(RegisteredCapital.parse("-500万元") == .failure(.negative))
        #expect(RegisteredCapital.parse("美元500万元") == .failure(.currency))
        #expect(RegisteredCapital.parse("99999999999999999亿元") == .failure(.tooLarge))
    }

    @Test func showsTheAmountInEachLanguage() {
        #expect(parsed("500万元")?.formatted(.zh) == "500万元")
        #expect(parsed("300.5万美元")?.formatted(.zh) == "300.5万美元")
        #expect(parsed("500万元")?.formatted(.en) == "CNY 5,000,000.00")
    }

    @Test func theHistoryStoresAnAmountExactlyAndReadsItBack() {
        let amount = parsed("300.5万美元")
        #expect(amount?.historyText == "300500000 USD")
        #expect(amount.map { RegisteredCapital(historyText: $0.historyText) } == amount)
        #expect(RegisteredCapital(historyText: "三百万 CNY") == nil)
    }
}
