@testable import App
import Foundation
import Testing

@Suite("Unified social credit code (GB 32100-2015)")
struct CreditCodeTests {
    /// 620 vectors from python-stdnum (`scripts/gen_credit_code_vectors.py`).
    static let vectors: [(text: String, outcome: String, code: String)] = {
        let url = Bundle.module.url(forResource: "credit-codes", withExtension: "tsv", subdirectory: "Fixtures")!
        return try! String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            let parts = $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return (parts[0], parts[1], parts[2])
        }
    }()

    @Test func agreesWithAnIndependentImplementation() {
        #expect(Self.vectors.count == 620)
        for vector in Self.vectors {
            switch CreditCode.parse(vector.text) {
            case .success(let code): #expect(vector.outcome == "ok" && code.value == vector.code, "\(vector.text)")
            case .failure(let problem): #expect(problem.rawValue == vector.outcome, "\(vector.text)")
            }
        }
    }

    @Test func namesEachKindOfMistake() {
        #expect(CreditCode.parse("91350100M000100Y43").map(\.value) == .success("91350100M000100Y43"))
        #expect(CreditCode.parse("91350100M000100Y44") == .failure(.check))        // wrong check character
        #expect(CreditCode.parse("91350100M0001O0Y43") == .failure(.character))    // the letter O is never used
        #expect(CreditCode.parse("91350100M000100Y4") == .failure(.length))
        #expect(CreditCode.parse("   ") == .failure(.empty))
        #expect(CreditCode.parse("９１３５０１００Ｍ０００１００Ｙ４３").map(\.value) == .success("91350100M000100Y43"))   // full width
        #expect(CreditCode.parse("913501OOM000100Y43") == .failure(.character))
        #expect(CreditCode.parse("9135A100M000100Y4") == .failure(.length))
    }

    @Test func explainsItsFirstTwoCharactersInWords() throws {
        let code = try #require(CreditCode("91350100M000100Y43"))
        #expect(code.authorityKey.map { Catalog.text($0, .zh) } == "市场监管（工商）")
        #expect(code.entityTypeKey.map { Catalog.text($0, .zh) } == "企业")
        #expect(code.divisionCode == "350100" && code.organisationCode == "M000100Y4")
        for (authority, types) in CreditCode.entityTypes {
            #expect(Catalog.entries["creditCode.authority.\(authority)"] != nil)
            for type in types { #expect(Catalog.entries["creditCode.type.\(authority)\(type)"] != nil) }
        }
    }
}
