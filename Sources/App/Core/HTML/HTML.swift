/// A fragment of markup that is safe to send: every piece of text that enters it is escaped,
/// in element content and in attribute values alike.
///
/// We write our own builder instead of using Plot because Plot writes attribute values
/// unescaped and lets entity-like text through, which is an XSS hole for user-supplied data.
struct HTML: Sendable, CustomStringConvertible {
    fileprivate(set) var markup: String

    /// Markup written by the programmer (tag names, doctype). Never pass user data here.
    init(trusted markup: String) { self.markup = markup }

    static let empty = HTML(trusted: "")
    static func text(_ text: String) -> HTML { HTML(trusted: escapeHTML(text)) }

    var description: String { markup }
    var isEmpty: Bool { markup.isEmpty }
}

func escapeHTML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

@resultBuilder
enum HTMLBuilder {
    static func buildExpression(_ html: HTML) -> HTML { html }
    static func buildExpression(_ text: String) -> HTML { .text(text) }
    static func buildExpression(_ parts: [HTML]) -> HTML { join(parts) }
    static func buildBlock(_ parts: HTML...) -> HTML { join(parts) }
    static func buildOptional(_ part: HTML?) -> HTML { part ?? .empty }
    static func buildEither(first: HTML) -> HTML { first }
    static func buildEither(second: HTML) -> HTML { second }
    static func buildArray(_ parts: [HTML]) -> HTML { join(parts) }
    static func buildLimitedAvailability(_ part: HTML) -> HTML { part }

    static func join(_ parts: [HTML]) -> HTML {
        var markup = ""
        for part in parts { markup += part.markup }
        return HTML(trusted: markup)
    }
}

/// One attribute. Names are programmer-written; values are escaped when rendered.
/// A `nil` value renders a boolean attribute (`disabled`), `.none` attributes are skipped.
struct Attr: Sendable {
    let name: String
    let value: String?
    let skip: Bool

    init(_ name: String, _ value: String?) { self.name = name; self.value = value; self.skip = false }
    private init(skip: Bool) { self.name = ""; self.value = nil; self.skip = skip }

    static let none = Attr(skip: true)
    static func cls(_ value: String) -> Attr { Attr("class", value) }
    static func id(_ value: String) -> Attr { Attr("id", value) }
    static func href(_ value: String) -> Attr { Attr("href", value) }
    static func name(_ value: String) -> Attr { Attr("name", value) }
    static func value(_ value: String) -> Attr { Attr("value", value) }
    static func type(_ value: String) -> Attr { Attr("type", value) }
    static func aria(_ key: String, _ value: String) -> Attr { Attr("aria-" + key, value) }
    static func flag(_ name: String) -> Attr { Attr(name, nil) }
    /// An attribute that is present only when `condition` holds.
    static func when(_ condition: Bool, _ attr: Attr) -> Attr { condition ? attr : .none }

    var rendered: String {
        if skip { return "" }
        guard let value else { return " " + name }
        return " \(name)=\"\(escapeHTML(value))\""
    }
}

/// Element constructors. Kept in a namespace so names like `table` or `label` do not clash.
enum H {
    static func element(_ tag: String, _ attrs: [Attr], _ content: HTML) -> HTML {
        var markup = "<" + tag
        for attr in attrs { markup += attr.rendered }
        markup += ">" + content.markup + "</" + tag + ">"
        return HTML(trusted: markup)
    }

    static func void(_ tag: String, _ attrs: [Attr]) -> HTML {
        var markup = "<" + tag
        for attr in attrs { markup += attr.rendered }
        return HTML(trusted: markup + ">")
    }

    static func tag(_ tag: String, _ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
        element(tag, attrs, content())
    }

    static func div(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("div", attrs, content()) }
    static func span(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("span", attrs, content()) }
    static func p(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("p", attrs, content()) }
    static func a(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("a", attrs, content()) }
    static func h1(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("h1", attrs, content()) }
    static func h2(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("h2", attrs, content()) }
    static func h3(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("h3", attrs, content()) }
    static func ul(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("ul", attrs, content()) }
    static func li(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("li", attrs, content()) }
    static func form(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("form", attrs, content()) }
    static func label(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("label", attrs, content()) }
    static func button(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("button", attrs, content()) }
    static func select(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("select", attrs, content()) }
    static func option(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("option", attrs, content()) }
    static func textarea(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("textarea", attrs, content()) }
    static func table(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("table", attrs, content()) }
    static func thead(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("thead", attrs, content()) }
    static func tbody(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("tbody", attrs, content()) }
    static func tr(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("tr", attrs, content()) }
    static func th(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("th", attrs, content()) }
    static func td(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("td", attrs, content()) }
    static func nav(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("nav", attrs, content()) }
    static func section(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("section", attrs, content()) }
    static func strong(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("strong", attrs, content()) }
    static func small(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("small", attrs, content()) }
    static func dl(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("dl", attrs, content()) }
    static func dt(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("dt", attrs, content()) }
    static func dd(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("dd", attrs, content()) }
    static func code(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("code", attrs, content()) }
    static func fieldset(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("fieldset", attrs, content()) }
    static func legend(_ attrs: Attr..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML { element("legend", attrs, content()) }
    static func input(_ attrs: Attr...) -> HTML { void("input", attrs) }
    static func meta(_ attrs: Attr...) -> HTML { void("meta", attrs) }
    static func link(_ attrs: Attr...) -> HTML { void("link", attrs) }
    static func img(_ attrs: Attr...) -> HTML { void("img", attrs) }
}
