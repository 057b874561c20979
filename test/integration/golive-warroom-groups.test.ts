import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryAttemptLog } from "../../adapters/slack/attempt-log.js";
import { createSlackAdapter } from "../../adapters/slack/index.js";
import { createFeishuAdapter } from "../../adapters/feishu/index.js";
import type { ChatAdapter, PlatformId } from "../../src/core/adapter.js";
import type { GoliveAsker } from "../../src/golive/model.js";
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

// The war room on every platform against its fake: `warroom open` creates the group exactly once though the first
// create's answer is lost (the platform made the group; the bot heard a timeout-like failure), `warroom notify outage`
// reaches each member once and pushes it through the urgent channel where the platform has one (Feishu buzz, DingTalk
// DING; Slack and WeCom have none), even when the first urgent call fails, and `warroom close` archives the group
// where the platform allows, after the closing summary was posted into it.

interface PlatformCase {
  platform: PlatformId;
  tenantRef: string;
  users: { pm: string; members: string[] };
  start(): Promise<{ adapter: ChatAdapter; close(): Promise<void> }>;
  /** The next group create succeeds on the platform but its answer never reaches the bot. */
  loseNextCreate(): void;
  /** The next urgent call fails as a server error would (nothing where the platform has no urgent channel). */
  failNextUrgent(): void;
  groups(): string[];
  membersOf(groupId: string): string[];
  /** Messages the bot sent to a user's DM, as text. */
  directTo(userId: string): string[];
  /** Users pushed through the urgent channel by successful calls, one entry per user per call. */
  urgentTo(): string[];
  /** Whether the group is archived (or its platform's nearest state); null where the platform offers nothing. */
  archived(groupId: string): boolean | null;
  postedTo(groupId: string): string[];
}

function slackCase(): PlatformCase {
  let fake: Awaited<ReturnType<typeof startFakeSlackApi>>;
  return {
    platform: "slack",
    tenantRef: "T0TEAM",
    users: { pm: "U0PM", members: ["U0A", "U0B"] },
    async start() {
      fake = await startFakeSlackApi();
      const adapter = createSlackAdapter({ botToken: "xoxb-warroom", apiUrl: fake.url, logger: createLogger("silent"), attemptLog: createMemoryAttemptLog(), lookupProfiles: false });
      return { adapter, close: () => fake.close() };
    },
    loseNextCreate: () => fake.failNext("conversations.create", { lose: true }),
    failNextUrgent: () => undefined,
    groups: () => fake.channels().filter((c) => c.name.includes("war-room")).map((c) => c.id),
    membersOf: (id) => fake.channels().find((c) => c.id === id)?.members ?? [],
    directTo: (user) => fake.messages.filter((m) => m.channel === `D${user}` || m.channel === user).map((m) => m.text),
    urgentTo: () => [],
    archived: (id) => fake.channels().find((c) => c.id === id)?.archived === true,
    postedTo: (id) => fake.messages.filter((m) => m.channel === id).map((m) => m.text),
  };
}

function feishuCase(): PlatformCase {
  let api: Awaited<ReturnType<typeof startFakeFeishuApi>>;
  const ok = (c: { status: number }) => c.status === 200;
  return {
    platform: "feishu",
    tenantRef: "2ca1d211f64f6438",
    users: { pm: "ou_pm", members: ["ou_a", "ou_b"] },
    async start() {
      api = await startFakeFeishuApi();
      const adapter = createFeishuAdapter({ appId: FAKE_APP_ID, appSecret: FAKE_APP_SECRET, verificationToken: "v", mode: "http", domain: api.baseUrl, logger: createLogger("silent") });
      return { adapter, close: () => api.close() };
    },
    loseNextCreate: () => api.fail("POST", "/im/v1/chats", { status: 500, code: 1500, msg: "internal error", after: true }),
    // The fake matches a trailing * only: every PATCH on a message (no card is edited while the notice goes out).
    failNextUrgent: () => api.fail("PATCH", "/im/v1/messages/*", { status: 500, code: 1500, msg: "internal error" }),
    groups: () => [...api.chats.keys()],
    membersOf: (id) => api.chats.get(id)?.members ?? [],
    directTo: (user) => api.callsTo("POST", "/im/v1/messages").filter((c) => c.body.receive_id === user && ok(c)).map((c) => String(c.body.content)),
    urgentTo: () => api.callsTo("PATCH", "/im/v1/messages/*").filter((c) => c.path.endsWith("/urgent_app") && ok(c)).flatMap((c) => (c.body.user_id_list as string[]) ?? []),
    archived: (id) => api.chats.get(id)?.moderation === "only_owner",
    postedTo: (id) => api.callsTo("POST", "/im/v1/messages").filter((c) => c.body.receive_id === id && ok(c)).map((c) => String(c.body.content)),
  };
}

