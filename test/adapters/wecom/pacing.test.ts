import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWecomClient } from "../../../adapters/wecom/client.js";
import { plain } from "../../../src/core/message.js";
import { startFakeWecomApi, type FakeWecomApi } from "../../helpers/fake-wecom-api.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";
import { APP, testAdapter } from "./wecom-test-support.js";

// WeCom drops app messages beyond 30/min (and 1000/h) per member while answering errcode 0. The fake enforces the
// same caps on windows scaled by 0.01 (30 per 600 ms); the adapter is told the same scale (WECOM_RATE_WINDOW_SCALE),
// so a hundred messages take a few seconds instead of four minutes.
const SCALE = "0.01";

describe("WeCom pacing per member", () => {
  let fake: FakeWecomApi;
  let bot: TestRuntime;

  beforeAll(async () => {
    fake = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret, windowScale: Number(SCALE) });
    bot = await startTestRuntime({ adapters: [testAdapter({ apiUrl: fake.url, rateWindowScale: Number(SCALE) })], env: { DEMO_SEED: "false" } });
  });
  afterAll(async () => {
    await bot?.close();
    await fake?.close();
  });

  it("the fake drops what exceeds the cap silently, answering errcode 0 (so success cannot be read from the answer)", async () => {
    const client = createWecomClient({ apiUrl: fake.url, corpId: APP.corpId, secret: APP.secret });
    const answers = [];
    for (let i = 0; i < 31; i++) answers.push(await client.post("message/send", { touser: "control", agentid: 1, msgtype: "text", text: { content: `${i}` } }));
    expect(answers.every((a) => a.errcode === 0)).toBe(true);
    expect(fake.deliveredTo("control")).toHaveLength(30);
    expect(fake.dropped.filter((d) => d.userId === "control")).toHaveLength(1);
  });

  it("delivers all of 100 messages queued at once to one member: the deliver job paces them under the cap", async () => {
    const notify = bot.runtime.services.notify;
    // Half addressed to the person, half to the DM conversation: both must count against the same member's window.
    const dm = { platform: "wecom" as const, tenantId: APP.corpId, conversationId: "zhangsan", kind: "direct" as const };
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0
          ? notify.toUser("wecom", APP.corpId, "zhangsan", plain(`nag #${i}`), { key: `pace-${i}` })
          : notify.toConversation(dm, plain(`nag #${i}`), { key: `pace-${i}` }),
      ),
    );
    await waitFor(() => fake.deliveredTo("zhangsan").length + fake.dropped.filter((d) => d.userId === "zhangsan").length >= 100, {
      what: "100 messages to reach the fake",
      timeoutMs: 90_000,
      intervalMs: 100,
    });
    expect(fake.dropped.filter((d) => d.userId === "zhangsan")).toHaveLength(0);
    const contents = new Set(fake.deliveredTo("zhangsan").map((d) => JSON.stringify(d.body)));
    expect(contents.size).toBe(100);
  }, 120_000);
});
