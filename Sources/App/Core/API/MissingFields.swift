extension KeyedDecodingContainer {
    /// The field's value, or `fallback` when it is missing or null. Inputs that forms and JSON
    /// bodies share decode through this, so a field left out of a body is checked like an empty
    /// form field (a 422 naming it) by the input's own check, never failing the decoding first.
    func decode<Value: Decodable>(_ key: Key, or fallback: Value) throws -> Value {
        try decodeIfPresent(Value.self, forKey: key) ?? fallback
    }
}
