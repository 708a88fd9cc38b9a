import Vapor

/// The fields of a submitted form, read without a Codable struct so that a missing or
/// malformed field becomes a validation message on the form instead of a decoding error.
struct FormInput: Sendable {
    private(set) var pairs: [(String, String)] = []

    init(pairs: [(String, String)]) { self.pairs = pairs }

    /// Parses `application/x-www-form-urlencoded` (also used for query strings).
    init(urlEncoded body: String) {
        for part in body.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = FormInput.decode(String(kv[0]))
            let value = kv.count > 1 ? FormInput.decode(String(kv[1])) : ""
            pairs.append((key, value))
        }
    }

    private static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
    }

    /// The first value of a field, trimmed; nil when absent or blank.
    subscript(_ name: String) -> String? {
        guard let value = pairs.first(where: { $0.0 == name })?.1.trimmed,
              !value.isEmpty else { return nil }
        return value
    }

    /// A field exactly as typed, never trimmed: passwords may begin or end with spaces.
    /// Empty string when absent, so a missing field fails validation like an empty one.
    func secret(_ name: String) -> String {
        pairs.first { $0.0 == name }?.1 ?? ""
    }

    /// Every value of a repeated field (checkbox groups, multi-selects).
    func all(_ name: String) -> [String] {
        pairs.filter { $0.0 == name || $0.0 == name + "[]" }.map { $0.1.trimmedSpaces }.filter { !$0.isEmpty }
    }

    /// Every value of a repeated field, blanks kept, so parallel fields (a row's date and title) stay aligned.
    func positional(_ name: String) -> [String] {
        pairs.filter { $0.0 == name }.map { $0.1.trimmedSpaces }
    }

    func int(_ name: String) -> Int? { self[name].flatMap { Int($0) } }
    func bool(_ name: String) -> Bool { ["1", "on", "true", "yes"].contains(self[name]?.lowercased() ?? "") }

    /// A field that must name one of a list's choices: nil when absent, a 400 on the field otherwise.
    func choice<Choice: RawRepresentable<String>>(_ name: String, as type: Choice.Type) throws -> Choice? {
        try self[name].map { try Choice.named($0, field: name) }
    }
}

extension RawRepresentable where RawValue == String {
    /// The choice stored as `text`, or a 400 naming `field` (API bodies and query strings).
    static func named(_ text: String, field: String) throws -> Self {
        guard let value = Self(rawValue: text) else { throw AppError.invalid(field, "validation.invalidChoice") }
        return value
    }
}

extension Request {
    private struct FormKey: StorageKey { typealias Value = FormInput }

    /// The request's form fields (URL-encoded body), parsed once.
    var form: FormInput {
        if let cached = storage[FormKey.self] { return cached }
        var input = FormInput(pairs: [])
        if headers.contentType == .urlEncodedForm, let body = body.string {
            input = FormInput(urlEncoded: body)
        }
        storage[FormKey.self] = input
        return input
    }

    /// The query string's fields.
    var queryInput: FormInput { FormInput(urlEncoded: url.query ?? "") }

    /// A single field from a URL-encoded or multipart form.
    func formValue(_ name: String) -> String? {
        if headers.contentType == .urlEncodedForm { return form[name] }
        return try? content.get(String.self, at: name)
    }
}
