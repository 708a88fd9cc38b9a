@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@Suite("Typed bulk inserts")
struct BatchInsertTests {
    /// Every kind of value goes in as SQLKit would write it, so Fluent reads the rows back alike.
    @Test func everyKindOfValueReadsBackThroughTheModel() async throws {
        try await withTestApp { app in
            let now = Date(timeIntervalSince1970: 1_780_000_000.25)
            let rows: [[BulkValue]] = [
                [.text("91350100M000100Y43"), .text("桐江科技有限公司"), .text("张三"), .null, .text("江滨路1号"), .text("65"), .text("small"),
                 .bool(true), .bool(false), .text("2020-05-06"), .int(5_000_000_000), .text("CNY"), .int(12), .text("active"), .null,
                 .text("test"), .text("桐江 江科"), .text(EnterpriseCode.newToken()), .date(now), .date(now)],
            ]
            let returned = try await app.db.insertRows(rows, into: Enterprise.schema, columns: EnterpriseImport.firmColumns,
                                                       returning: ["id", "credit_code"])
            #expect(returned.count == 1)
            #expect(returned.first?[1] == .text("91350100M000100Y43"))
            let firm = try #require(try await Enterprise.find(returned.first?[0].int, on: app.db))
            #expect(firm.name == "桐江科技有限公司")
            #expect(firm.aboveScale && !firm.upgradeCandidate)
            #expect(firm.$region.id == nil && firm.closedOn == nil)
            #expect(firm.capitalMinor == 5_000_000_000 && firm.employees == 12)
            #expect(abs((firm.createdAt ?? .distantPast).timeIntervalSince(now)) < 0.001)
        }
    }

    /// A clash on the named column skips that row only, and only the rows written come back.
    @Test func rowsThatClashAreSkippedAndNotReturned() async throws {
        try await withTestApp { app in
            try await Self.table(app)
            try await app.db.insertRows([[.text("a"), .int(1)]], into: "bulk_test", columns: ["code", "n"])
            let returned = try await app.db.insertRows([[.text("a"), .int(2)], [.text("b"), .null]], into: "bulk_test", columns: ["code", "n"],
                                                       returning: ["code"], skippingConflictsOn: "code")
            #expect(returned == [[.text("b")]])
            let kept = try await (app.db as! any SQLDatabase).raw("SELECT n FROM bulk_test WHERE code = 'a'").first()?.decode(column: "n", as: Int.self)
            #expect(kept == 1)
            #expect(try await app.db.insertRows([], into: "bulk_test", columns: ["code", "n"], returning: ["code"]).isEmpty)
        }
    }

    /// More rows than one statement takes are split, and every row comes back in order.
    @Test func largeLoadsAreSplitIntoStatements() async throws {
        try await withTestApp { app in
            try await Self.table(app)
            let rows = (0..<120_000).map { [BulkValue.text("代码\($0)"), .int($0)] }
            let returned = try await app.db.insertRows(rows, into: "bulk_test", columns: ["code", "n"], returning: ["n"])
            #expect(returned.map { $0[0].int } == (0..<120_000).map { $0 })
        }
    }

    private static func table(_ app: Application) async throws {
        try await (app.db as! any SQLDatabase).raw("CREATE TABLE bulk_test (code TEXT NOT NULL UNIQUE, n INTEGER)").run()
    }
}
