import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryAttemptLog } from "../../adapters/slack/attempt-log.js";
import { createSlackAdapter } from "../../adapters/slack/index.js";
import { createFeishuAdapter } from "../../adapters/feishu/index.js";
import type { ChatAdapter, PlatformId } from "../../src/core/adapter.js";
import { plain } from "../../src/core/message.js";
import { toPlainText } from "../../src/core/plain-text.js";
import { createLogger } from "../../src/logger.js";
import type { Runtime } from "../../src/main.js";
import { APP as DINGTALK, testAdapter as dingtalkAdapter } from "../adapters/dingtalk/dingtalk-test-support.js";
import { APP as WECOM, testAdapter as wecomAdapter } from "../adapters/wecom/wecom-test-support.js";
import { startFakeDingtalkApi } from "../helpers/fake-dingtalk-api.js";
import { FAKE_APP_ID, FAKE_APP_SECRET, startFakeFeishuApi } from "../helpers/fake-feishu-api.js";
import { startFakeSlackApi } from "../helpers/fake-slack-api.js";
import { startFakeWecomApi } from "../helpers/fake-wecom-api.js";
import { startTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";
import { waitFor } from "../helpers/wait.js";

// Group creation through the outbox, on every platform against its fake: the platform creates the group but its
// answer is lost (a crash between create and store, as the platform sees it), then the first addMembers fails; the
// retries must end with exactly one group, every member in it, and the welcome posted once.

interface PlatformCase {
  platform: PlatformId;
  tenantRef: string;
  users: { owner: string; members: string[] };
  start(): Promise<{ adapter: ChatAdapter; close(): Promise<void> }>;
  /** Script: the next create succeeds on the platform but its answer is lost; the next add-members call fails. */
  scriptFailures(): void;
  /** Group ids the platform holds. */
  groups(): string[];
  membersOf(groupId: string): string[];
  /** Messages the bot posted into the group, as text. */
  postedTo(groupId: string): string[];
}

function slackCase(): PlatformCase {
  let fake: Awaited<ReturnType<typeof startFakeSlackApi>>;
  return {
    platform: "slack",
    tenantRef: "T0TEAM",
    users: { owner: "U0PM", members: ["U0A", "U0B"] },
    async start() {
      fake = await startFakeSlackApi();
      const adapter = createSlackAdapter({ botToken: "xoxb-groups", apiUrl: fake.url, logger: createLogger("silent"), attemptLog: createMemoryAttemptLog(), lookupProfiles: false });
      return { adapter, close: () => fake.close() };
    },
    scriptFailures() {
      fake.failNext("conversations.create", { lose: true });
      fake.failNext("conversations.invite", { status: 500 });
    },
    groups: () => fake.channels().map((c) => c.id),
    membersOf: (id) => fake.channels().find((c) => c.id === id)?.members ?? [],
    postedTo: (id) => fake.messages.filter((m) => m.channel === id).map((m) => m.text),
  };
}

function feishuCase(): PlatformCase {
  let api: Awaited<ReturnType<typeof startFakeFeishuApi>>;
  return {
    platform: "feishu",
    tenantRef: "2ca1d211f64f6438",
    users: { owner: "ou_owner", members: ["ou_a", "ou_b"] },
    async start() {
      api = await startFakeFeishuApi();
      const adapter = createFeishuAdapter({ appId: FAKE_APP_ID, appSecret: FAKE_APP_SECRET, verificationToken: "v", mode: "http", domain: api.baseUrl, logger: createLogger("silent") });
      return { adapter, close: () => api.close() };
    },
    scriptFailures() {
      api.fail("POST", "/im/v1/chats", { status: 500, code: 1500, msg: "internal error", after: true });
      api.fail("POST", "/im/v1/chats/*", { status: 500, code: 1500, msg: "internal error" });
    },
    groups: () => [...api.chats.keys()],
    membersOf: (id) => api.chats.get(id)?.members ?? [],
    postedTo: (id) =>
      api
        .callsTo("POST", "/im/v1/messages")
        .filter((c) => c.body.receive_id === id && c.status === 200)
        .map((c) => String(c.body.content)),
  };
}

function dingtalkCase(): PlatformCase {
  let api: Awaited<ReturnType<typeof startFakeDingtalkApi>>;
  return {
    platform: "dingtalk",
    tenantRef: DINGTALK.corpId,
    users: { owner: "lisi02", members: ["zhangsan01", "wangwu03"] },
    async start() {
      api = await startFakeDingtalkApi({ appKey: DINGTALK.clientId, appSecret: DINGTALK.clientSecret, robotCode: DINGTALK.clientId });
      const adapter = dingtalkAdapter({ apiUrl: api.url, oapiUrl: api.url, sceneGroupTemplateId: "tpl-group" });
      return { adapter, close: () => api.close() };
    },
    scriptFailures() {
      api.loseNext("/v1.0/im/sceneGroup/create");
      api.failNext("/topapi/im/chat/scenegroup/member/add", { status: 200, body: { errcode: -1, errmsg: "系统繁忙" } });
    },
    groups: () => [...api.groups.keys()],
    membersOf: (id) => api.groups.get(id)?.members ?? [],
    postedTo: (id) => api.sends.filter((s) => s.via === "group" && s.target === id).map((s) => s.text),
  };
}

function wecomCase(): PlatformCase {
  let fake: Awaited<ReturnType<typeof startFakeWecomApi>>;
  return {
    platform: "wecom",
    tenantRef: WECOM.corpId,
    users: { owner: "zhangsan", members: ["lisi", "wangwu"] },
    async start() {
      fake = await startFakeWecomApi({ corpId: WECOM.corpId, secret: WECOM.secret, windowScale: 0.01 });
      const adapter = wecomAdapter({ apiUrl: fake.url, rateWindowScale: 0.01 });
      return { adapter, close: () => fake.close() };
    },
    scriptFailures() {
      fake.loseNext("appchat/create");
      fake.failNext("appchat/update", -1);
    },
    groups: () => [...fake.chats.keys()],
    membersOf: (id) => fake.chats.get(id)?.members ?? [],
    postedTo: (id) => fake.calls.filter((c) => c.path === "appchat/send" && c.body.chatid === id).map((c) => JSON.stringify(c.body)),
  };
}

/** Waits for a message's delivery (the queue paces it at the platform's rate); true once sent. */
async function sent(runtime: Runtime, key: string): Promise<boolean> {
  return waitFor(
    async () => (await runtime.database.db.selectFrom("deliveries").select("status").where("key", "=", key).executeTakeFirst())?.status === "sent",
    { what: `delivery ${key}` },
  );
}

/** Runs a group's outbox row until it is no longer pending: each retry at once, instead of after its backoff. */
async function runUntilDone(runtime: Runtime, key: string): Promise<{ status: string; attempts: number }> {
  const db = runtime.database.db;
  for (let i = 0; i < 6; i++) {
    await runtime.settle();
    const row = await db.selectFrom("deliveries").select(["id", "status", "attempts"]).where("key", "=", key).executeTakeFirstOrThrow();
    if (row.status !== "pending") return row;
    await runtime.delivery.deliver(row.id);
  }
  throw new Error(`the group ${key} was still pending after six runs`);
}

describe.each([slackCase(), feishuCase(), dingtalkCase(), wecomCase()])("a group through the outbox on $platform", (c) => {
  let bot: TestRuntime;
  let closeFake: () => Promise<void>;
  let tenantId = 0;
  const people: Record<string, number> = {};

  beforeAll(async () => {
    const { adapter, close } = await c.start();
    closeFake = close;
    bot = await startTestRuntime({ adapters: [adapter], env: { DEMO_SEED: "false" } });
    const { tenants, people: service } = bot.runtime.services;
    const tenant = await tenants.ensure(c.platform, c.tenantRef, { name: "Groups", locale: "en", timezone: "UTC" });
    tenantId = tenant.id;
    for (const userId of [c.users.owner, ...c.users.members]) {
      const person = await service.create(tenant.id, { displayName: userId });
      await service.linkIdentity(tenant.id, person.id, c.platform, userId);
      people[userId] = person.id;
    }
    people.unseen = (await service.create(tenant.id, { displayName: "Not yet seen", email: "unseen@apollo.example" })).id;
  });
  afterAll(async () => {
    await bot?.close();
    await closeFake?.();
  });

  it("a lost create answer and a failed addMembers end in one group, every member in it, and one welcome", async () => {
    const { notify } = bot.runtime.services;
    c.scriptFailures();
    const request = {
      key: `warroom:${c.platform}:1`,
      tenantId,
      name: "Apollo war room 2026-12-01",
      topic: "Cut-over",
      ownerPersonId: people[c.users.owner]!,
      memberPersonIds: [...c.users.members.map((u) => people[u]!), people.unseen!],
      welcome: plain("Welcome to the war room"),
    };
    expect(await notify.createGroup(request)).toEqual({ status: "queued", withoutIdentity: [people.unseen] });
    expect(await notify.groupFor(request.key)).toMatchObject({ status: "pending" });

    const done = await runUntilDone(bot.runtime, request.key);
    expect(done).toMatchObject({ status: "sent", attempts: 3 }); // create lost → members failed → done
    expect(c.groups()).toHaveLength(1);
    const [groupId] = c.groups();
    expect(c.membersOf(groupId!)).toEqual(expect.arrayContaining([c.users.owner, ...c.users.members]));
    const state = await notify.groupFor(request.key);
    expect(state).toEqual({ key: request.key, status: "ready", conversation: { platform: c.platform, tenantId: c.tenantRef, conversationId: groupId, kind: "group" }, error: null });

    await sent(bot.runtime, `${request.key}:welcome`);
    expect(c.postedTo(groupId!)).toHaveLength(1);
    expect(c.postedTo(groupId!)[0]).toContain("Welcome to the war room");

    // The same key again: nothing new is created or posted, and a post into the group reaches it.
    expect(await notify.createGroup(request)).toEqual({ status: "exists", withoutIdentity: [people.unseen] });
    await bot.runtime.settle();
    expect(c.groups()).toHaveLength(1);
    await notify.toConversation(state!.conversation!, plain("status: green"), { key: `${request.key}:status:1` });
    await sent(bot.runtime, `${request.key}:status:1`);
    expect(c.postedTo(groupId!).map((t) => t.includes("status: green"))).toEqual([false, true]);
  });

  it("an owner never seen on the platform queues nothing", async () => {
    const { notify } = bot.runtime.services;
    const result = await notify.createGroup({ key: `warroom:${c.platform}:2`, tenantId, name: "No owner", ownerPersonId: people.unseen!, memberPersonIds: [people[c.users.owner]!] });
    expect(result).toEqual({ status: "owner_without_identity", withoutIdentity: [] });
    expect(await notify.groupFor(`warroom:${c.platform}:2`)).toBeNull();
  });
});

describe("a group through the outbox on the console", () => {
  let bot: TestRuntime;
  const printed: string[] = [];
  beforeAll(async () => {
    bot = await startTestRuntime({ console: true, printed });
  });
  afterAll(async () => {
    await bot?.close();
  });

  it("creates the group once even when the ref was never stored, adds the members, posts the welcome once", async () => {
    const { services, database } = bot.runtime;
    const tenant = await services.tenants.ensure("console", "demo", { name: "Console demo", locale: "en", timezone: "UTC" });
    const [project] = await services.projects.list(tenant.id);
    const members = await services.projects.members(tenant.id, project!.id);
    const pm = members.find((m) => m.roles.includes("pm"))!;
    const others = members.filter((m) => m !== pm).map((m) => m.personId);
    const key = "warroom:console:1";
    const result = await services.notify.createGroup({ key, tenantId: tenant.id, name: "Apollo war room", ownerPersonId: pm.personId, memberPersonIds: others, welcome: plain("Welcome, war room") });
    expect(result).toEqual({ status: "queued", withoutIdentity: [] });
    await runUntilDone(bot.runtime, key);

    // The store "failed": the ref is gone and the row runs again; the console finds the group it made.
    await database.db.updateTable("groups").set({ conversation: null, members_added_at: null }).where("key", "=", key).execute();
    await database.db.updateTable("deliveries").set({ status: "pending" }).where("key", "=", key).execute();
    await runUntilDone(bot.runtime, key);
    await sent(bot.runtime, `${key}:welcome`);

    const consoleAdapter = bot.runtime.console!;
    expect(consoleAdapter.groups()).toEqual(["#apollo-war-room"]);
    expect(printed.filter((p) => p.startsWith("bot created group #apollo-war-room"))).toHaveLength(1);
    expect(new Set(consoleAdapter.membersOf("#apollo-war-room"))).toEqual(new Set(["lina", "wangfang", "chenwei", "zhangmin", "liuyang", "anna", "tom"]));
    const welcomes = consoleAdapter.sent.filter((s) => s.conversation.conversationId === "#apollo-war-room");
    expect(welcomes.map((s) => toPlainText(s.message))).toEqual(["Welcome, war room"]);
    expect(await services.notify.groupFor(key)).toMatchObject({ status: "ready", conversation: { platform: "console", conversationId: "#apollo-war-room", kind: "group" } });
  });
});
