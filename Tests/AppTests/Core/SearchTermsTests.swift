@testable import App
import Testing

@Suite("Substring search terms for Chinese names")
struct SearchTermsTests {
    @Test func indexesPairsThenCharacters() {
        #expect(SearchTerms.document(["桐江科技"]) == "桐江 江科 科技 桐 江 科 技")
        #expect(SearchTerms.document(["江江科", "电子"]) == "江江 江科 江 科 电子 电 子")
        #expect(SearchTerms.document(["（株）ＡＢＣ 科技"]) == SearchTerms.document(["(株)abc科技"]))
        #expect(SearchTerms.document(["", "  "]) == "")
        #expect(SearchTerms.document(["鑫"]) == "鑫")
    }

    @Test func turnsAQueryIntoConsecutivePiecesOrAPrefix() {
        #expect(SearchTerms.query("江科技") == .phrase(["江科", "科技"]))
        #expect(SearchTerms.query(" 科 技 ") == .phrase(["科技"]))
        #expect(SearchTerms.query("鑫") == .single("鑫"))
        #expect(SearchTerms.query("——") == nil)
        #expect(SearchTerms.query("abc") == .phrase(["AB", "BC"]))
    }

    /// Names of ASCII and common ideographs are paired scalar by scalar; anything else by
    /// characters. Both give what pairing characters gives.
    @Test func theQuickPathPairsAsCharactersDo() {
        func byCharacters(_ name: String) -> String {
            let characters = Array(SearchTerms.normalise(name))
            var seen = Set<Character>()
            let pieces = (0..<max(0, characters.count - 1)).map { String(characters[$0...($0 + 1)]) }
                + characters.filter { seen.insert($0).inserted }.map(String.init)
            return pieces.joined(separator: " ")
        }
        var random = SeededGenerator(seed: 32100)
        let alphabet = Array("桐江科技A1b有限公司𠀀é한국")
        for _ in 0..<500 {
            let name = String((0..<Int.random(in: 0...10, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            #expect(SearchTerms.document([name]) == byCharacters(name), "\(name)")
        }
    }

    /// Letters are upper-cased one by one as the whole text once was (`ß` → `SS`, `é` → `É`).
    @Test func normalisingUpperCasesAsTheWholeTextWould() {
        var random = SeededGenerator(seed: 4754_2017)
        let alphabet = Array("abzAZ09ｂＺ１éßǆΣσ한桐江（）-·ǅ")
        for _ in 0..<500 {
            let text = String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let kept = text.unicodeScalars.map { scalar in
                (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar
            }.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }
            #expect(SearchTerms.normalise(text) == String(String.UnicodeScalarView(kept)).uppercased(), "\(text)")
        }
    }

    /// The claim the search rests on: a phrase of a query's pieces occurs among a name's pieces
    /// exactly when the name contains the query (checked on generated names against `contains`).
    @Test func aPhraseMatchesExactlyTheNamesThatContainTheQuery() {
        var random = SeededGenerator(seed: 4754)
        let alphabet = Array("桐江科技华信有限公司电子鑫源")
        func text(_ length: Int) -> String { String((0..<length).map { _ in alphabet.randomElement(using: &random)! }) }
        for _ in 0..<2000 {
            let names = [text(Int.random(in: 1...12, using: &random)), text(Int.random(in: 0...6, using: &random))]
            let query = text(Int.random(in: 1...4, using: &random))
            let tokens = SearchTerms.document(names).split(separator: " ").map(String.init)
            let found: Bool
            switch SearchTerms.query(query)! {
            case .single(let character): found = tokens.contains(character)
            case .phrase(let pieces): found = tokens.indices.contains { start in
                start + pieces.count <= tokens.count && Array(tokens[start..<(start + pieces.count)]) == pieces
            }
            }
            #expect(found == names.contains { $0.contains(query) }, "\(names) / \(query)")
        }
    }
}
