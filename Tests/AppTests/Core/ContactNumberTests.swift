@testable import App
import Testing

@Suite("Phone numbers, identity numbers and masking")
struct ContactNumberTests {
    @Test func phonesAreMobilesOrLandlinesWithAreaCodes() {
        #expect(PhoneNumber("138 1234 5678")?.value == "13812345678")
        #expect(PhoneNumber("+86 13812345678")?.value == "13812345678")
        #expect(PhoneNumber("0571-88886666")?.value == "0571-88886666")
        #expect(PhoneNumber("010-12345678-123")?.value == "010-12345678-123")
        #expect(PhoneNumber("12812345678") == nil)     // no mobile starts 12
        #expect(PhoneNumber("1381234567") == nil)      // ten digits
        #expect(PhoneNumber("88886666") == nil)        // landline without its area code
        #expect(PhoneNumber("0571-8888666a") == nil)
        #expect(PhoneNumber("") == nil)
    }

    @Test func identityNumbersNeedTheirCheckCharacterAndARealBirthDate() {
        // 11010519491231002X is the standard's own example.
        #expect(ResidentID("11010519491231002X")?.value == "11010519491231002X")
        #expect(ResidentID("11010519491231002x")?.value == "11010519491231002X")
        #expect(ResidentID("110105194912310021") == nil)   // wrong check character
        #expect(ResidentID("110105194913310021") == nil)   // month 13, though its check character is right
        #expect(ResidentID("1101051949123100") == nil)
    }

    @Test func masksKeepEnoughToRecogniseAndNoMore() {
        #expect(Masking.phone("13812345678") == "138****5678")
        #expect(Masking.phone("0571-88886666") == "0571*****6666")
        #expect(Masking.idNumber("11010519491231002X") == "110105********002X")
        #expect(Masking.phone("123") == "***")
    }
}
