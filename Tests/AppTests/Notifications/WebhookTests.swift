@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Unit webhooks")
struct WebhookTests {
    static let wecomKey = "693a91f6-7b1c-4bc4-97a0-0ec2f1fa5aaa"
    static let wecomURL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + wecomKey
    static let dingToken = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
    static let dingURL = "https://oapi.dingtalk.com/robot/send?access_token=" + dingToken
    static let secret = "SEC4b1d6f0a9c8e7d2b3a5f6e7d8c9b0a1f2e3d4c5b6a798081726354453627189a"

    static func service(_ app: Application) -> WebhookService {
        WebhookService(db: app.db, rules: WebhookURLRules(config: app.config))
    }

    static func deliveries(_ app: Application) async throws -> [JobRecord] {
        try await JobRecord.query(on: app.db).filter(\.$kind == WebhookDelivery.kind).sort(\.$id).all()
    }

    /// Runs due jobs until none is left (a failed one waits for its backoff, so this ends).
    static func drain(_ app: Application) async throws {
        for _ in 0..<20 where try await app.jobs.runOnce(on: app.db, logger: app.logger) {}
    }

    // MARK: Formats

    @Test func dingTalkSignatureMatchesAnIndependentComputation() throws {
        // python3 -c "import hmac,hashlib,base64,urllib.parse;s='SEC4b1d6f0a9c8e7d2b3a5f6e7d8c9b0a1f2e3d4c5b6a798081726354453627189a';
        //   t=1779062403000;print(urllib.parse.quote_plus(base64.b64encode(hmac.new(s.encode(),f'{t}\n{s}'.encode(),hashlib.sha256).digest())))"
        let expected = "3gX44eH%2F0ZdFvXQ4Bed5EysvmExE%2BCf0BouemwkAJfg%3D"
        let sign = DingTalkSigning.sign(secret: Self.secret, timestampMillis: 1_779_062_403_000)
        #expect(sign == expected)
        let url = DingTalkSigning.signedURL(Self.dingURL, secret: Self.secret, now: Date(timeIntervalSince1970: 1_779_062_403))
        #expect(url == Self.dingURL + "&timestamp=1779062403000&sign=" + expected)
    }

