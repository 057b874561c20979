import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feishuUuid } from "../../../adapters/feishu/outbound.js";
import type { FeishuCard } from "../../../adapters/feishu/render.js";
import type { FakeFeishuApi, FeishuApiCall } from "../../helpers/fake-feishu-api.js";
import { encryptedBody, feishuFixture, FIXTURE_USER_OPEN_ID, postTo, signed, textMessage, withEvent } from "../../helpers/feishu-requests.js";
import { startFeishuWebhookRuntime } from "../../helpers/feishu-webhook-runtime.js";
import type { TestRuntime } from "../../helpers/test-runtime.js";
import { waitFor } from "../../helpers/wait.js";

// The whole bot with the Feishu adapter: the real HTTP server, FEISHU_DOMAIN at a fake Open API on 127.0.0.1,
// encrypted and signed events in, the expected Open API calls out.

const ENCRYPT_KEY = "e2e encrypt key";

describe("Feishu end to end", () => {
  let api: FakeFeishuApi;
  let rt: TestRuntime;
  let url: string;

  const post = (envelope: unknown) => postTo(url, signed(encryptedBody(envelope, ENCRYPT_KEY), ENCRYPT_KEY));
  const sendsWith = (uuid: string): FeishuApiCall[] => api.callsTo("POST", "/im/v1/messages").filter((c) => c.body.uuid === uuid);
  /** The outbox row of the dispatcher's reply to the event with this dedupe key (its key ends with it). */
  const reply = (dedupeKey: string) => rt.runtime.database.db.selectFrom("deliveries").selectAll().where("key", "like", `reply:%${dedupeKey}`).executeTakeFirst();
  const replyIn = async (dedupeKey: string, status: "sent" | "failed") => {
    const row = await reply(dedupeKey);
    return row?.status === status ? row : undefined;
  };

  beforeAll(async () => {
    ({ api, rt, url } = await startFeishuWebhookRuntime(ENCRYPT_KEY));
  });
  afterAll(async () => {
    await rt?.close();
    await api?.close();
  });

  it("registers the app's tenant from tenant/v2/tenant/query and learns the bot's open_id", async () => {
    const tenant = await rt.runtime.services.tenants.find("feishu", api.tenant.tenant_key);
    expect(tenant?.name).toBe("Apollo 集团");
    expect(api.callsTo("GET", "/bot/v3/info")).toHaveLength(1);
  });

  it("answers a DM: one token, one message create to the sender's open_id carrying a uuid from our key", async () => {
    expect(await post(textMessage("whoami", { messageId: "om_e2e_dm" }))).toEqual({ status: 200, json: {} });
    const row = await waitFor(() => replyIn("om_e2e_dm", "sent"), { what: "the reply to be sent" });
    const uuid = feishuUuid(row.key);
    const [sent, ...more] = sendsWith(uuid);
    expect(more).toEqual([]);
    expect(uuid.length).toBeLessThanOrEqual(50);
    expect(sent?.status).toBe(200);
    expect(sent?.query).toEqual({ receive_id_type: "open_id" });
    expect(sent?.body).toMatchObject({ receive_id: FIXTURE_USER_OPEN_ID, msg_type: "interactive", uuid });
    const card = JSON.parse(String(sent?.body.content)) as FeishuCard;
    expect(card.schema).toBe("2.0");
    expect(JSON.stringify(card)).toContain(`feishu:${FIXTURE_USER_OPEN_ID}`);
    expect(api.callsTo("POST", "/auth/v3/tenant_access_token/internal")).toHaveLength(1);
    expect(api.calls.filter((c) => c.path !== "/auth/v3/tenant_access_token/internal").every((c) => c.token === "t-1")).toBe(true);
  });

  it("updates a clicked card in place with the outcome, and posts nothing new", async () => {
    api.messages.set("om_card_e2e", { msg_type: "interactive", content: "{}" });
    const click = withEvent(
      feishuFixture("card-action-button"),
      { action: { value: { command: "whoami" }, tag: "button" }, context: { open_message_id: "om_card_e2e", open_chat_id: "oc_a0553eda9014c201e6969b478895c230" } },
      { event_id: "ev_click_e2e" },
    );
    expect(await post(click)).toEqual({ status: 200, json: {} });
    const row = await waitFor(() => replyIn("ev_click_e2e", "sent"), { what: "the reply to the click" });
    const [patch, ...more] = api.callsTo("PATCH", "/im/v1/messages/om_card_e2e");
    expect(more).toEqual([]);
    expect(patch?.status).toBe(200);
    const card = JSON.parse(String(patch?.body.content)) as FeishuCard;
    expect(card.body.elements.at(-1)).toEqual({ tag: "markdown", content: `✓ 已处理 · <at id=${FIXTURE_USER_OPEN_ID}></at>` });
    expect(sendsWith(feishuUuid(row.key))).toEqual([]);
  });

  it("waits out a 230020 per x-ogw-ratelimit-reset, then sends exactly once", async () => {
    api.fail("POST", "/im/v1/messages", { status: 400, code: 230020, msg: "This operation triggers the frequency limit.", headers: { "x-ogw-ratelimit-reset": "1" } });
    await post(textMessage("whoami", { messageId: "om_e2e_limited" }));
    const row = await waitFor(() => replyIn("om_e2e_limited", "sent"), { what: "the delivery to succeed after the rate limit" });
    expect(sendsWith(feishuUuid(row.key)).map((c) => c.code)).toEqual([230020, 0]);
    expect(row.attempts).toBe(2);
  });

  it("fails the delivery on 99991403 (monthly quota used up) without retrying", async () => {
    api.fail("POST", "/im/v1/messages", { status: 429, code: 99991403, msg: "This month's API call quota has been exceeded." });
    await post(textMessage("whoami", { messageId: "om_e2e_quota" }));
    const row = await waitFor(() => replyIn("om_e2e_quota", "failed"), { what: "the delivery to fail" });
    expect(row.attempts).toBe(1);
    expect(row.last_error).toContain("monthly API quota used up");
    await rt.runtime.settle();
    expect(sendsWith(feishuUuid(row.key)).map((c) => c.code)).toEqual([99991403]);
  });

  it("runs a bot-menu command and answers in the DM", async () => {
    await post(withEvent(feishuFixture("bot-menu"), { event_key: "command:whoami" }, { event_id: "ev_menu_e2e" }));
    const row = await waitFor(() => replyIn("ev_menu_e2e", "sent"), { what: "the menu reply" });
    expect(sendsWith(feishuUuid(row.key)).map((c) => c.body.receive_id)).toEqual([FIXTURE_USER_OPEN_ID]);
  });
});
