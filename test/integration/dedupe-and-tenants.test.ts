import { Queue, type ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleSent } from "../../adapters/console/index.js";
import type { InboundEvent } from "../../src/core/adapter.js";
import { toPlainText } from "../../src/core/plain-text.js";
import type { Runtime } from "../../src/main.js";
import type { Tenant } from "../../src/tenants/service.js";
import { createBullmqQueue } from "../../jobs/bullmq.js";
import { createIngest, inboundKey } from "../../src/core/ingest.js";
import { jobIdFor } from "../../src/core/queue.js";
import { redisUrl } from "../helpers/services.js";
import { startTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";

describe("inbound dedupe and tenant isolation (console platform, two tenants)", () => {
  let env: TestRuntime;
  let runtime: Runtime;
  let demo: Tenant;
  let acme: Tenant;
  let seq = 0;
  const uniqueKey = () => `ev-${process.pid}-${Date.now()}-${++seq}`;

  const event = (tenantRef: string, userId: string, words: string, dedupeKey = uniqueKey()): InboundEvent => ({
    kind: "message",
    text: words,
    mentionsBot: true,
    dedupeKey,
    conversation: { platform: "console", tenantId: tenantRef, conversationId: `dm:${userId}`, kind: "direct" },
    actor: { platform: "console", tenantId: tenantRef, userId, displayName: userId, isBot: false },
    receivedAt: new Date().toISOString(),
    raw: null,
  });

  const sent = (): ConsoleSent[] => runtime.console!.sent;

  /** Sinks one event through ingest → queue → dispatcher → notify → deliver, and returns what was sent meanwhile. */
  const says = async (tenantRef: string, userId: string, words: string): Promise<{ messages: ConsoleSent[]; text: string }> => {
    const before = sent().length;
    await runtime.console!.sink()(event(tenantRef, userId, words));
    await runtime.settle();
    const messages = sent().slice(before);
    return { messages, text: messages.map((m) => [m.message.title ?? "", toPlainText(m.message)].join("\n")).join("\n\n") };
  };

  const inboundRows = async (dedupeKey: string): Promise<string[]> =>
    (await runtime.database.db.selectFrom("inbound_keys").select("key").where("key", "like", `%:${dedupeKey}`).execute()).map((r) => r.key);

  beforeAll(async () => {
    env = await startTestRuntime({ console: true });
    runtime = env.runtime;
    const { services } = runtime;
    const found = await services.tenants.find("console", "demo");
    if (!found) throw new Error("the demo tenant was not seeded");
    demo = found;
    acme = await services.tenants.ensure("console", "acme", { name: "Acme Corp", locale: "en", timezone: "Europe/London" });
    const ada = await services.people.create(acme.id, { displayName: "Ada Acme", email: "ada@acme.example", locale: "en" });
    await services.people.linkIdentity(acme.id, ada.id, "console", "ada");
    const project = await services.projects.create(acme.id, {
      name: "Acme Key Accounts",
      key: "acme-key",
      timezone: "Europe/London",
      ownerId: ada.id,
      ownerRoles: ["pm", "admin"],
    });
    await services.people.setCurrentProject(acme.id, ada.id, project.id);
  });

  afterAll(async () => {
    await env?.close();
  });

  describe("dedupe: one queue add on the ack path, one claim per key when the job runs", () => {
    // "project use" is audited on every run, so the audit log shows whether the command ran twice even
    // where the reply's own delivery key would have hidden a second run.
    const runsOfProjectUse = async (): Promise<number> =>
      (await runtime.database.db.selectFrom("audit_log").select("id").where("tenant_id", "=", demo.id).where("action", "=", "project use").execute()).length;

    it("answers the same event sunk twice at once only once, runs it once, and remembers one key", async () => {
      const e = event("demo", "lina", "project use apollo");
      const before = sent().length;
      const runsBefore = await runsOfProjectUse();
      await Promise.all([runtime.console!.sink()(e), runtime.console!.sink()(e)]);
      await runtime.settle();
      expect(sent().length - before).toBe(1);
      expect(toPlainText(sent().at(-1)!.message)).toContain("Apollo CRM 上线");
      expect((await runsOfProjectUse()) - runsBefore).toBe(1);
      expect(await inboundRows(e.dedupeKey)).toEqual([`console:demo:${e.dedupeKey}`]);
    });

    it("answers the same event sunk again later (a platform retry) only once, and runs it once", async () => {
      const e = event("demo", "lina", "project use apollo");
      const before = sent().length;
      const runsBefore = await runsOfProjectUse();
      await runtime.console!.sink()(e);
      await runtime.settle();
      await runtime.console!.sink()({ ...e, receivedAt: new Date().toISOString() });
      await runtime.settle();
      expect(sent().length - before).toBe(1);
      expect((await runsOfProjectUse()) - runsBefore).toBe(1);
      expect(await inboundRows(e.dedupeKey)).toHaveLength(1);
      const replies = await runtime.database.db.selectFrom("deliveries").select("key").where("key", "like", `%${e.dedupeKey}%`).execute();
      expect(replies).toHaveLength(1);
    });

    it("drops a retry that arrives after the first copy's job has left the queue, by the key its job claimed", async () => {
      const e = event("demo", "lina", "project use apollo");
      const before = sent().length;
      const runsBefore = await runsOfProjectUse();
      await runtime.console!.sink()(e);
      await runtime.settle();
      if (redisUrl) {
        // Whether the event ran in the process that took it (its queued copy removed, inbound-run-now.ts) or as a job
        // (removed an hour later by removeOnComplete, here at once): the job id no longer stands in the retry's way.
        const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
        const inbound = new Queue("inbound", { connection: connection as ConnectionOptions, prefix: env.redisPrefix });
        await inbound.clean(0, 10_000, "completed");
        expect(await inbound.getJob(jobIdFor(`inbound:${inboundKey(e)}`))).toBeUndefined();
        await inbound.close();
        connection.disconnect();
      }
      await runtime.console!.sink()({ ...e, receivedAt: new Date().toISOString() });
      await runtime.settle();
      expect(sent().length - before).toBe(1);
      expect((await runsOfProjectUse()) - runsBefore).toBe(1);
    });

    it.runIf(redisUrl)("leaves no key behind when an event could not be queued, so the platform's retry is answered", async () => {
      const e = event("demo", "lina", "whoami");
      const closed = createBullmqQueue({ url: redisUrl!, prefix: `${env.redisPrefix}-closed`, onError: () => undefined });
      await closed.close();
      await expect(createIngest({ queue: closed })(e)).rejects.toThrow();
      expect(await inboundRows(e.dedupeKey)).toEqual([]);
      const before = sent().length;
      await runtime.console!.sink()(e);
      await runtime.settle();
      expect(sent().slice(before).map((m) => m.message.title)).toEqual(["你是 李娜 Li Na"]);
      expect(await inboundRows(e.dedupeKey)).toHaveLength(1);
    });

    it("treats the same dedupeKey from another tenant as a different event, and answers both", async () => {
      const dedupeKey = uniqueKey();
      const before = sent().length;
      await runtime.console!.sink()(event("demo", "lina", "whoami", dedupeKey));
      await runtime.console!.sink()(event("acme", "ada", "whoami", dedupeKey));
      await runtime.settle();
      expect((await inboundRows(dedupeKey)).sort()).toEqual([`console:acme:${dedupeKey}`, `console:demo:${dedupeKey}`]);
      const replies = sent().slice(before);
      expect(replies.map((m) => [m.conversation.tenantId, m.message.title]).sort()).toEqual([
        ["acme", "You are Ada Acme"],
        ["demo", "你是 李娜 Li Na"],
      ]);
    });
  });

  describe("tenant isolation through the dispatcher", () => {
    it("acme's member list shows acme's project and people only", async () => {
      const reply = await says("acme", "ada", "member list");
      expect(reply.messages).toHaveLength(1);
      expect(reply.messages[0]?.message.title).toBe("Acme Key Accounts · 1 member");
      expect(reply.text).toContain("Ada Acme");
      for (const name of ["Apollo", "王芳", "Li Na", "Tom Becker", "Anna Schmidt"]) expect(reply.text).not.toContain(name);
    });

    it("acme cannot switch to or show the demo tenant's project", async () => {
      const use = await says("acme", "ada", "project use apollo");
      expect(use.text).toContain("I couldn't find a project “apollo”");
      const show = await says("acme", "ada", "project show apollo");
      expect(show.text).toContain("I couldn't find a project “apollo”");
      expect(show.text).not.toContain("Apollo CRM");
      const still = await says("acme", "ada", "project show");
      expect(still.messages[0]?.message.title).toBe("Acme Key Accounts");
    });

    it("the same user id in acme is a different person from the demo's lina", async () => {
      const list = await says("acme", "lina", "member list");
      expect(list.text).toContain("You are not in a project yet");
      expect(list.text).not.toContain("Apollo");
      const who = await says("acme", "lina", "whoami");
      expect(who.text).toContain("You are not a member of any project yet.");
      const acmePeople = await runtime.database.db.selectFrom("people").select("display_name").where("tenant_id", "=", acme.id).orderBy("id").execute();
      expect(acmePeople.map((p) => p.display_name)).toEqual(["Ada Acme", "lina"]);
    });

    it("the demo tenant cannot see acme's project, and its own members are untouched", async () => {
      const show = await says("demo", "lina", "project show acme-key");
      expect(show.text).toContain("找不到项目“acme-key”");
      expect(show.text).not.toContain("Acme Key Accounts");
      const use = await says("demo", "lina", "project use acme-key");
      expect(use.text).toContain("找不到项目“acme-key”");
      const list = await says("demo", "lina", "member list");
      expect(list.messages[0]?.message.title).toBe("Apollo CRM 上线 · 7 名成员");
      expect(list.text).not.toContain("Ada Acme");
      expect((await runtime.services.projects.list(demo.id)).map((p) => p.key)).toEqual(["apollo"]);
    });
  });
});
