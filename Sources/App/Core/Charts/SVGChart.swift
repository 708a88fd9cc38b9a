import Foundation

/// Charts drawn on the server as inline SVG: no JavaScript, and presentation attributes rather
/// than inline styles, so the content-security policy stays strict. Each chart carries a title
/// and a description for screen readers, and the numbers stay visible as labels.
enum SVGChart {
    struct Series: Sendable {
        let name: String
        let color: String
        let values: [Double]
    }

    static let palette = ["#1d6fd6", "#2f9e44", "#f0a500", "#d92d20", "#7048e8", "#0c8599"]

    /// Lines over labelled points (months), with a legend.
    static func lines(title: String, labels: [String], series: [Series], maxValue: Double? = nil, width: Int = 640, height: Int = 240,
                      suffix: String = "") -> HTML {
        let left = 40.0, right = 16.0, top = 16.0, bottom = 48.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let ceiling = max(1, maxValue ?? (series.flatMap(\.values).max() ?? 1))
        func x(_ index: Int) -> Double { labels.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(labels.count - 1) }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - min(value, ceiling) / ceiling) }
        var parts: [String] = []
        for step in 0...4 {
            let value = ceiling * Double(step) / 4
            let py = format(y(value))
            parts.append("<line x1=\"\(format(left))\" y1=\"\(py)\" x2=\"\(format(left + plotWidth))\" y2=\"\(py)\" stroke=\"#e4e7eb\"/>")
            parts.append("<text x=\"\(format(left - 6))\" y=\"\(py)\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"11\" fill=\"#7b8794\">\(format(value))\(escapeHTML(suffix))</text>")
        }
        for (index, label) in labels.enumerated() {
            parts.append("<text x=\"\(format(x(index)))\" y=\"\(format(top + plotHeight + 18))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#3e4c59\">\(escapeHTML(label))</text>")
        }
        for item in series where !item.values.isEmpty {
            let points = item.values.enumerated().map { "\(format(x($0.offset))),\(format(y($0.element)))" }.joined(separator: " ")
            parts.append("<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(item.color)\" stroke-width=\"2.5\"/>")
            for (index, value) in item.values.enumerated() {
                parts.append("<circle cx=\"\(format(x(index)))\" cy=\"\(format(y(value)))\" r=\"3.5\" fill=\"\(item.color)\"><title>\(escapeHTML(item.name)) \(escapeHTML(labels[safe: index] ?? "")): \(format(value))\(escapeHTML(suffix))</title></circle>")
            }
        }
        var legendX = left
        for item in series {
            parts.append("<rect x=\"\(format(legendX))\" y=\"\(format(Double(height) - 14))\" width=\"10\" height=\"10\" fill=\"\(item.color)\"/>")
            parts.append("<text x=\"\(format(legendX + 14))\" y=\"\(format(Double(height) - 5))\" font-size=\"12\" fill=\"#3e4c59\">\(escapeHTML(item.name))</text>")
            legendX += 28 + Double(item.name.count) * 13
        }
        return svg(title: title, description: describe(labels: labels, series: series, suffix: suffix), width: width, height: height, body: parts)
    }

    /// Horizontal bars, one per label, longest first as given.
    static func bars(title: String, items: [(label: String, value: Double, color: String)], maxValue: Double? = nil, width: Int = 640,
                     suffix: String = "") -> HTML {
        let rowHeight = 26.0, labelWidth = 150.0, valueWidth = 60.0
        let height = Int(rowHeight * Double(max(1, items.count)) + 8)
        let topValue = max(1, maxValue ?? (items.map(\.value).max() ?? 1))
        let plotWidth = Double(width) - labelWidth - valueWidth
        var parts: [String] = []
        for (index, item) in items.enumerated() {
            let y = 4 + rowHeight * Double(index)
            let length = plotWidth * min(item.value, topValue) / topValue
            parts.append("<text x=\"\(format(labelWidth - 8))\" y=\"\(format(y + rowHeight / 2))\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"12\" fill=\"#3e4c59\">\(escapeHTML(item.label))</text>")
            parts.append("<rect x=\"\(format(labelWidth))\" y=\"\(format(y + 5))\" width=\"\(format(plotWidth))\" height=\"\(format(rowHeight - 10))\" rx=\"3\" fill=\"#f5f7fa\"/>")
            parts.append("<rect x=\"\(format(labelWidth))\" y=\"\(format(y + 5))\" width=\"\(format(length))\" height=\"\(format(rowHeight - 10))\" rx=\"3\" fill=\"\(item.color)\"/>")
            parts.append("<text x=\"\(format(labelWidth + plotWidth + 6))\" y=\"\(format(y + rowHeight / 2))\" dominant-baseline=\"middle\" font-size=\"12\" fill=\"#1f2933\">\(format(item.value))\(escapeHTML(suffix))</text>")
        }
        let description = items.map { "\($0.label) \(format($0.value))\(suffix)" }.joined(separator: "；")
        return svg(title: title, description: description, width: width, height: height, body: parts)
    }

    private static func svg(title: String, description: String, width: Int, height: Int, body: [String]) -> HTML {
        let id = "c" + String(UInt32(truncatingIfNeeded: (title + description).hashValue), radix: 36)
        return HTML(trusted: """
            <svg class="chart" viewBox="0 0 \(width) \(height)" width="100%" role="img" aria-labelledby="\(id)-t \(id)-d" xmlns="http://www.w3.org/2000/svg">\
            <title id="\(id)-t">\(escapeHTML(title))</title><desc id="\(id)-d">\(escapeHTML(description))</desc>\(body.joined())</svg>
            """)
    }

    private static func describe(labels: [String], series: [Series], suffix: String) -> String {
        series.map { item in
            item.name + "：" + item.values.enumerated().map { "\(labels[safe: $0.offset] ?? "") \(format($0.element))\(suffix)" }.joined(separator: "，")
        }.joined(separator: "；")
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
