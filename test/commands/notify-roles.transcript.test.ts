import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plain } from "../../src/core/message.js";
import { toPlainText } from "../../src/core/plain-text.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

// notify.toRole / notify.toProject over the demo project (src/demo/seed.ts): one DM per person under
// `${key}:p${personId}`, people never seen on the platform counted, a repeated key sending nothing twice.

describe("notify to a role of a project and to a whole project, through the console", () => {
  let bot: TestBot;
  let tenantId = 0;
  let projectId = 0;
  const ids: Record<string, number> = {};

  const dmsSince = (before: number) =>
    bot.runtime.console!.sent.slice(before).map((s) => `${s.conversation.conversationId} ${toPlainText(s.message)}`).sort();

  beforeAll(async () => {
    bot = await createTestBot();
    const { services } = bot.runtime;
    const tenant = await services.tenants.ensure("console", "demo", { name: "Console demo", locale: "en", timezone: "UTC" });
    tenantId = tenant.id;
    const [project] = await services.projects.list(tenant.id);
    projectId = project!.id;
    for (const m of await services.projects.members(tenantId, projectId)) {
      const identity = (await services.people.identities(tenantId, m.personId)).find((i) => i.platform === "console");
      ids[identity?.userId ?? m.displayName] = m.personId;
    }
  });
  afterAll(async () => {
    await bot?.close();
  });

  it("DMs every sponsor once; the same key again sends nothing", async () => {
    const { notify } = bot.runtime.services;
    const before = bot.runtime.console!.sent.length;
    const first = await notify.toRole(tenantId, projectId, "sponsor", plain("Steering committee at 10:00"), { key: "steerco:1" });
    expect(first).toEqual({ queued: [ids.wangfang], already: [], withoutIdentity: [] });
    await bot.runtime.settle();
    expect(dmsSince(before)).toEqual(["dm:wangfang Steering committee at 10:00"]);
    const again = await notify.toRole(tenantId, projectId, "sponsor", plain("Steering committee at 10:00"), { key: "steerco:1" });
    expect(again).toEqual({ queued: [], already: [ids.wangfang], withoutIdentity: [] });
    await bot.runtime.settle();
    expect(dmsSince(before)).toHaveLength(1);
  });

  it("DMs all key users and counts the one never seen on the platform; a filter narrows to one module's people", async () => {
    const { notify, people, projects } = bot.runtime.services;
    const newcomer = await people.create(tenantId, { displayName: "Zhou Jie", email: "zhou.jie@apollo.example" });
    await projects.addMember(tenantId, projectId, newcomer.id, "key_user");
    const before = bot.runtime.console!.sent.length;
    const result = await notify.toRole(tenantId, projectId, ["key_user"], (personId) => plain(`UAT script for ${personId}`), { key: "uat:1" });
    expect(new Set(result.queued)).toEqual(new Set([ids.zhangmin, ids.anna]));
    expect(result.withoutIdentity).toEqual([newcomer.id]);
    await bot.runtime.settle();
    expect(dmsSince(before)).toEqual([`dm:anna UAT script for ${ids.anna}`, `dm:zhangmin UAT script for ${ids.zhangmin}`]);
    const module = await notify.toRole(tenantId, projectId, "key_user", plain("Leads module sign-off"), { key: "uat:leads", filter: { personIds: [ids.anna!] } });
    expect(module).toEqual({ queued: [ids.anna], already: [], withoutIdentity: [] });
    await bot.runtime.settle();
    expect(dmsSince(before)).toContain("dm:anna Leads module sign-off");
    expect(dmsSince(before)).toHaveLength(3);
  });

  it("DMs the whole project once per person, whatever their roles", async () => {
    const { notify } = bot.runtime.services;
    const before = bot.runtime.console!.sent.length;
    const result = await notify.toProject(tenantId, projectId, plain("Go-live moved to Monday"), { key: "golive:moved", filter: { keep: (m) => !m.roles.includes("consultant") } });
    expect(result.queued).toHaveLength(6); // seven demo people less the consultant
    expect(result.withoutIdentity).toHaveLength(1); // the key user added above
    await bot.runtime.settle();
    const dms = dmsSince(before);
    expect(dms).toHaveLength(6);
    expect(dms.some((d) => d.startsWith("dm:tom"))).toBe(false);
    const rows = await bot.runtime.database.db.selectFrom("deliveries").select("key").where("key", "like", "golive:moved:p%").execute();
    expect(rows.map((r) => r.key).sort()).toEqual(result.queued.map((id) => `golive:moved:p${id}`).sort());
  });
});
