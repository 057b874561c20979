import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeSlackCall } from "../../helpers/fake-slack-api.js";
import { tinyPng } from "../../helpers/png.js";
import { seedProjectWithPm } from "../../helpers/project-seed.js";
import { waitFor } from "../../helpers/wait.js";
import { dmEvent, HARNESS_BOT_TOKEN, slackPost, startSlackHarness, type SlackHarness } from "./slack-http.js";

// Feedback filed in a Slack DM with a file, then `feedback attachment FB-n` the whole way through: the signed event,
// the item keeping the file's reference, the adapter's download (url_private_download with the bot token on the fake
// Web API), and the file sent back: a screenshot uploaded as a picture, a CSV as a signed link that fetches it again,
// a file deleted on Slack as a plain "no longer on Slack".

const SECRET = "l".repeat(40);

describe("Slack: a feedback item's file fetched again through the adapter (Events API route, real runtime)", () => {
  let h: SlackHarness;
  let dms = 0;
  const newDm = (): string => `D0FEEDB${++dms}`;
  const repliesIn = (channel: string): FakeSlackCall[] => h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel);
  const nthReply = (channel: string, n: number) => waitFor(() => repliesIn(channel)[n - 1], { what: `reply ${n} in ${channel}` });
  const allText = () => h.fake.callsTo("chat.postMessage").map((c) => `${String(c.args.text)} ${JSON.stringify(c.args.blocks ?? [])}`).join("\n");
  const say = async (text: string, channel: string, files?: Record<string, unknown>[]) => {
    expect((await slackPost(h.base, JSON.stringify(dmEvent(text, { user: "U0SLMEMBER", channel, ...(files ? { files } : {}) })))).status).toBe(200);
  };
  const screenshot = tinyPng(4, 3, [0x2c, 0xa0, 0x2c]);
  const csv = Buffer.from("\ufeffquote,total\nQ-1,1200\n");

  beforeAll(async () => {
    h = await startSlackHarness({ env: { DEMO_SEED: "false", PUBLIC_URL: "https://bot.example.com", LINK_SECRET: SECRET } });
    await seedProjectWithPm(h.test.runtime.services, { platform: "slack", tenantRef: "T0TEAM" }, {
      pm: { name: "Zhang Min", email: "zhang.min@apollo.example", userId: "U0SLPM", locale: "en" },
      member: { name: "Li Wei", email: "li.wei@apollo.example", userId: "U0SLMEMBER", locale: "en" },
      project: { name: "Apollo Slack CRM", key: "sl-crm", timezone: "Europe/Berlin" },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("a screenshot filed with feedback comes back as a picture uploaded to Slack, downloaded with the bot token", async () => {
    const channel = newDm();
    const file = h.fake.files.add(screenshot, { name: "quote.png", mimetype: "image/png", filetype: "png" });
    await say("feedback The quote PDF shifts the table", channel, [file]);
    expect(String((await nthReply(channel, 1)).args.text)).toContain("FB-1");
    const stored = await h.test.runtime.database.db.selectFrom("feedback_items").select("attachments").where("key", "=", "FB-1").executeTakeFirstOrThrow();
    expect(stored.attachments).toEqual([expect.objectContaining({ name: "quote.png", from: expect.objectContaining({ platform: "slack", tenantId: "T0TEAM", conversationId: channel }) })]);

    const before = h.fake.files.requests.length;
    await say("feedback attachment FB-1", channel);
    const upload = await waitFor(() => [...h.fake.uploads.values()].find((u) => u.completed !== undefined), { what: "the upload" });
    expect(upload.bytes?.equals(screenshot)).toBe(true);
    expect(upload.filename).toBe("quote.png");
    const downloads = h.fake.files.requests.slice(before);
    expect(downloads.map((d) => [d.path, d.authorization])).toEqual([[`/files-pri/T0TEAM-${String(file.id)}/download/quote.png`, `Bearer ${HARNESS_BOT_TOKEN}`]]);
  });

  it("any other file comes as a signed link that fetches it again from Slack; a tampered link is refused", async () => {
    const channel = newDm();
    await say("feedback Totals in the export are wrong", channel, [h.fake.files.add(csv, { name: "totals.csv", mimetype: "text/csv", filetype: "csv" })]);
    expect(String((await nthReply(channel, 1)).args.text)).toContain("FB-2");
    await say("feedback attachment FB-2", channel);
    const link = await waitFor(() => /https:\/\/bot\.example\.com(\/feedback\/attachment\?t=[\w.-]+)/.exec(allText())?.[1], { what: "the link" });
    const response = await fetch(`${h.base}${link}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv");
    expect(response.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''totals.csv");
    expect(Buffer.from(await response.arrayBuffer()).equals(csv)).toBe(true);
    expect((await fetch(`${h.base}${link.slice(0, -2)}xx`)).status).toBe(403);
  });

  it("a file deleted on Slack since is answered as gone, in the asker's words", async () => {
    const channel = newDm();
    await say("feedback The contract scan is unreadable", channel, [h.fake.files.add("%PDF-1.4 scan", { name: "contract.pdf", mimetype: "application/pdf", filetype: "pdf", deleted: true })]);
    expect(String((await nthReply(channel, 1)).args.text)).toContain("FB-3");
    await say("feedback attachment FB-3", channel);
    expect(String((await nthReply(channel, 2)).args.text)).toContain("contract.pdf of FB-3 is no longer on Slack: it was deleted or its link expired");
  });
});
