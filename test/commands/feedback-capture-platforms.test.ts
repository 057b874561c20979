import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamFrameToEvent } from "../../adapters/dingtalk/inbound.js";
import { parseStreamFrame } from "../../adapters/dingtalk/stream.js";
import { decodeFeishuEvent } from "../../adapters/feishu/inbound.js";
import { decodeSlackBody } from "../../adapters/slack/inbound.js";
import { parseSlackBody } from "../../adapters/slack/payload.js";
import { aibotBodyToEvent } from "../../adapters/wecom/inbound.js";
import { jsonFixture } from "../adapters/wecom/wecom-test-support.js";
import type { Capabilities, InboundEvent } from "../../src/core/adapter.js";
import type { Runtime } from "../../src/main.js";
import { createFakeAdapter, type FakeAdapter } from "../helpers/fake-adapter.js";
import { seedProjectWithPm } from "../helpers/project-seed.js";
import { startTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";
import { fixtureText, FIXTURE_BOT, RECEIVED_AT } from "../adapters/slack/slack-fixtures.js";
import { readFileSync } from "node:fs";
import { APP, dataOf, frameWith } from "../adapters/dingtalk/dingtalk-test-support.js";

const caps: Capabilities = { buttons: { max: 5, labelMax: 30 }, forms: false, markdown: "basic", editMessage: false, ephemeral: false, threads: true, createGroup: false, maxTextLength: 4000, rateLimits: [], reactions: true, images: "separate" };
const feishuFixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/feishu/${name}`, import.meta.url), "utf8")) as Record<string, Record<string, unknown>>;

/**
 * Capture from each platform's recorded payloads (patched only where the recording names the bot itself as the author):
 * a Slack thread reply "@bot feedback" files the parent with its author (parent_user_id), the ticket reaction on the
 * same message (item_user) files nothing more; a Feishu reaction, which names no chat, files a message the bot heard.
 */
describe("feedback capture on the platforms' payloads", () => {
  let env: TestRuntime;
  let runtime: Runtime;
  let slack: FakeAdapter;
  let feishu: FakeAdapter;
  let dingtalk: FakeAdapter;
  let wecom: FakeAdapter;
  const items = () => runtime.database.db.selectFrom("feedback_items").select(["key", "text", "reporter_id", "filed_by", "source"]).orderBy("id").execute();
  const personOf = async (platform: string, userId: string) => (await runtime.database.db.selectFrom("identities").select("person_id").where("platform", "=", platform).where("user_id", "=", userId).executeTakeFirstOrThrow()).person_id;
  const push = async (adapter: FakeAdapter, event: InboundEvent | null) => {
    if (!event) throw new Error("the payload did not decode");
    await adapter.sink()(event);
    await runtime.settle();
  };
  const slackEvent = (name: string, patch: (payload: { event: Record<string, unknown>; event_id: string }) => void) => {
    const payload = JSON.parse(fixtureText(name)) as { event: Record<string, unknown>; event_id: string };
    patch(payload);
    return decodeSlackBody(parseSlackBody(Buffer.from(JSON.stringify(payload)), "application/json")!, { botUserId: FIXTURE_BOT, receivedAt: RECEIVED_AT });
  };

  beforeAll(async () => {
    slack = createFakeAdapter({ platform: "slack", capabilities: caps });
    feishu = createFakeAdapter({ platform: "feishu", capabilities: caps });
    dingtalk = createFakeAdapter({ platform: "dingtalk", capabilities: caps });
    wecom = createFakeAdapter({ platform: "wecom", capabilities: caps });
    env = await startTestRuntime({ adapters: [slack, feishu, dingtalk, wecom] });
    runtime = env.runtime;
    await runtime.services.tenants.ensure("slack", "T061EG9R6", { name: "Acme on Slack", locale: "en", timezone: "Europe/Berlin" });
    await runtime.services.tenants.ensure("feishu", "2ca1d211f64f6438", { name: "Acme on Feishu", locale: "zh-CN", timezone: "Asia/Shanghai" });
    await runtime.services.tenants.ensure("dingtalk", APP.corpId, { name: "Acme on DingTalk", locale: "zh-CN", timezone: "Asia/Shanghai" });
    await runtime.services.tenants.ensure("wecom", "wwcorp-feedback", { name: "Acme on WeCom", locale: "zh-CN", timezone: "Asia/Shanghai" });
    const project = { name: "CRM", key: "crm", timezone: "Europe/Berlin" };
    await seedProjectWithPm(runtime.services, { platform: "wecom", tenantRef: "wwcorp-feedback" }, { pm: { name: "赵六", email: "zhaoliu@acme.example", userId: "zhaoliu", locale: "zh-CN" }, member: { name: "钱七", email: "qianqi@acme.example", userId: "qianqi", locale: "zh-CN" }, project: { ...project, key: "crm-wc", timezone: "Asia/Shanghai" } });
    await seedProjectWithPm(runtime.services, { platform: "dingtalk", tenantRef: APP.corpId }, { pm: { name: "李四", email: "lisi@acme.example", userId: "lisi02", locale: "zh-CN" }, member: { name: "王五", email: "wangwu@acme.example", userId: "wangwu03", locale: "zh-CN" }, project: { ...project, key: "crm-dt", timezone: "Asia/Shanghai" } });
    await seedProjectWithPm(runtime.services, { platform: "slack", tenantRef: "T061EG9R6" }, { pm: { name: "Pia PM", email: "pia@acme.example", userId: "U061F7AUR", locale: "en" }, member: { name: "Mo Member", email: "mo@acme.example", userId: "U0AUTHOR1", locale: "en" }, project });
    await seedProjectWithPm(runtime.services, { platform: "feishu", tenantRef: "2ca1d211f64f6438" }, { pm: { name: "周婷", email: "zhou@acme.example", userId: "ou_84aad35d084aa403a838cf73ee18467", locale: "zh-CN" }, member: { name: "吴磊", email: "wu@acme.example", userId: "ou_author_feishu", locale: "zh-CN" }, project: { ...project, key: "crm-cn", timezone: "Asia/Shanghai" } });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("Slack: a thread reply '@bot feedback' files the parent message with its author; the ticket reaction on it adds nothing", async () => {
    await push(slack, slackEvent("event-message-thread-reply.json", (p) => {
      Object.assign(p.event, { user: "U0AUTHOR1", ts: "1515449522.000016", text: "the quote PDF has the wrong logo" });
      delete p.event.thread_ts;
      delete p.event.parent_user_id;
      p.event_id = "Ev0PARENT1";
    }));
    await push(slack, slackEvent("event-message-thread-reply.json", (p) => {
      Object.assign(p.event, { text: `<@${FIXTURE_BOT}> feedback`, parent_user_id: "U0AUTHOR1" });
    }));
    const [filed] = await items();
    expect(filed).toMatchObject({ key: "FB-1", text: "the quote PDF has the wrong logo", source: "reply", reporter_id: await personOf("slack", "U0AUTHOR1"), filed_by: await personOf("slack", "U061F7AUR") });
    expect(slack.sends.map((s) => JSON.stringify(s.message)).join()).toContain("FB-1");
    await push(slack, slackEvent("event-reaction-added.json", (p) => Object.assign(p.event, { item_user: "U0AUTHOR1" })));
    expect(await items()).toHaveLength(1);
    expect(JSON.stringify(slack.sends.at(-1)!.message)).toContain("already filed as");
  });

  it("Feishu: a reaction names no chat; the message the bot heard is filed with its author, the answer goes to the filer's DM", async () => {
    const heard = feishuFixture("message-group-plain.json");
    const message = heard.event!.message as Record<string, unknown>;
    Object.assign(message, { message_id: "om_dc13264520392913993dd051dba21dcf", content: JSON.stringify({ text: "审批流卡在财务那一步" }) });
    Object.assign((heard.event!.sender as Record<string, Record<string, unknown>>).sender_id!, { open_id: "ou_author_feishu" });
    Object.assign(heard.header!, { tenant_key: "2ca1d211f64f6438", event_id: "ev-heard-1" });
    await push(feishu, decodeFeishuEvent(heard, { receivedAt: RECEIVED_AT }));
    const reaction = feishuFixture("reaction-created.json");
    Object.assign(reaction.event!, { reaction_type: { emoji_type: "TICKET" } });
    await push(feishu, decodeFeishuEvent(reaction, { receivedAt: RECEIVED_AT }));
    const filed = (await items()).at(-1)!;
    expect(filed).toMatchObject({ key: "FB-1", text: "审批流卡在财务那一步", source: "reaction", reporter_id: await personOf("feishu", "ou_author_feishu"), filed_by: await personOf("feishu", "ou_84aad35d084aa403a838cf73ee18467") });
    const dm = feishu.sends.filter((s) => s.conversation.kind === "direct").map((s) => JSON.stringify(s.message)).join();
    expect(dm).toContain("FB-1");
    await push(feishu, decodeFeishuEvent({ ...reaction, header: { ...reaction.header, event_id: "ev-react-2" } }, { receivedAt: RECEIVED_AT }));
    expect((await items()).filter((i) => i.source === "reaction")).toHaveLength(1);
  });

  it("DingTalk: a quote '@bot feedback' files the quoted text; its author comes from the message the bot heard", async () => {
    const ctx = { robotCode: APP.clientId, corpId: APP.corpId, receivedAt: RECEIVED_AT };
    const frame = (name: string, id: string, patch: Record<string, unknown>) => parseStreamFrame(JSON.stringify(frameWith(name, id, patch)))!;
    await push(dingtalk, streamFrameToEvent(frame("robot-group-not-at", "c0a8010a-heard", { msgId: "msgB0tS3ntAbCdEfGh1234567==", senderStaffId: "wangwu03", senderNick: "王五", senderId: "$:LWCP_v1:$wangwu0000000000000000==", text: { content: "回款计划页面打不开" } }), ctx));
    const quoted = dataOf("robot-group-quote");
    const text = quoted.text as { repliedMsg: Record<string, unknown> };
    await push(dingtalk, streamFrameToEvent(frame("robot-group-quote", "c0a8010a-quote", { isInAtList: true, text: { content: "feedback", isReplyMsg: true, repliedMsg: { ...text.repliedMsg, senderId: "$:LWCP_v1:$wangwu0000000000000000==", senderNick: "王五", content: { text: "回款计划页面打不开" } } } }), ctx));
    const filed = (await items()).at(-1)!;
    expect(filed).toMatchObject({ key: "FB-1", text: "回款计划页面打不开", source: "reply", reporter_id: await personOf("dingtalk", "wangwu03"), filed_by: await personOf("dingtalk", "lisi02") });
    expect(dingtalk.sends.map((s) => JSON.stringify(s.message)).join()).toContain("王五");
  });

  it("WeCom: a quote carries its text but neither its id nor its author: filed with the quoted text, the filer as reporter", async () => {
    const body = { ...jsonFixture("aibot-group-quote-text.json"), text: { content: "@RolloutBot feedback" }, quote: { msgtype: "text", text: { content: "客户公海规则没有生效" } } };
    await push(wecom, aibotBodyToEvent(body, { corpId: "wwcorp-feedback", receivedAt: RECEIVED_AT }));
    const filed = (await items()).at(-1)!;
    expect(filed).toMatchObject({ key: "FB-1", text: "客户公海规则没有生效", source: "reply", reporter_id: await personOf("wecom", "zhaoliu"), filed_by: null });
    await push(wecom, aibotBodyToEvent({ ...body, msgid: "another-msgid" }, { corpId: "wwcorp-feedback", receivedAt: RECEIVED_AT }));
    expect((await items()).filter((i) => i.text === "客户公海规则没有生效")).toHaveLength(1);
  });
});