function dingtalkCase(): PlatformCase {
  let api: Awaited<ReturnType<typeof startFakeDingtalkApi>>;
  return {
    platform: "dingtalk",
    tenantRef: DINGTALK.corpId,
    users: { pm: "lisi02", members: ["zhangsan01", "wangwu03"] },
    async start() {
      api = await startFakeDingtalkApi({ appKey: DINGTALK.clientId, appSecret: DINGTALK.clientSecret, robotCode: DINGTALK.clientId });
      const adapter = dingtalkAdapter({ apiUrl: api.url, oapiUrl: api.url, sceneGroupTemplateId: "tpl-group" });
      return { adapter, close: () => api.close() };
    },
    loseNextCreate: () => api.loseNext("/v1.0/im/sceneGroup/create"),
    failNextUrgent: () => api.failNext("/v1.0/robot/ding/send", { status: 500, body: { code: "ServiceUnavailable", message: "busy" } }),
    groups: () => [...api.groups.keys()],
    membersOf: (id) => api.groups.get(id)?.members ?? [],
    directTo: (user) => api.sends.filter((s) => s.via === "direct" && s.target.split(",").includes(user)).map((s) => s.text),
    urgentTo: () => api.dings.flatMap((d) => (d.remindType === 1 ? d.receivers : [])),
    archived: (id) => api.groups.get(id)?.banned === true,
    postedTo: (id) => api.sends.filter((s) => s.via === "group" && s.target === id).map((s) => s.text),
  };
}

function wecomCase(): PlatformCase {
  let fake: Awaited<ReturnType<typeof startFakeWecomApi>>;
  return {
    platform: "wecom",
    tenantRef: WECOM.corpId,
    users: { pm: "zhangsan", members: ["lisi", "wangwu"] },
    async start() {
      fake = await startFakeWecomApi({ corpId: WECOM.corpId, secret: WECOM.secret, windowScale: 0.01 });
      const adapter = wecomAdapter({ apiUrl: fake.url, rateWindowScale: 0.01 });
      return { adapter, close: () => fake.close() };
    },
    loseNextCreate: () => fake.loseNext("appchat/create"),
    failNextUrgent: () => undefined,
    groups: () => [...fake.chats.keys()],
    membersOf: (id) => fake.chats.get(id)?.members ?? [],
    directTo: (user) => fake.calls.filter((c) => c.path === "message/send" && String(c.body.touser).split("|").includes(user)).map((c) => JSON.stringify(c.body)),
    urgentTo: () => [],
    archived: () => null,
    postedTo: (id) => fake.calls.filter((c) => c.path === "appchat/send" && c.body.chatid === id).map((c) => JSON.stringify(c.body)),
  };
}

/** Runs every pending delivery whose key starts with `prefix` until none is pending: retries at once, not after their backoff. */
async function drain(runtime: Runtime, prefix: string): Promise<{ key: string; status: string; attempts: number; sent_ref: unknown }[]> {
  const db = runtime.database.db;
  return waitFor(
    async () => {
      await runtime.settle();
      const rows = await db.selectFrom("deliveries").select(["id", "key", "status", "attempts", "sent_ref"]).where("key", "like", `${prefix}%`).orderBy("id").execute();
      const pending = rows.filter((r) => r.status === "pending" || r.status === "sending");
      if (rows.length > 0 && pending.length === 0) return rows;
      for (const row of pending) if (row.status === "pending") await runtime.delivery.deliver(row.id);
      return false;
    },
    { what: `deliveries under ${prefix}`, timeoutMs: 30_000, intervalMs: 50 },
  );
}

