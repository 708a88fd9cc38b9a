import Foundation

/// Error raised by the spreadsheet I/O kernel.
///
/// `message` is written in Simplified Chinese for end users and can be shown
/// as-is in an import result page; `code` is for programmatic handling.
struct SpreadsheetError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Code: String, Sendable, Equatable {
        case notXLSX
        case corrupt
        case noSheet
        case tooLarge
        case unsupportedEncoding
        case malformedCSV
        case empty
    }

    let code: Code
    let message: String

    init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    var description: String { "SpreadsheetError.\(code.rawValue): \(message)" }
}

extension SpreadsheetError {
    static func notXLSX(_ message: String = "文件不是有效的 XLSX 工作簿，请确认文件由 Excel 或 WPS 保存为 .xlsx 格式") -> SpreadsheetError {
        SpreadsheetError(code: .notXLSX, message: message)
    }

    static let legacyOrEncryptedExcel = SpreadsheetError(
        code: .notXLSX,
        message: "文件是旧版 Excel（.xls）格式或已设置打开密码，暂不支持。请在 Excel 中“另存为”.xlsx 格式（不设密码）或“CSV UTF-8（逗号分隔）”后重新上传"
    )

    static func corrupt(_ detail: String? = nil) -> SpreadsheetError {
        let base = "XLSX 文件已损坏，无法读取"
        return SpreadsheetError(code: .corrupt, message: detail.map { "\(base)：\($0)" } ?? base)
    }

    static func noSheet(index: Int? = nil) -> SpreadsheetError {
        if let index, index > 0 {
            return SpreadsheetError(code: .noSheet, message: "工作簿中找不到第 \(index + 1) 个工作表")
        }
        return SpreadsheetError(code: .noSheet, message: "工作簿中没有任何工作表")
    }

    static func tooManyRows(limit: Int) -> SpreadsheetError {
        SpreadsheetError(code: .tooLarge, message: "文件数据超过 \(limit) 行的上限，请拆分成多个文件后分别导入")
    }

    static func tooLarge(_ message: String) -> SpreadsheetError {
        SpreadsheetError(code: .tooLarge, message: message)
    }

    static let unsupportedEncoding = SpreadsheetError(
        code: .unsupportedEncoding,
        message: "无法识别文件的文字编码。请用 Excel 打开文件，选择“另存为” → 文件类型选“CSV UTF-8（逗号分隔）(*.csv)”，保存后重新上传"
    )

    static let binaryNotText = SpreadsheetError(
        code: .unsupportedEncoding,
        message: "文件内容不是文本格式的 CSV。请用 Excel 打开文件，选择“另存为” → 文件类型选“CSV UTF-8（逗号分隔）(*.csv)”，保存后重新上传"
    )

    static func unclosedQuote(line: Int) -> SpreadsheetError {
        SpreadsheetError(code: .malformedCSV, message: "CSV 格式错误：第 \(line) 行开始的引号没有闭合")
    }

    static let emptyFile = SpreadsheetError(code: .empty, message: "文件为空，没有任何内容")
}
