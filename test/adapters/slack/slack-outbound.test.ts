import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from "@slack/web-api";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryAttemptLog } from "../../../adapters/slack/attempt-log.js";
import { channelName, withSuffix } from "../../../adapters/slack/conversations.js";
import { classifySlackError } from "../../../adapters/slack/errors.js";
import { createSlackAdapter, type SlackAdapter } from "../../../adapters/slack/index.js";
import type { ConversationRef } from "../../../src/core/adapter.js";
import { DeliveryError } from "../../../src/core/delivery-error.js";
import { form, message, text } from "../../../src/core/message.js";
import { startFakeSlackApi, type FakeSlackApi } from "../../helpers/fake-slack-api.js";

const TO: ConversationRef = { platform: "slack", tenantId: "T0TEAM", conversationId: "C0OUT", kind: "group" };

const caught = async (run: () => Promise<unknown>): Promise<DeliveryError> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error("expected a DeliveryError");
};

describe("Slack outbound against a fake Web API", () => {
  let fake: FakeSlackApi;
  let slack: SlackAdapter;
  beforeAll(async () => {
    fake = await startFakeSlackApi();
    slack = createSlackAdapter({ botToken: "xoxb-out", apiUrl: fake.url, logger: pino({ level: "silent" }), attemptLog: createMemoryAttemptLog(), lookupProfiles: false });
    await slack.start(async () => undefined);
  });
  afterAll(async () => {
    await slack.stop();
    await fake.close();
  });

  it("opens a DM with conversations.open once per user and posts there", async () => {
    const dm = await slack.openDirect("T0TEAM", "U0BOB");
    expect(dm).toEqual({ platform: "slack", tenantId: "T0TEAM", conversationId: "DU0BOB", kind: "direct" });
    await slack.openDirect("T0TEAM", "U0BOB");
    expect(fake.callsTo("conversations.open")).toHaveLength(1);
    const sent = await slack.send(dm, message(undefined, text("hello Bob")), { idempotencyKey: "dm:1" });
    expect(sent.extra?.channel).toBe("DU0BOB");
  });

  it("posts to a user id by opening the DM first", async () => {
    const sent = await slack.send({ ...TO, conversationId: "U0CAROL", kind: "direct" }, message(undefined, text("hi")), { idempotencyKey: "dm:2" });
    expect(sent.conversation.conversationId).toBe("DU0CAROL");
  });

  it("creates a war-room channel: normalised name, suffix on collision, topic set; members come through addMembers", async () => {
    const spec = { tenantId: "T0TEAM", name: "Apollo Go-Live War Room!", topic: "Cut-over 2026-12-01", ownerId: "U0PM", memberIds: ["U0A", "U0B", "U0BOT", "U0A"] };
    const first = await slack.createGroup(spec);
    const second = await slack.createGroup(spec);
    const creates = fake.callsTo("conversations.create").map((c) => c.args.name);
    expect(creates).toEqual(["apollo-go-live-war-room", "apollo-go-live-war-room", "apollo-go-live-war-room-2"]);
    expect(first.conversationId).not.toBe(second.conversationId);
    expect(first.kind).toBe("group");
    expect(fake.callsTo("conversations.invite").find((c) => c.args.channel === first.conversationId)).toBeUndefined();
    expect(fake.callsTo("conversations.setTopic").find((c) => c.args.channel === first.conversationId)?.args.topic).toBe("Cut-over 2026-12-01");
    await slack.addMembers(first, [spec.ownerId, ...spec.memberIds]);
    expect(fake.callsTo("conversations.invite").find((c) => c.args.channel === first.conversationId)?.args.users).toBe("U0PM,U0A,U0B");
  });

  it("with mayExist, takes a taken name the bot created as the channel of an earlier attempt, and skips one a person made", async () => {
    const spec = { tenantId: "T0TEAM", name: "Hypercare room", ownerId: "U0PM", memberIds: [], mayExist: true };
    fake.failNext("conversations.create", { lose: true });
    await expect(slack.createGroup({ ...spec, mayExist: false })).rejects.toBeDefined(); // created, but the answer was lost
    const lost = fake.channels().find((c) => c.name === "hypercare-room");
    expect(lost).toBeDefined();
    const found = await slack.createGroup(spec);
    expect(found.conversationId).toBe(lost?.id);
    expect(fake.channels().filter((c) => c.name.startsWith("hypercare-room"))).toHaveLength(1);
    fake.addChannel({ id: "C0HUMAN", name: "ops-room", creator: "U0SOMEONE", members: ["U0SOMEONE", "U0BOT"] });
    const beside = await slack.createGroup({ ...spec, name: "Ops room" });
    expect(beside.conversationId).not.toBe("C0HUMAN");
    expect(fake.channels().find((c) => c.id === beside.conversationId)?.name).toBe("ops-room-2");
    const fresh = await slack.createGroup({ ...spec, mayExist: false });
    expect(fresh.conversationId).not.toBe(lost?.id); // without mayExist a taken name is never reused
    expect(fake.callsTo("users.conversations").length).toBeGreaterThan(1); // paged through next_cursor
    fake.failNext("conversations.setTopic", { error: "restricted_action" });
    await expect(slack.createGroup({ tenantId: "T0TEAM", name: "Topic refused", topic: "x", ownerId: "U0PM", memberIds: [] })).resolves.toMatchObject({ kind: "group" });
  });

  it("falls back to an ASCII name when Slack refuses the characters", async () => {
    fake.failNext("conversations.create", { error: "invalid_name_specials" });
    await slack.createGroup({ tenantId: "T0TEAM", name: "Ünïcode Ⅻ room", ownerId: "U0PM", memberIds: [] });
    expect(fake.callsTo("conversations.create").slice(-2).map((c) => c.args.name)).toEqual(["ünïcode-xii-room", "unicode-xii-room"]);
  });

  it("normalises channel names within Slack's rules", () => {
    expect(channelName("  Sales Ops 销售运营  ")).toBe("sales-ops-销售运营");
    expect(channelName("***")).toBe("rollout");
    expect([...channelName("x".repeat(120))]).toHaveLength(80);
    expect(withSuffix("y".repeat(80), 12)).toBe(`${"y".repeat(77)}-12`);
  });

  it("adds members with conversations.invite and tolerates already_in_channel", async () => {
    fake.failNext("conversations.invite", { error: "already_in_channel" });
    await expect(slack.addMembers(TO, ["U0Z"])).resolves.toBeUndefined();
    expect(fake.callsTo("conversations.invite").at(-1)?.args).toMatchObject({ channel: "C0OUT", users: "U0Z", force: "true" });
  });

  it("looks a user up by email, null when there is nobody (and for a mobile number)", async () => {
    fake.addUser({ id: "U0WU", email: "wu.lei@apollo.example", name: "wu.lei" });
    expect(await slack.lookupUser("T0TEAM", { email: "wu.lei@apollo.example" })).toBe("U0WU");
    expect(await slack.lookupUser("T0TEAM", { email: "nobody@apollo.example" })).toBeNull();
    expect(await slack.lookupUser("T0TEAM", { mobile: "+8613800000000" })).toBeNull();
  });

  it("classifies Slack's refusals into retry or fatal with a clear reason", async () => {
    fake.failNext("chat.postMessage", { error: "invalid_auth" }, { error: "channel_not_found" }, { status: 503 }, { error: "missing_scope", needed: "chat:write" });
    const auth = await caught(() => slack.send(TO, message(undefined, text("a")), { idempotencyKey: "c:1" }));
    expect([auth.kind, auth.reason]).toEqual(["fatal", "chat.postMessage: the bot token is not valid (invalid_auth): check SLACK_BOT_TOKEN"]);
    const gone = await caught(() => slack.send(TO, message(undefined, text("a")), { idempotencyKey: "c:2" }));
    expect(gone.kind).toBe("fatal");
    expect(gone.reason).toContain("channel_not_found");
    const down = await caught(() => slack.send(TO, message(undefined, text("a")), { idempotencyKey: "c:3" }));
    expect([down.kind, down.reason]).toEqual(["retry", "chat.postMessage: Slack answered HTTP 503"]);
    const scope = await caught(() => slack.send(TO, message(undefined, text("a")), { idempotencyKey: "c:4" }));
    expect(scope.reason).toContain("(needs chat:write)");
  });

  it("maps the SDK's error classes", () => {
    expect(classifySlackError(new WebAPIRateLimitedError(7), "m")).toMatchObject({ kind: "retry", retryAfterMs: 7000 });
    expect(classifySlackError(new WebAPIRequestError(new Error("socket hang up")), "m")).toMatchObject({ kind: "retry", reason: "m: network error (socket hang up)" });
    expect(classifySlackError(new WebAPIHTTPError(502, "Bad Gateway", {}), "m").kind).toBe("retry");
    expect(classifySlackError(new WebAPIHTTPError(429, "Too Many", { "retry-after": "4" }), "m")).toMatchObject({ kind: "retry", retryAfterMs: 4000 });
    expect(classifySlackError(new WebAPIHTTPError(404, "Not Found", {}), "m").kind).toBe("fatal");
    expect(classifySlackError(new WebAPIPlatformError({ ok: false, error: "account_inactive" }), "m")).toMatchObject({ kind: "fatal", reason: expect.stringContaining("deactivated") });
    expect(classifySlackError(new WebAPIPlatformError({ ok: false, error: "internal_error" }), "m").kind).toBe("retry");
  });

  it("posts once per key even when the same key is sent again after success", async () => {
    const first = await slack.send(TO, message(undefined, text("once")), { idempotencyKey: "again:1" });
    const second = await slack.send(TO, message(undefined, text("once")), { idempotencyKey: "again:1" });
    expect(second.messageId).toBe(first.messageId);
    expect(fake.messages.filter((m) => m.metadata?.event_payload.key === "again:1")).toHaveLength(1);
  });

  it("answers through response_url when the bot cannot post in the command's channel", async () => {
    fake.hideChannel("D0HUMANS");
    const reply = { kind: "slack", url: `${fake.origin}/response/r1` };
    const sent = await slack.send({ ...TO, conversationId: "D0HUMANS", kind: "direct" }, message("Help", text("what I can do")), { idempotencyKey: "ru:1", reply });
    expect(sent.extra?.kind).toBe("ephemeral");
    expect(fake.responses.at(-1)).toMatchObject({ id: "r1", body: { response_type: "ephemeral", replace_original: false } });
    const foreign = await caught(() => slack.send({ ...TO, conversationId: "D0HUMANS", kind: "direct" }, message(undefined, text("x")), { idempotencyKey: "ru:2", reply: { kind: "slack", url: "https://evil.example/r" } }));
    expect(foreign.reason).toBe("response_url is not a Slack address");
  });

  it("falls back to the typed prompt when views.open says the trigger expired", async () => {
    fake.failNext("views.open", { error: "expired_trigger_id" });
    const asking = message(undefined, form({ title: "Feedback", submitLabel: "Send", command: "feedback", fields: [{ name: "text", label: "What happened", kind: "textarea" }] }));
    const sent = await slack.send(TO, asking, { idempotencyKey: "form:late", reply: { kind: "slack", token: "t-late" } });
    expect(sent.extra?.kind).toBeUndefined();
    expect(fake.messages.find((m) => m.metadata?.event_payload.key === "form:late")?.text).toContain('feedback --text "What happened"');
  });

  it("refuses to edit a modal", async () => {
    const error = await caught(() => slack.edit({ platform: "slack", conversation: TO, messageId: "V1", extra: { kind: "modal" } }, message(undefined, text("x"))));
    expect(error.kind).toBe("fatal");
  });
});
