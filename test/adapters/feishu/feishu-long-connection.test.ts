import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFeishuAdapter, type FeishuAdapter } from "../../../adapters/feishu/index.js";
import { feishuUuid } from "../../../adapters/feishu/outbound.js";
import { createLogger } from "../../../src/logger.js";
import { FAKE_APP_ID, startFakeFeishuApi, type FakeFeishuApi } from "../../helpers/fake-feishu-api.js";
import { attachFakeFeishuWs, type FakeFeishuWs } from "../../helpers/fake-feishu-ws.js";
import { feishuFixture, FIXTURE_USER_OPEN_ID, textMessage, withEvent } from "../../helpers/feishu-requests.js";
import { startTestRuntime, type TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";

// FEISHU_MODE=ws: the SDK's real WSClient, pointed by FEISHU_DOMAIN at a fake endpoint on 127.0.0.1 that speaks
// the SDK's frame protocol; pushed envelopes take the same inbound path as webhook events.

describe("Feishu long connection (the SDK's WSClient)", () => {
  let api: FakeFeishuApi;
  let ws: FakeFeishuWs;
  let rt: TestRuntime;
  let adapter: FeishuAdapter;

  const reply = (dedupeKey: string) => rt.runtime.database.db.selectFrom("deliveries").selectAll().where("key", "like", `reply:%${dedupeKey}`).executeTakeFirst();
  const sentReply = async (dedupeKey: string) => {
    const row = await reply(dedupeKey);
    return row?.status === "sent" ? row : undefined;
  };
  /** inbound_keys rows once queued work has run: the inbound job, not the ack path, claims the key. */
  const rows = async () => {
    await rt.runtime.settle();
    return Number((await rt.runtime.database.db.selectFrom("inbound_keys").select(({ fn }) => fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  };

  beforeAll(async () => {
    api = await startFakeFeishuApi();
    ws = attachFakeFeishuWs(api);
    adapter = createFeishuAdapter({ appId: FAKE_APP_ID, appSecret: "secret_test", mode: "ws", domain: api.baseUrl, logger: createLogger("silent") });
    rt = await startTestRuntime({ adapters: [adapter], env: { DEMO_SEED: "false" } });
    await waitFor(() => ws.connected(), { what: "the long connection" });
  });
  afterAll(async () => {
    await rt?.close();
    await ws?.close();
    await api?.close();
  });

  it("connects with the app's credentials and mounts no webhook route", () => {
    expect(ws.endpointCalls[0]).toMatchObject({ AppID: FAKE_APP_ID, AppSecret: "secret_test" });
    expect(adapter.directRoutes).toBeUndefined();
  });

  it("acks a pushed message, dedupes its re-push, and answers through the Open API", async () => {
    const message = textMessage("whoami", { messageId: "om_ws_1" });
    expect(await ws.push(message)).toMatchObject({ code: 200 });
    expect(await ws.push(withEvent(message, {}, { event_id: "re-pushed" }))).toMatchObject({ code: 200 });
    expect(await rows()).toBe(1);
    const row = await waitFor(() => sentReply("om_ws_1"), { what: "the reply" });
    expect(api.callsTo("POST", "/im/v1/messages").filter((c) => c.body.uuid === feishuUuid(row.key)).map((c) => c.body.receive_id)).toEqual([FIXTURE_USER_OPEN_ID]);
  });

  it("updates a clicked card pushed over the connection", async () => {
    api.messages.set("om_ws_card", { msg_type: "interactive", content: "{}" });
    const click = withEvent(
      feishuFixture("card-action-button"),
      { action: { value: { command: "whoami" }, tag: "button" }, context: { open_message_id: "om_ws_card", open_chat_id: "oc_ws" } },
      { event_id: "ev_ws_click" },
    );
    const answer = await ws.push(click);
    expect(answer.code).toBe(200);
    await waitFor(() => sentReply("ev_ws_click"), { what: "the card update" });
    expect(api.callsTo("PATCH", "/im/v1/messages/om_ws_card").map((c) => c.code)).toEqual([0]);
  });
});
