import Foundation

/// A sheet's rows packed into one byte buffer, a row decoded into cells only when it is read.
///
/// Held as `[[Cell]]`, a 300,000-row registry costs an array per row, 24 bytes per cell and a heap
/// string for most texts: about 2.5× its text. Packed, it costs its text and a few bytes per cell.
/// A row given again or out of order (rare: sheets are written top to bottom) is kept apart,
/// merged with what came before.
struct PackedRows: Sendable, Equatable {
    private enum Tag: UInt8 {
        case empty, text, number, yes, no, date
    }

    private var bytes: [UInt8] = []
    /// Where each row starts in `bytes`.
    private var starts: [Int] = []
    private var rewritten: [Int: [Cell]] = [:]

    var count: Int { starts.count }

    /// Adds the next row.
    mutating func append(_ cells: [Cell]) {
        starts.append(bytes.count)
        appendNumber(cells.count)
        for cell in cells {
            switch cell {
            case .empty: bytes.append(Tag.empty.rawValue)
            case .text(let text): appendText(.text, text)
            case .number(let text): appendText(.number, text)
            case .bool(let value): bytes.append((value ? Tag.yes : Tag.no).rawValue)
            case .date(let date):
                bytes.append(Tag.date.rawValue)
                var bits = date.timeIntervalSince1970.bitPattern
                for _ in 0..<8 {
                    bytes.append(UInt8(truncatingIfNeeded: bits))
                    bits >>= 8
                }
            }
        }
    }

    /// Empty rows up to (not including) `index`.
    mutating func pad(to index: Int) {
        while starts.count < index { append([]) }
    }

    /// Replaces a row already added.
    mutating func replace(_ index: Int, with cells: [Cell]) {
        precondition(index < count, "only a row already added can be replaced")
        rewritten[index] = cells
    }

    subscript(index: Int) -> [Cell] {
        if let cells = rewritten[index] { return cells }
        return bytes.withUnsafeBufferPointer { buffer in
            var position = starts[index]
            func number() -> Int {
                var value = 0
                var shift = 0
                while true {
                    let byte = buffer[position]
                    position += 1
                    value |= Int(byte & 0x7F) << shift
                    if byte < 0x80 { return value }
                    shift += 7
                }
            }
            func text() -> String {
                let length = number()
                defer { position += length }
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[position..<(position + length)]), as: UTF8.self)
            }
            let cellCount = number()
            var cells: [Cell] = []
            cells.reserveCapacity(cellCount)
            for _ in 0..<cellCount {
                let tag = Tag(rawValue: buffer[position])
                position += 1
                switch tag {
                case .text: cells.append(.text(text()))
                case .number: cells.append(.number(text()))
                case .yes: cells.append(.bool(true))
                case .no: cells.append(.bool(false))
                case .date:
                    var bits: UInt64 = 0
                    for shift in 0..<8 { bits |= UInt64(buffer[position + shift]) << (8 * UInt64(shift)) }
                    position += 8
                    cells.append(.date(Date(timeIntervalSince1970: Double(bitPattern: bits))))
                case .empty, nil: cells.append(.empty)
                }
            }
            return cells
        }
    }

    /// Every row as cells, for sheets small enough to hold so.
    var all: [[Cell]] { (0..<count).map { self[$0] } }

    private mutating func appendText(_ tag: Tag, _ text: String) {
        bytes.append(tag.rawValue)
        var text = text
        text.withUTF8 { utf8 in
            appendNumber(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Little-endian base-128: one byte for a count under 128.
    private mutating func appendNumber(_ value: Int) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}