    @Test func payloadsHaveEachRobotsShape() throws {
        let message = RobotMessage(title: "新工单待签收", body: "任务已派发给您单位\n请及时签收", link: "http://127.0.0.1:8080/orders",
                                   linkLabel: Catalog.text("webhook.viewLink", .zh))
        let wecom = try #require(try JSONSerialization.jsonObject(with: RobotPayload.json(message, kind: .wecom)) as? [String: Any])
        #expect(Set(wecom.keys) == ["msgtype", "markdown"])
        #expect(wecom["msgtype"] as? String == "markdown")
        #expect(wecom["markdown"] as? [String: String] == ["content": "**新工单待签收**\n> 任务已派发给您单位\n> 请及时签收\n[查看](http://127.0.0.1:8080/orders)"])

        let ding = try #require(try JSONSerialization.jsonObject(with: RobotPayload.json(message, kind: .dingtalk)) as? [String: Any])
        #expect(Set(ding.keys) == ["msgtype", "markdown"])
        #expect(ding["msgtype"] as? String == "markdown")
        #expect(ding["markdown"] as? [String: String] == [
            "title": "新工单待签收",
            "text": "**新工单待签收**\n\n> 任务已派发给您单位\n> 请及时签收\n\n[查看](http://127.0.0.1:8080/orders)",
        ])

        let noLink = RobotMessage(title: "标题", body: "正文", link: "", linkLabel: Catalog.text("webhook.viewLink", .zh))
        let plain = try JSONSerialization.jsonObject(with: RobotPayload.json(noLink, kind: .wecom)) as? [String: Any]
        #expect(plain?["markdown"] as? [String: String] == ["content": "**标题**\n> 正文"])
    }

    @Test func robotRepliesAreJudgedByErrcodeAsWellAsStatus() {
        #expect(RobotReply.problem(status: 200, body: Data(#"{"errcode":0,"errmsg":"ok"}"#.utf8)) == nil)
        #expect(RobotReply.problem(status: 200, body: Data(#"{"errcode":310000,"errmsg":"sign not match"}"#.utf8)) == "errcode 310000: sign not match")
        #expect(RobotReply.problem(status: 502, body: Data()) == "HTTP 502")
        #expect(RobotReply.problem(status: 204, body: Data("not json".utf8)) == nil)
    }

    @Test func urlRulesFollowTheRobotAndTheEnvironment() {
        let testing = WebhookURLRules(allowLoopback: true, extraHosts: ["Robot.Internal.Example"])
        let production = WebhookURLRules(allowLoopback: false, extraHosts: [])
        #expect(testing.problem(with: Self.wecomURL, kind: .wecom) == nil)
        #expect(testing.problem(with: Self.dingURL, kind: .dingtalk) == nil)
        #expect(testing.problem(with: "http://127.0.0.1:9999/hook", kind: .wecom) == nil)
        #expect(production.problem(with: "http://127.0.0.1:9999/hook", kind: .wecom)?.key == "webhook.urlNotHTTPS")
        #expect(production.problem(with: "http://localhost:9999/hook", kind: .wecom)?.key == "webhook.urlNotHTTPS")
        #expect(testing.problem(with: Self.wecomURL, kind: .dingtalk)?.key == "webhook.urlWrongHost.dingtalk")
        #expect(testing.problem(with: Self.dingURL, kind: .wecom)?.key == "webhook.urlWrongHost.wecom")
        #expect(testing.problem(with: "https://robot.internal.example/send?key=1", kind: .wecom) == nil)
        #expect(production.problem(with: "https://robot.internal.example/send?key=1", kind: .wecom)?.key == "webhook.urlWrongHost.wecom")
        #expect(production.problem(with: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send", kind: .wecom)?.key == "webhook.urlMissingToken")
        #expect(production.problem(with: "https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1", kind: .wecom)?.key == "webhook.urlInvalid")
        #expect(production.problem(with: Self.wecomURL + String(repeating: "a", count: 500), kind: .wecom)?.key == "validation.tooLong")
    }

    @Test func maskingHidesKeysAndScrubbingRemovesEveryCredential() {
        #expect(WebhookMasking.url(Self.wecomURL) == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…")
        let text = "connection refused: \(Self.dingURL)&timestamp=1&sign=x; secret \(Self.secret)"
        let scrubbed = WebhookMasking.scrub(text, url: Self.dingURL, secret: Self.secret)
        #expect(!scrubbed.contains(Self.dingToken))
        #expect(!scrubbed.contains(Self.secret))
        #expect(scrubbed == "connection refused: ***&timestamp=1&sign=x; secret ***")
    }

    // MARK: Delivery

    @Test func dispatchingATaskPostsToTheUnitsRobots() async throws {
        try await withTestApp { app in
            let fake = FakeWebhookTransport()
            app.webhookTransport = fake
            let world = try await TaskWorld.make(app)
            let service = Self.service(app)
            let actor = AuditActor.system("test")
            let lead = try await service.create(WebhookInput(kind: "wecom", name: "市场监管局工作群", url: Self.wecomURL), unitID: world.org.department, by: actor)
            let district = try await service.create(WebhookInput(kind: "dingtalk", name: "东区工作群", url: Self.dingURL, secret: Self.secret),
                                                    unitID: world.org.district, by: actor)
            let off = try await service.create(WebhookInput(kind: "wecom", name: "旧群", url: Self.wecomURL + "0"), unitID: world.org.district, by: actor)
            _ = try await service.toggle(off, unitID: world.org.district, by: actor)
            let bystander = try await service.create(WebhookInput(kind: "wecom", name: "税务局群", url: Self.wecomURL + "1"), unitID: world.org.otherDepartment, by: actor)

            _ = try await world.dispatchedTask(app)
            let queued = try await Self.deliveries(app)
            #expect(queued.count == 2)
            #expect(queued.allSatisfy { $0.maxAttempts == 5 && !$0.payload.contains(Self.secret) })

            try await Self.drain(app)
            let posts = await fake.posts
            #expect(posts.count == 2)
            let body = "任务“推行企业开办全程网办”已派发给您单位，请在时限内签收或退回。"
            let wecom = try #require(posts.first { $0.url == Self.wecomURL })
            #expect(wecom.markdown == ["content": "**新工单待签收**\n> \(body)\n[查看](http://127.0.0.1:8080/orders)"])
            let ding = try #require(posts.first { $0.url.hasPrefix(Self.dingURL + "&timestamp=") })
            #expect(ding.markdown["title"] == "新工单待签收")
            #expect(ding.markdown["text"] == "**新工单待签收**\n\n> \(body)\n\n[查看](http://127.0.0.1:8080/orders)")
            // Signed with the stored secret at the time it was sent.
            let query = try #require(URLComponents(string: ding.url)?.queryItems)
            let timestamp = try #require(query.first { $0.name == "timestamp" }?.value.flatMap { Int64($0) })
            #expect(ding.url.hasSuffix("&sign=" + DingTalkSigning.sign(secret: Self.secret, timestampMillis: timestamp)))

            for id in [lead, district] {
                let hook = try await UnitWebhook.find(id, on: app.db)
                #expect(hook?.lastStatus == WebhookStatus.ok)
                #expect(hook?.lastSentAt != nil)
            }
            for id in [off, bystander] {
                #expect(try await UnitWebhook.find(id, on: app.db)?.lastStatus == nil)
            }
            #expect(try await Self.deliveries(app).allSatisfy { $0.status == .done })
        }
    }

    @Test func theHourlyScanSendsEachUnitsRobotOneDigest() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            _ = try await Self.service(app).create(WebhookInput(kind: "wecom", name: "市场监管局工作群", url: Self.wecomURL),
                                                   unitID: world.org.department, by: .system("test"))
            _ = try await world.dispatchedTask(app)
            _ = try await world.dispatchedTask(app, world.input("01-02", title: "推行税费一网通办"))
            for job in try await Self.deliveries(app) { try await job.delete(on: app.db) }   // the dispatch notices
            // A week later neither order is signed: two urgings for the department, in its inbox one by one.
            let later = DemoPlan.instant(CivilDate("2026-05-26")!, hour: 9)
            let outcome = try await SupervisionScan(db: app.db).run(now: later, calendar: TaskWorld.calendar, dueSoonDays: 5)
            #expect(outcome.urgings == 4)
            #expect(try await InboxMessage.query(on: app.db).filter(\.$user.$id == world.leadStaff).filter(\.$title == "催办：工单未签收").count() == 2)
            let queued = try await Self.deliveries(app)
            #expect(queued.count == 1)
            #expect(queued.first?.payload.contains("本单位有 0 项工单即将到期，2 项已逾期或超过签收期限") == true)
        }
    }

    @Test func aFailingRobotIsRetriedWithBackoffUntilItAnswers() async throws {
        try await withTestApp { app in
            let fake = FakeWebhookTransport(failing: [.status(502), .network])
            app.webhookTransport = fake
            let org = try await TestData.org(app)
            let id = try await Self.service(app).create(WebhookInput(kind: "dingtalk", name: "局工作群", url: Self.dingURL, secret: Self.secret),
                                                        unitID: org.department, by: .system("test"))
            try await WebhookNotices.enqueue(units: [org.department], titleKey: "notice.dispatched.title", bodyKey: "notice.dispatched.body",
                                             args: ["测试任务"], link: "/orders", on: app.db)

            #expect(try await app.jobs.runOnce(on: app.db, logger: app.logger))
            var job = try #require(try await Self.deliveries(app).first)
            #expect(job.status == .queued)
            #expect(job.attempts == 1)
            var hook = try #require(try await UnitWebhook.find(id, on: app.db))
            #expect(hook.lastStatus == WebhookStatus.failed)
            #expect(hook.lastError == "HTTP 502")
            // The backoff holds it back until it is due.
            #expect(try await app.jobs.runOnce(on: app.db, logger: app.logger) == false)

            #expect(try await app.jobs.runOnce(on: app.db, logger: app.logger, now: Date().addingTimeInterval(31)))
            job = try #require(try await Self.deliveries(app).first)
            #expect(job.status == .queued)
            #expect(job.attempts == 2)
            hook = try #require(try await UnitWebhook.find(id, on: app.db))
            let error = try #require(hook.lastError)
            #expect(error.hasPrefix("network: connection refused: ***"))
            for text in [error, job.lastError] {
                #expect(!text.contains(Self.dingToken))
                #expect(!text.contains(Self.secret))
            }

            #expect(try await app.jobs.runOnce(on: app.db, logger: app.logger, now: Date().addingTimeInterval(3600)))
            job = try #require(try await Self.deliveries(app).first)
            #expect(job.status == .done)
            #expect(job.attempts == 3)
            hook = try #require(try await UnitWebhook.find(id, on: app.db))
            #expect(hook.lastStatus == WebhookStatus.ok)
            #expect(hook.lastSentAt != nil)
            #expect(hook.lastError == error)
            #expect(await fake.posts.count == 3)
        }
    }

    @Test func mutedHistoryAndInactiveRobotsSendNothing() async throws {
        try await withTestApp { app in
            let org = try await TestData.org(app)
            let service = Self.service(app)
            let id = try await service.create(WebhookInput(kind: "wecom", name: "局工作群", url: Self.wecomURL), unitID: org.department, by: .system("test"))
            try await Inbox.$muted.withValue(true) {
                try await WebhookNotices.enqueue(units: [org.department], titleKey: "notice.dispatched.title", bodyKey: "notice.dispatched.body",
                                                 args: ["历史任务"], link: "/orders", on: app.db)
            }
            #expect(try await Self.deliveries(app).isEmpty)
            // Switched off after the notice was queued: the job finishes without posting.
            try await WebhookNotices.enqueue(units: [org.department], titleKey: "notice.dispatched.title", bodyKey: "notice.dispatched.body",
                                             args: ["任务"], link: "/orders", on: app.db)
            _ = try await service.toggle(id, unitID: org.department, by: .system("test"))
            let fake = FakeWebhookTransport()
            app.webhookTransport = fake
            try await Self.drain(app)
            #expect(await fake.posts.isEmpty)
            #expect(try await Self.deliveries(app).map(\.status) == [.done])
        }
    }

    // MARK: Pages

    @Test func onlyTheUnitsOwnHeadAndAdminsReachItsWebhooks() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let department = world.org.department
            let hookID = try await Self.service(app).create(WebhookInput(kind: "wecom", name: "局工作群", url: Self.wecomURL), unitID: department,
                                                            by: .system("test"))
            try await TestData.user(app, "admin", roles: [.admin], unit: world.org.city)
            let page = "/units/\(department)/webhooks"

            var outsider = Browser(app)
            try await outsider.login("outsider")
            #expect(try await outsider.get(page).status == .notFound)
            #expect(try await outsider.post(page, form: [("kind", "wecom"), ("name", "x"), ("url", Self.wecomURL)]).status == .notFound)
            #expect(try await outsider.post("\(page)/\(hookID)/toggle").status == .notFound)
            #expect(try await outsider.post("\(page)/\(hookID)/test").status == .notFound)
            // Through their own unit's address, another unit's webhook is still not there.
            let own = "/units/\(world.org.otherDepartment)/webhooks"
            #expect(try await outsider.get(own).status == .ok)
            #expect(try await outsider.post("\(own)/\(hookID)/toggle").status == .notFound)
            #expect(try await outsider.post("\(own)/\(hookID)/test").status == .notFound)
            // A head sees only their own unit, not the units below it.
            var districtHead = Browser(app)
            try await districtHead.login("district.head")
            #expect(try await districtHead.get("/units/\(world.org.street)/webhooks").status == .notFound)

            var staff = Browser(app)
            try await staff.login("lead.staff")
            #expect(try await staff.get(page).status == .forbidden)
            var head = Browser(app)
            try await head.login("lead.head")
            #expect(try await head.get(page).status == .ok)
            var admin = Browser(app)
            try await admin.login("admin")
            #expect(try await admin.get(page).status == .ok)

            let hook = try await UnitWebhook.find(hookID, on: app.db)
            #expect(hook?.active == true)
            #expect(try await Self.deliveries(app).isEmpty)
            #expect(try await UnitWebhook.query(on: app.db).count() == 1)
        }
    }

    @Test func aBadAddressIsRefusedWithAChineseMessage() async throws {
        try await withTestApp { app in
            let world = try await TaskWorld.make(app)
            let page = "/units/\(world.org.department)/webhooks"
            var head = Browser(app)
            try await head.login("lead.head")
            try await head.get(page)

            let plain = try await head.post(page, form: [("kind", "wecom"), ("name", "局工作群"),
                                                         ("url", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=\(Self.wecomKey)")])
            #expect(plain.status == .unprocessableEntity)
            #expect(plain.body.string.contains("Webhook 地址必须以 https:// 开头"))

            let wrongHost = try await head.post(page, form: [("kind", "dingtalk"), ("name", "局工作群"), ("url", Self.wecomURL)])
            #expect(wrongHost.status == .unprocessableEntity)
            #expect(wrongHost.body.string.contains("这不是钉钉群机器人地址"))

            let tooLong = try await head.post(page, form: [("kind", "wecom"), ("name", "局工作群"), ("url", Self.wecomURL + String(repeating: "a", count: 500))])
            #expect(tooLong.status == .unprocessableEntity)
            #expect(tooLong.body.string.contains("不能超过 500 个字符"))

            let wecomSecret = try await head.post(page, form: [("kind", "wecom"), ("name", "局工作群"), ("url", Self.wecomURL), ("secret", Self.secret)])
            #expect(wecomSecret.status == .unprocessableEntity)
            #expect(wecomSecret.body.string.contains("企业微信机器人不使用加签密钥"))

            #expect(try await UnitWebhook.query(on: app.db).count() == 0)
            let good = try await head.post(page, form: [("kind", "wecom"), ("name", "局工作群"), ("url", Self.wecomURL)])
            #expect(good.status == .seeOther)
            #expect(try await UnitWebhook.query(on: app.db).count() == 1)
        }
    }

    @Test func theSecretIsNeverShownLoggedOrAudited() async throws {
        try await withTestApp { app in
            let fake = FakeWebhookTransport(failing: [.network])
            app.webhookTransport = fake
            let world = try await TaskWorld.make(app)
            let page = "/units/\(world.org.department)/webhooks"
            var head = Browser(app)
            try await head.login("lead.head")
            try await head.get(page)
            var bodies: [String] = []

            // Refused for its name: the page keeps the address the head just typed, but not the secret.
            let refused = try await head.post(page, form: [("kind", "dingtalk"), ("name", ""), ("url", Self.dingURL), ("secret", Self.secret)])
            #expect(refused.status == .unprocessableEntity)
            #expect(!refused.body.string.contains(Self.secret))
            let created = try await head.post(page, form: [("kind", "dingtalk"), ("name", "局工作群"), ("url", Self.dingURL), ("secret", Self.secret)])
            #expect(created.status == .seeOther)
            let hook = try #require(try await UnitWebhook.query(on: app.db).first())
            #expect(hook.secret == Self.secret)
            let id = try hook.requireID()

            let listed = try await head.get(page)
            #expect(listed.body.string.contains("已设置"))
            #expect(listed.body.string.contains("https://oapi.dingtalk.com/robot/send?access_token=0f1e…"))
            bodies.append(listed.body.string)
            #expect(try await head.post("\(page)/\(id)/toggle").status == .seeOther)
            #expect(try await head.post("\(page)/\(id)/toggle").status == .seeOther)
            #expect(try await head.post("\(page)/\(id)/test").status == .seeOther)
            try await Self.drain(app)
            bodies.append(try await head.get(page).body.string)
            var admin = Browser(app)
            try await TestData.user(app, "admin", roles: [.admin], unit: world.org.city)
            try await admin.login("admin")
            bodies.append(try await admin.get(page).body.string)
            bodies.append(try await admin.get("/admin/audit").body.string)
            bodies.append(try await admin.get("/admin/jobs").body.string)

            for body in bodies {
                #expect(!body.contains(Self.secret))
                #expect(!body.contains(Self.dingToken))
            }
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityType == "unit_webhook").sort(\.$id).all()
            #expect(audit.map(\.action) == ["webhook.create", "webhook.deactivate", "webhook.activate"])
            for entry in audit {
                let text = entry.before + entry.after + entry.reason
                #expect(!text.contains(Self.secret))
                #expect(!text.contains(Self.dingToken))
                #expect(entry.after.contains(#""hasSecret":true"#))
            }
            for job in try await Self.deliveries(app) {
                #expect(!(job.payload + job.lastError).contains(Self.secret))
                #expect(!(job.payload + job.lastError).contains(Self.dingToken))
            }
            let failed = try #require(try await UnitWebhook.find(id, on: app.db))
            #expect(failed.lastStatus == WebhookStatus.failed)
            #expect(!(failed.lastError ?? "").contains(Self.secret))
        }
    }

    @Test func aTestMessageGoesOnlyToAnActiveRobot() async throws {
        try await withTestApp { app in
            let fake = FakeWebhookTransport()
            app.webhookTransport = fake
            let world = try await TaskWorld.make(app)
            let page = "/units/\(world.org.department)/webhooks"
            var head = Browser(app)
            try await head.login("lead.head")
            try await head.get(page)
            #expect(try await head.post(page, form: [("kind", "wecom"), ("name", "局工作群"), ("url", Self.wecomURL)]).status == .seeOther)
            let id = try #require(try await UnitWebhook.query(on: app.db).first()?.id)

            #expect(try await head.post("\(page)/\(id)/toggle").status == .seeOther)
            #expect(try await head.post("\(page)/\(id)/test").status == .seeOther)
            let refusedPage = try await head.get(page)
            #expect(refusedPage.body.string.contains("已停用的群机器人不能发送测试消息"))
            #expect(try await Self.deliveries(app).isEmpty)

            #expect(try await head.post("\(page)/\(id)/toggle").status == .seeOther)
            #expect(try await head.post("\(page)/\(id)/test").status == .seeOther)
            #expect(try await Self.deliveries(app).count == 1)
            try await Self.drain(app)
            let posts = await fake.posts
            #expect(posts.count == 1)
            #expect(posts.first?.markdown["content"]?.hasPrefix("**营商通测试消息**\n> 测试市市场监督管理局的群机器人已接通") == true)
            let shown = try await head.get(page)
            #expect(shown.body.string.contains("成功"))
        }
    }
}