describe.each([slackCase(), feishuCase(), dingtalkCase(), wecomCase()])("the war room on $platform", (c) => {
  let bot: TestRuntime;
  let closeFake: () => Promise<void>;
  let pm: GoliveAsker;
  let groupKey = "";

  beforeAll(async () => {
    const { adapter, close } = await c.start();
    closeFake = close;
    bot = await startTestRuntime({ adapters: [adapter], env: { DEMO_SEED: "false" } });
    const { tenants, people, projects } = bot.runtime.services;
    const tenant = await tenants.ensure(c.platform, c.tenantRef, { name: "War room", locale: "en", timezone: "UTC" });
    const ids: Record<string, number> = {};
    for (const userId of [c.users.pm, ...c.users.members]) {
      const person = await people.create(tenant.id, { displayName: userId, locale: "en" });
      await people.linkIdentity(tenant.id, person.id, c.platform, userId);
      ids[userId] = person.id;
    }
    const project = await projects.create(tenant.id, { name: "Apollo CRM", key: "APOLLO", timezone: "UTC", ownerId: ids[c.users.pm]!, ownerRoles: ["pm"] });
    await projects.addMember(tenant.id, project.id, ids[c.users.members[0]!]!, "key_user");
    await projects.addMember(tenant.id, project.id, ids[c.users.members[1]!]!, "consultant");
    pm = { tenantId: tenant.id, projectId: project.id, projectName: project.name, personId: ids[c.users.pm]!, locale: "en", roles: ["pm"] };
  });
  afterAll(async () => {
    await bot?.close();
    await closeFake?.();
  });

  it("warroom open makes one group with the core team though the first create's answer was lost; a second open is refused", async () => {
    const { golive } = bot.runtime.services;
    c.loseNextCreate();
    expect(await golive.warroom.open(pm)).toContain("3");
    const room = await bot.runtime.database.db.selectFrom("warrooms").select("group_key").where("project_id", "=", pm.projectId).executeTakeFirstOrThrow();
    groupKey = room.group_key;
    const [group] = await drain(bot.runtime, groupKey);
    expect(group).toMatchObject({ key: groupKey, status: "sent", attempts: 2 });
    expect(c.groups()).toHaveLength(1);
    expect(c.membersOf(c.groups()[0]!)).toEqual(expect.arrayContaining([c.users.pm, ...c.users.members]));
    await expect(golive.warroom.open(pm)).rejects.toThrow();
    await drain(bot.runtime, groupKey);
    expect(c.groups()).toHaveLength(1);
  });

  it("warroom notify outage reaches each member once, through the urgent channel where there is one, even after a failed urgent call", async () => {
    c.failNextUrgent();
    expect(await bot.runtime.services.golive.life.notice(pm, "outage", "CRM login fails")).toContain("3");
    const rows = await drain(bot.runtime, "golive:notice:");
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
    for (const user of [c.users.pm, ...c.users.members]) expect(c.directTo(user).filter((text) => text.includes("CRM login fails"))).toHaveLength(1);
    const urgent = rows.map((r) => (r.sent_ref as { urgent?: string }).urgent);
    if (c.platform === "feishu" || c.platform === "dingtalk") {
      expect(rows.map((r) => r.attempts).sort()).toEqual([1, 1, 2]); // the failed urgent call was retried, its message not resent
      expect(urgent).toEqual(["sent", "sent", "sent"]);
      expect(c.urgentTo().sort()).toEqual([c.users.pm, ...c.users.members].sort());
    } else {
      expect(urgent).toEqual(["none", "none", "none"]);
      expect(c.urgentTo()).toEqual([]);
    }
  });

  it("warroom close posts the summary into the group, then archives it where the platform allows, once", async () => {
    expect(await bot.runtime.services.golive.life.close(pm)).toBeTruthy();
    const [archive] = await drain(bot.runtime, `${groupKey}:archive`);
    const closed = await drain(bot.runtime, `${groupKey}:closed`);
    expect(closed.map((r) => r.status)).toEqual(["sent"]);
    const groupId = c.groups()[0]!;
    const posted = c.postedTo(groupId);
    expect(posted).toHaveLength(2); // the status card, then the closing summary (the card was never edited here)
    expect(posted[1]).toMatch(/作战室已关闭|War room closed|指挥官：|Commander:/);
    expect(archive).toMatchObject({ status: "sent", sent_ref: { archived: c.platform !== "wecom" } });
    expect(c.archived(groupId)).toBe(c.platform === "wecom" ? null : true);
    expect(await bot.runtime.services.notify.archiveGroup(groupKey)).toBe(true);
    await bot.runtime.settle();
    expect((await drain(bot.runtime, `${groupKey}:archive`)).map((r) => r.status)).toEqual(["sent"]);
  });
});
