import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationRef } from "../../../src/core/adapter.js";
import { form, message, text } from "../../../src/core/message.js";
import { openedViews, type FakeSlackCall } from "../../helpers/fake-slack-api.js";
import { waitFor } from "../../helpers/wait.js";
import { clickPayload, interactiveBody, slackPost, slashBody, startSlackHarness, type SlackHarness } from "./slack-http.js";

const APOLLO: ConversationRef = { platform: "slack", tenantId: "T0TEAM", conversationId: "C0APOLLO", kind: "group" };

/** Posts the harness made to `channel` whose text contains `needle`. */
const postsTo = (h: SlackHarness, channel: string, needle: string): FakeSlackCall[] =>
  h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel && String(c.args.text).includes(needle));

const deliveryRow = async (h: SlackHarness, key: string) =>
  h.test.runtime.database.db.selectFrom("deliveries").selectAll().where("key", "=", key).executeTakeFirst();

/** Earlier tests' replies (several parts, paced per channel) are all out, so an armed failure meets the next post. */
const outboxIdle = (h: SlackHarness) =>
  waitFor(async () => (await h.test.runtime.database.db.selectFrom("deliveries").select("id").where("status", "in", ["pending", "sending"]).execute()).length === 0, { what: "the outbox to be idle" });

describe("Slack end to end: real server, fake Web API", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("registers the workspace from auth.test at start", async () => {
    const tenant = await h.test.runtime.services.tenants.find("slack", "T0TEAM");
    expect(tenant?.externalId).toBe("T0TEAM");
    expect(h.fake.callsTo("auth.test")[0]?.authorization).toBe("Bearer xoxb-test-token");
  });

  it("answers a signed /rollout help with a Block Kit chat.postMessage in the channel", async () => {
    const res = await slackPost(h.base, slashBody({ text: "help", channel: "C0HELP", trigger: "111.help.trigger" }));
    expect(res).toEqual({ status: 200, text: "" });
    const [call] = await waitFor(() => {
      const found = h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0HELP");
      return found.length > 0 && found;
    }, { what: "the help reply" });
    const blocks = call?.args.blocks as { type: string; text?: { text: string } }[];
    expect(blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "我能做什么" } });
    expect(String(call?.args.text)).toContain("member add");
    expect(call?.args.metadata).toEqual({ event_type: "rollout_delivery", event_payload: { key: expect.stringContaining("slash:111.help.trigger") } });
  });

  it("runs the command line a clicked button carries", async () => {
    const res = await slackPost(h.base, interactiveBody(clickPayload("help member list", { channel: "C0CLICK" })));
    expect(res.status).toBe(200);
    const calls = await waitFor(() => {
      const found = postsTo(h, "C0CLICK", "member list");
      return found.length > 0 && found;
    }, { what: "the reply to the click" });
    expect(calls).toHaveLength(1);
    expect(String(calls[0]?.args.text)).toMatch(/member list/);
  });

  it("edits a sent card in place with chat.update", async () => {
    const { notify } = h.test.runtime.services;
    await notify.toConversation(APOLLO, message("Task T-42", text("Status: open")), { key: "e2e:card" });
    const posted = await waitFor(() => h.fake.messages.find((m) => m.metadata?.event_payload.key === "e2e:card"), { what: "the card" });
    await notify.toConversation(APOLLO, message("Task T-42", text("Status: **done**")), { key: "e2e:card:done", editOf: "e2e:card" });
    const update = await waitFor(() => h.fake.callsTo("chat.update")[0], { what: "chat.update" });
    expect(update.args).toMatchObject({ channel: "C0APOLLO", ts: posted.ts });
    expect(String(update.args.text)).toContain("Status: done");
    expect(posted.edits).toBe(1);
  });

  it("waits out a 429's Retry-After, then posts exactly once", async () => {
    await outboxIdle(h);
    h.fake.failNext("chat.postMessage", { status: 429, retryAfter: 3 });
    await h.test.runtime.services.notify.toConversation(APOLLO, message(undefined, text("rate limited once")), { key: "e2e:429" });
    await waitFor(async () => (await deliveryRow(h, "e2e:429"))?.status === "sent", { what: "the delivery to be sent" });
    const tries = postsTo(h, "C0APOLLO", "rate limited once");
    expect(tries).toHaveLength(2);
    expect((tries[1]?.at ?? 0) - (tries[0]?.at ?? 0)).toBeGreaterThanOrEqual(3000);
    expect(h.fake.messages.filter((m) => m.metadata?.event_payload.key === "e2e:429")).toHaveLength(1);
    expect((await deliveryRow(h, "e2e:429"))?.attempts).toBe(2);
  });

  it("a lost response never posts twice: the retry finds the first post by its metadata", async () => {
    await outboxIdle(h);
    h.fake.failNext("chat.postMessage", { lose: true });
    const historyBefore = h.fake.callsTo("conversations.history").length;
    await h.test.runtime.services.notify.toConversation(APOLLO, message(undefined, text("posted, answer lost")), { key: "e2e:lost" });
    const row = await waitFor(async () => {
      const r = await deliveryRow(h, "e2e:lost");
      return r?.status === "sent" && r;
    }, { what: "the delivery to be sent" });
    const stored = h.fake.messages.filter((m) => m.metadata?.event_payload.key === "e2e:lost");
    expect(stored).toHaveLength(1);
    expect(postsTo(h, "C0APOLLO", "posted, answer lost")).toHaveLength(1);
    expect(h.fake.callsTo("conversations.history").length).toBe(historyBefore + 1);
    expect(row.attempts).toBe(2);
    expect(JSON.stringify(row.sent_ref)).toContain(stored[0]?.ts);
  });

  it("fails a post to a channel the bot is not in, with a clear reason and no retry", async () => {
    await outboxIdle(h);
    h.fake.failNext("chat.postMessage", { error: "not_in_channel" });
    await h.test.runtime.services.notify.toConversation({ ...APOLLO, conversationId: "C0CLOSED" }, message(undefined, text("nobody hears this")), { key: "e2e:closed" });
    const row = await waitFor(async () => {
      const r = await deliveryRow(h, "e2e:closed");
      return r?.status === "failed" && r;
    }, { what: "the delivery to fail" });
    expect(row.last_error).toContain("not a member of the channel");
    expect(row.attempts).toBe(1);
  });

  it("opens a form as a modal from the command's trigger, and its submission runs as a command line", async () => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    const asking = { blocks: [text("Which command?"), form({ title: "Help", submitLabel: "Show", command: "help", fields: [{ name: "command", label: "Command", kind: "text", required: true }] })] };
    await h.test.runtime.services.notify.toConversation(APOLLO, asking, { key: "e2e:form", reply: { kind: "slack", token: "222.form.trigger", expiresAt } });
    const open = await waitFor(() => h.fake.callsTo("views.open")[0], { what: "views.open" });
    expect(open.args.trigger_id).toBe("222.form.trigger");
    const view = openedViews(h.fake)[0] as { callback_id: string; private_metadata: string; blocks: { type: string; block_id?: string }[] };
    expect(view.callback_id).toBe("rollout_form");
    expect(view.blocks.filter((b) => b.type === "input").map((b) => b.block_id)).toEqual(["command"]);
    const submission = {
      type: "view_submission",
      team: { id: "T0TEAM", domain: "apollo" },
      user: { id: "U0ALICE", username: "alice", name: "alice", team_id: "T0TEAM" },
      trigger_id: "333.submit.trigger",
      view: { id: "V0FORM", callback_id: "rollout_form", private_metadata: view.private_metadata, state: { values: { command: { value: { type: "plain_text_input", value: "member list" } } } } },
    };
    expect((await slackPost(h.base, interactiveBody(submission))).status).toBe(200);
    const answered = await waitFor(() => {
      const found = h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0APOLLO" && String(c.args.text).includes("member list"));
      return found.length > 0 && found;
    }, { what: "the answer to the submitted form" });
    expect(answered).toHaveLength(1);
    expect(postsTo(h, "C0APOLLO", "Which command?")).toHaveLength(0);
  });

  it("without a live trigger, the form goes out as the typed prompt", async () => {
    const asking = { blocks: [form({ title: "Help", submitLabel: "Show", command: "help", fields: [{ name: "command", label: "Command", kind: "text" }] })] };
    const expired = new Date(Date.now() - 1000).toISOString();
    await h.test.runtime.services.notify.toConversation(APOLLO, asking, { key: "e2e:form-late", reply: { kind: "slack", token: "444.late", expiresAt: expired } });
    const prompt = await waitFor(() => h.fake.messages.find((m) => m.metadata?.event_payload.key === "e2e:form-late"), { what: "the typed prompt" });
    expect(prompt.text).toContain('help --command "Command"');
    expect(h.fake.callsTo("views.open").filter((c) => c.args.trigger_id === "444.late")).toHaveLength(0);
  });

  it("refuses events from a workspace it was not installed in", async () => {
    await slackPost(h.base, slashBody({ text: "help", channel: "C0STRANGER", team: "T0OTHER" }));
    await h.test.runtime.settle();
    await slackPost(h.base, slashBody({ text: "whoami", channel: "C0KNOWN" }));
    await waitFor(() => h.fake.callsTo("chat.postMessage").some((c) => c.args.channel === "C0KNOWN"), { what: "the known workspace's reply" });
    expect(h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0STRANGER")).toHaveLength(0);
    expect(await h.test.runtime.services.tenants.find("slack", "T0OTHER")).toBeFalsy();
  });
});
