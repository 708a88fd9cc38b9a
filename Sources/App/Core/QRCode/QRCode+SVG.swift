extension QRCode {
    /// A standalone SVG: a white background and one path with a rectangle per horizontal run of
    /// dark modules, which keeps the markup small. The viewBox counts modules, so the image
    /// scales cleanly; `width`/`height` give its natural pixel size. `crispEdges` stops
    /// anti-aliasing seams between neighbouring runs, which some scanners trip over. Pass
    /// `label` when nothing around the image names it, so `role="img"` has an accessible name.
    func svg(moduleSize: Int = 4, quietZone: Int = 4, label: String? = nil) -> String {
        let quiet = max(0, quietZone)
        let extent = size + 2 * quiet
        let pixels = extent * max(1, moduleSize)
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard self[x, y] else { x += 1; continue }
                var run = 1
                while self[x + run, y] { run += 1 }
                path += "M\(x + quiet) \(y + quiet)h\(run)v1h-\(run)z"
                x += run
            }
        }
        let name = label.map { " aria-label=\"\(Self.escapeAttribute($0))\"" } ?? ""
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(extent) \(extent)" \
            width="\(pixels)" height="\(pixels)" role="img"\(name) shape-rendering="crispEdges">\
            <rect width="\(extent)" height="\(extent)" fill="#fff"/>\
            <path d="\(path)" fill="#000"/></svg>
            """
    }

    private static func escapeAttribute(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
