import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../helpers/wait.js";
import { dmEvent, inboundKeyCount, startSlackHarness, type SlackHarness } from "./slack-http.js";

describe("Slack Socket Mode (SLACK_APP_TOKEN): no public URL", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ appToken: "xapp-test-app-token", signingSecret: null });
  });
  afterAll(async () => {
    await h.close();
  });

  it("opens the socket with apps.connections.open and the app-level token", async () => {
    await h.fake.socketConnected();
    const open = h.fake.callsTo("apps.connections.open");
    expect(open).toHaveLength(1);
    expect(open[0]?.authorization).toBe("Bearer xapp-test-app-token");
  });

  it("mounts no Request URL without a signing secret", async () => {
    const res = await fetch(`${h.base}/slack/events`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(404);
  });

  it("acks a slash command envelope once queued, then answers it", async () => {
    await h.fake.socketConnected();
    h.fake.sendEnvelope({
      envelope_id: "env-slash-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: { team_id: "T0TEAM", channel_id: "C0SOCK", channel_name: "sock", user_id: "U0ALICE", user_name: "alice", command: "/rollout", text: "help whoami", trigger_id: "555.sock.trigger", response_url: "https://hooks.slack.com/commands/x" },
    });
    await waitFor(() => h.fake.acks.some((a) => a.envelope_id === "env-slash-1"), { what: "the ack" });
    const reply = await waitFor(() => h.fake.callsTo("chat.postMessage").find((c) => c.args.channel === "C0SOCK"), { what: "the reply" });
    expect(String(reply.args.text)).toContain("whoami");
  });

  it("acks a redelivered event but runs it once", async () => {
    await h.fake.socketConnected();
    const payload = dmEvent("whoami", { eventId: "EvSOCK1", ts: "1700000000.424242" });
    await h.test.runtime.settle();
    const before = await inboundKeyCount(h.test);
    h.fake.sendEnvelope({ envelope_id: "env-ev-1", type: "events_api", accepts_response_payload: false, retry_attempt: 0, retry_reason: "", payload });
    h.fake.sendEnvelope({ envelope_id: "env-ev-2", type: "events_api", accepts_response_payload: false, retry_attempt: 1, retry_reason: "timeout", payload });
    await waitFor(() => ["env-ev-1", "env-ev-2"].every((id) => h.fake.acks.some((a) => a.envelope_id === id)), { what: "both acks" });
    await waitFor(() => h.fake.messages.some((m) => String(m.metadata?.event_payload.key).endsWith("msg:D0ALICE:1700000000.424242")), { what: "the reply" });
    await h.test.runtime.settle();
    expect(await inboundKeyCount(h.test)).toBe(before + 1);
    expect(h.fake.messages.filter((m) => String(m.metadata?.event_payload.key).endsWith("msg:D0ALICE:1700000000.424242"))).toHaveLength(1);
  });
});
