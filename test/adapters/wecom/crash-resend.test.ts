import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actions, button, text } from "../../../src/core/message.js";
import { startFakeWecomApi, type FakeWecomApi } from "../../helpers/fake-wecom-api.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";
import { APP, testAdapter } from "./wecom-test-support.js";

// Issue #14 item 6: a replica killed after WeCom accepted a message but before it recorded the send leaves the row in
// "sending"; the sweep sends it again. WeCom takes no idempotency key, but message/send's enable_duplicate_check drops
// a request JSON it saw in the last 30 minutes, and a card's task_id comes from the delivery key: the person sees it once.

describe("WeCom: a send repeated after a crash", () => {
  let fake: FakeWecomApi;
  let bot: TestRuntime;
  const delivery = (key: string) => bot.runtime.database.db.selectFrom("deliveries").selectAll().where("key", "=", key).executeTakeFirst();
  const asIfCrashedMidSend = (key: string) =>
    bot.runtime.database.db.updateTable("deliveries").set({ status: "sending", sent_ref: null, sent_at: null, updated_at: new Date(Date.now() - 60_000) }).where("key", "=", key).execute();

  beforeAll(async () => {
    fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret, windowScale: 0.01 });
    bot = await startTestRuntime({ adapters: [testAdapter({ apiUrl: fake.url, rateWindowScale: 0.01 })], env: { DEMO_SEED: "false" } });
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  it("a stand-up prompt card sent again by the sweep reaches the person once", async () => {
    const prompt = { title: "Stand-up", blocks: [text("What did you do yesterday?"), actions(button("Answer", "standup answer"), button("Skip today", "standup skip"))] };
    await bot.runtime.services.notify.toUser("wecom", APP.corpId, "zhangsan", prompt, { key: "crash-card-1" });
    await waitFor(async () => (await delivery("crash-card-1"))?.status === "sent", { what: "the first send" });
    await asIfCrashedMidSend("crash-card-1");
    await bot.runtime.delivery.sweep();
    await waitFor(async () => (await delivery("crash-card-1"))?.status === "sent", { what: "the resend" });
    await bot.runtime.settle();

    const sends = fake.calls.filter((c) => c.path === "message/send" && c.body.touser === "zhangsan");
    expect(sends).toHaveLength(2);
    expect(sends[1]?.body).toEqual(sends[0]?.body);
    expect(sends[0]?.body).toMatchObject({ msgtype: "template_card", enable_duplicate_check: 1, duplicate_check_interval: 1800 });
    expect(fake.deliveredTo("zhangsan")).toHaveLength(1);
    expect(fake.suppressed).toHaveLength(1);
  });

  it("two different cards with the same text both arrive (their task_ids differ), and plain replies carry no duplicate check", async () => {
    const nag = { blocks: [text("T-3 is overdue"), actions(button("Done", "task done T-3"))] };
    await bot.runtime.services.notify.toUser("wecom", APP.corpId, "lisi", nag, { key: "nag-1" });
    await bot.runtime.services.notify.toUser("wecom", APP.corpId, "lisi", nag, { key: "nag-2" });
    await bot.runtime.services.notify.toUser("wecom", APP.corpId, "lisi", { blocks: [text("Usage: help")] }, { key: "plain-1" });
    await bot.runtime.services.notify.toUser("wecom", APP.corpId, "lisi", { blocks: [text("Usage: help")] }, { key: "plain-2" });
    for (const key of ["nag-1", "nag-2", "plain-1", "plain-2"]) await waitFor(async () => (await delivery(key))?.status === "sent", { what: key });
    expect(fake.deliveredTo("lisi")).toHaveLength(4);
    const plain = fake.calls.filter((c) => c.path === "message/send" && c.body.touser === "lisi" && c.body.msgtype === "markdown");
    expect(plain.map((c) => c.body.enable_duplicate_check)).toEqual([undefined, undefined]);
  });
});
