import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSlackRequest } from "../../../adapters/slack/crypto.js";
import { waitFor } from "../../helpers/wait.js";
import { dmEvent, inboundKeyCount, SIGNING_SECRET, slackPost, slashBody, startSlackHarness, type SlackHarness } from "./slack-http.js";

describe("POST /slack/events: verify before anything is written", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  /** Inbound keys once queued events have run: the key is claimed when the inbound job runs, not at the ack. */
  const settledKeys = async (): Promise<number> => {
    await h.test.runtime.settle();
    return inboundKeyCount(h.test);
  };

  /** Sends a request that must be refused with `status`, and checks that no inbound key was written. */
  const refused = async (status: number, send: () => Promise<{ status: number; text: string }>): Promise<string> => {
    const before = await settledKeys();
    const res = await send();
    expect(res.status).toBe(status);
    expect(await settledKeys()).toBe(before);
    return res.text;
  };

  it("accepts a signed event and writes its key once", async () => {
    const before = await settledKeys();
    const res = await slackPost(h.base, JSON.stringify(dmEvent("whoami")));
    expect(res).toEqual({ status: 200, text: "" });
    expect(await settledKeys()).toBe(before + 1);
  });

  it("refuses a body with one byte flipped after signing: 401, nothing written", async () => {
    const body = Buffer.from(JSON.stringify(dmEvent("member list")), "utf8");
    const flipped = Buffer.from(body);
    flipped[20] = (flipped[20] ?? 0) ^ 0x01;
    expect(await refused(401, () => slackPost(h.base, flipped, { signedBody: body, contentType: "application/json" }))).toContain("bad_signature");
  });

  it("refuses a timestamp 301 s old or 301 s ahead", async () => {
    // The header has whole seconds: round away from now so the gap is at least 301 s when the server reads it.
    const body = JSON.stringify(dmEvent("member list"));
    const past = () => String(Math.floor(Date.now() / 1000) - 301);
    const ahead = () => String(Math.ceil(Date.now() / 1000) + 301);
    expect(await refused(401, () => slackPost(h.base, body, { timestamp: past() }))).toContain("stale");
    expect(await refused(401, () => slackPost(h.base, body, { timestamp: ahead() }))).toContain("future");
  });

  it("refuses missing and duplicated headers", async () => {
    const body = JSON.stringify(dmEvent("member list"));
    expect(await refused(401, () => slackPost(h.base, body, { timestamp: null }))).toContain("missing_header");
    expect(await refused(401, () => slackPost(h.base, body, { signature: null }))).toContain("missing_header");
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = signSlackRequest({ signingSecret: SIGNING_SECRET, timestamp: ts, rawBody: body });
    expect(await refused(401, () => slackPost(h.base, body, { timestamp: ts, headers: { "x-slack-signature": [signature, signature] } }))).toContain("duplicated_header");
    expect(await refused(401, () => slackPost(h.base, body, { timestamp: ts, headers: { "x-slack-request-timestamp": [ts, ts] } }))).toContain("duplicated_header");
  });

  it("refuses a v1= signature and a wrong-length one", async () => {
    const body = JSON.stringify(dmEvent("member list"));
    const ts = String(Math.floor(Date.now() / 1000));
    const good = signSlackRequest({ signingSecret: SIGNING_SECRET, timestamp: ts, rawBody: body });
    expect(await refused(401, () => slackPost(h.base, body, { timestamp: ts, signature: good.replace(/^v0=/, "v1=") }))).toContain("bad_version");
    expect(await refused(401, () => slackPost(h.base, body, { timestamp: ts, signature: good.slice(0, -2) }))).toContain("bad_signature");
  });

  it("answers 400 to a signed but malformed payload, writing nothing", async () => {
    expect(await refused(400, () => slackPost(h.base, '{"type":"event_callback","event":', { contentType: "application/json" }))).toContain("malformed_payload");
    expect(await refused(400, () => slackPost(h.base, "payload=%7Bnot-json", { contentType: "application/x-www-form-urlencoded" }))).toContain("malformed_payload");
    expect(await refused(400, () => slackPost(h.base, "hello=world", { contentType: "application/x-www-form-urlencoded" }))).toContain("malformed_payload");
  });

  it("echoes the url_verification challenge, signed", async () => {
    const body = JSON.stringify({ token: "x", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" });
    const res = await slackPost(h.base, body);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    await refused(401, () => slackPost(h.base, body, { signature: "v0=" + "0".repeat(64) }));
  });

  it("acknowledges ssl_check without a signature, writing nothing", async () => {
    expect(await refused(200, () => slackPost(h.base, "ssl_check=1&token=legacy", { timestamp: null, signature: null }))).toBe("");
  });

  it("acknowledges a retry (X-Slack-Retry-Num) and never processes it twice", async () => {
    const event = JSON.stringify(dmEvent("help whoami", { eventId: "EvRETRY1", ts: `${Math.floor(Date.now() / 1000)}.777777` }));
    const before = await settledKeys();
    expect((await slackPost(h.base, event)).status).toBe(200);
    const retried = await slackPost(h.base, event, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
    expect(retried.status).toBe(200);
    expect(await settledKeys()).toBe(before + 1);
    await waitFor(() => h.fake.callsTo("chat.postMessage").some((c) => c.args.channel === "D0ALICE" && String(c.args.text).includes("whoami")), { what: "the reply to help whoami" });
    await h.test.runtime.settle();
    const ts = String((JSON.parse(event) as { event: { ts: string } }).event.ts);
    const replies = h.fake.messages.filter((m) => String(m.metadata?.event_payload.key).endsWith(`msg:D0ALICE:${ts}`));
    expect(replies).toHaveLength(1);
  });

  it("queues a retry whose first delivery was refused, so nothing is lost", async () => {
    const event = JSON.stringify(dmEvent("whoami", { eventId: "EvRETRY2" }));
    const before = await settledKeys();
    await refused(401, () => slackPost(h.base, event, { signature: "v0=" + "f".repeat(64) }));
    expect((await slackPost(h.base, event, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_error" } })).status).toBe(200);
    expect(await settledKeys()).toBe(before + 1);
  });

  it("takes a form-encoded slash command on the same route", async () => {
    const before = await settledKeys();
    expect((await slackPost(h.base, slashBody({ text: "whoami" }))).status).toBe(200);
    expect(await settledKeys()).toBe(before + 1);
  });
});
