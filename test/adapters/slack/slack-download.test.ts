import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryAttemptLog } from "../../../adapters/slack/attempt-log.js";
import { attachmentsOf } from "../../../adapters/slack/files.js";
import { createSlackAdapter, type SlackAdapter } from "../../../adapters/slack/index.js";
import type { Attachment, ConversationRef } from "../../../src/core/adapter.js";
import { AttachmentError } from "../../../src/core/attachments.js";
import { startFakeSlackApi, type FakeSlackApi } from "../../helpers/fake-slack-api.js";

const TOKEN = "xoxb-files-token";
const DM: ConversationRef = { platform: "slack", tenantId: "T0TEAM", conversationId: "D0ALICE", kind: "direct" };
const CSV = "key,title,phase,due,R,A,C,I\n,Configure lead scoring,build,2026-06-30,liuyang,lina,,\n";

const adapterFor = (fake: FakeSlackApi, overrides: { botToken?: string; apiUrl?: string; downloadTimeoutMs?: number } = {}): SlackAdapter =>
  createSlackAdapter({ botToken: TOKEN, apiUrl: fake.url, logger: pino({ level: "silent" }), attemptLog: createMemoryAttemptLog(), lookupProfiles: false, ...overrides });

/** The attachment the adapter decodes from a file_share event carrying this file object. */
const attachmentOf = (file: Record<string, unknown>): Attachment => {
  const [attachment] = attachmentsOf({ files: [file] });
  if (!attachment) throw new Error("the file object decoded to no attachment");
  return attachment;
};

const refusal = async (run: Promise<unknown>): Promise<AttachmentError> => {
  try {
    await run;
  } catch (error) {
    if (error instanceof AttachmentError) return error;
    throw error;
  }
  throw new Error("expected an AttachmentError");
};

/** A server on another loopback port: another origin, which must never see the bot token. */
async function startStranger(): Promise<{ url: string; seen: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { "content-type": "text/csv" }).end(CSV);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("Slack file downloads against the fake Web API", () => {
  let fake: FakeSlackApi;
  let slack: SlackAdapter;
  beforeAll(async () => {
    fake = await startFakeSlackApi({ botToken: TOKEN });
    slack = adapterFor(fake);
  });
  afterAll(async () => {
    await slack.stop();
    await fake.close();
  });

  it("downloads url_private_download with the bot token and returns the exact bytes", async () => {
    const body = Buffer.from(`${CSV},数据迁移,build,2026-07-05,张敏,lina,,\n`, "utf8");
    const file = fake.files.add(body, { name: "raci-apollo.csv" });
    const got = await slack.fetchAttachment(DM, attachmentOf(file), { maxBytes: 1_000_000 });
    expect(got.equals(body)).toBe(true);
    const request = fake.files.requests.at(-1);
    expect(request?.path).toBe(`/files-pri/T0TEAM-${String(file.id)}/download/raci-apollo.csv`);
    expect(request?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(fake.callsTo("files.info")).toHaveLength(0);
  });

  it("reads a chunked answer (no Content-Length) to the last byte", async () => {
    const body = Buffer.alloc(70_000, 0xa7);
    body.write("key,title\n", 0);
    const got = await slack.fetchAttachment(DM, attachmentOf(fake.files.add(body, { chunked: true })), { maxBytes: 100_000 });
    expect(got.equals(body)).toBe(true);
  });

  it("refuses a file over maxBytes, whether its Content-Length says so or it streams chunked", async () => {
    const big = Buffer.alloc(50_000, 0x61);
    const declared = await refusal(slack.fetchAttachment(DM, attachmentOf(fake.files.add(big)), { maxBytes: 10_000 }));
    expect([declared.problem, declared.detail]).toEqual(["too_large", "50000 bytes declared"]);
    const streamed = await refusal(slack.fetchAttachment(DM, attachmentOf(fake.files.add(big, { chunked: true })), { maxBytes: 10_000 }));
    expect([streamed.problem, streamed.detail]).toEqual(["too_large", "more than 10000 bytes"]);
  });

  it("asks files.info for the url of a Slack Connect file (check_file_info), then downloads it", async () => {
    const stub = fake.files.add(CSV, { slackConnect: true, name: "connect.csv" });
    expect(stub).not.toHaveProperty("url_private");
    const got = await slack.fetchAttachment(DM, attachmentOf(stub), { maxBytes: 1_000_000 });
    expect(got.toString("utf8")).toBe(CSV);
    expect(fake.callsTo("files.info").at(-1)?.args.file).toBe(stub.id);
    expect(fake.callsTo("files.info").at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(fake.files.requests.at(-1)?.path).toContain("/download/connect.csv");
  });

  it("a deleted or unknown file is unavailable, by url (404) and by files.info", async () => {
    const byUrl = await refusal(slack.fetchAttachment(DM, attachmentOf(fake.files.add(CSV, { deleted: true })), { maxBytes: 1000 }));
    expect(byUrl.problem).toBe("unavailable");
    expect(byUrl.detail).toContain("HTTP 404");
    const byInfo = await refusal(slack.fetchAttachment(DM, attachmentOf(fake.files.add(CSV, { deleted: true, slackConnect: true })), { maxBytes: 1000 }));
    expect([byInfo.problem, byInfo.detail]).toEqual(["unavailable", "files.info: file_deleted"]);
    const unknown = await refusal(slack.fetchAttachment(DM, { name: "F0NOPE", ref: { fileId: "F0NOPE", mode: "file_access" } }, { maxBytes: 1000 }));
    expect([unknown.problem, unknown.detail]).toEqual(["unavailable", "files.info: file_not_found"]);
  });

  it("without files:read: the HTML sign-in page (HTTP 200) and files.info's missing_scope are forbidden, naming the scope", async () => {
    const hosted = fake.files.add(CSV);
    const connect = fake.files.add(CSV, { slackConnect: true });
    fake.files.grantFilesRead(false);
    try {
      const page = await refusal(slack.fetchAttachment(DM, attachmentOf(hosted), { maxBytes: 1_000_000 }));
      expect(page.problem).toBe("forbidden");
      expect(page.detail).toContain("files:read");
      expect(page.detail).toContain("reinstall");
      const info = await refusal(slack.fetchAttachment(DM, attachmentOf(connect), { maxBytes: 1_000_000 }));
      expect(info.problem).toBe("forbidden");
      expect(info.detail).toContain("missing_scope; the bot token needs files:read");
    } finally {
      fake.files.grantFilesRead(true);
    }
  });

  it("a real text/html upload is not mistaken for the sign-in page", async () => {
    const page = "<!DOCTYPE html><html><body>runbook</body></html>";
    const got = await slack.fetchAttachment(DM, attachmentOf(fake.files.add(page, { name: "runbook.html", mimetype: "text/html", filetype: "html" })), { maxBytes: 1000 });
    expect(got.toString("utf8")).toBe(page);
  });

  it("a token Slack does not accept is redirected to the sign-in page, which is not followed", async () => {
    const other = adapterFor(fake, { botToken: "xoxb-some-other-app" });
    const before = fake.files.requests.length;
    const error = await refusal(other.fetchAttachment(DM, attachmentOf(fake.files.add(CSV)), { maxBytes: 1000 }));
    expect(error.problem).toBe("forbidden");
    expect(error.detail).toContain("a redirect to localhost");
    const after = fake.files.requests.slice(before);
    expect(after.map((r) => r.path)).toHaveLength(1);
    expect(after.some((r) => r.path === "/")).toBe(false);
  });

  it("never sends the bot token to a host that is not Slack's file host or the configured API origin", async () => {
    const stranger = await startStranger();
    try {
      const elsewhere = await refusal(slack.fetchAttachment(DM, { name: "x.csv", ref: { fileId: "F1", url: `${stranger.url}/files-pri/T0TEAM-F1/download/x.csv` } }, { maxBytes: 1000 }));
      expect(elsewhere.problem).toBe("forbidden");
      expect(elsewhere.detail).toContain("is not sent there");
      for (const url of ["https://files.slack.com.evil.example/files-pri/T-F/download/x.csv", "http://files.slack.com/files-pri/T-F/download/x.csv", "https://slack-files.com/T-F-abc"]) {
        expect((await refusal(slack.fetchAttachment(DM, { name: "x.csv", ref: { fileId: "F1", url } }, { maxBytes: 1000 }))).problem).toBe("forbidden");
      }
      expect(stranger.seen).toHaveLength(0);
    } finally {
      await stranger.close();
    }
  });

  it("5xx answers, timeouts and network errors fail (to be tried again later)", async () => {
    const down = await refusal(slack.fetchAttachment(DM, attachmentOf(fake.files.add(CSV, { status: 503 })), { maxBytes: 1000 }));
    expect([down.problem, down.detail]).toEqual(["failed", `the download failed (HTTP 503 from ${new URL(fake.url).host})`]);
    const impatient = adapterFor(fake, { downloadTimeoutMs: 200 });
    const slow = await refusal(impatient.fetchAttachment(DM, attachmentOf(fake.files.add(CSV, { stallMs: 1500 })), { maxBytes: 1000 }));
    expect(slow.problem).toBe("failed");
    expect(slow.detail).toContain("no file within 200 ms");
    const unreachable = adapterFor(fake, { apiUrl: "http://127.0.0.1:9/api/" });
    const refused = await refusal(unreachable.fetchAttachment(DM, { name: "x.csv", ref: { fileId: "F1", url: "http://127.0.0.1:9/files-pri/T0TEAM-F1/download/x.csv" } }, { maxBytes: 1000 }));
    expect(refused.problem).toBe("failed");
    fake.failNext("files.info", { status: 500 });
    const infoDown = await refusal(slack.fetchAttachment(DM, attachmentOf(fake.files.add(CSV, { slackConnect: true })), { maxBytes: 1000 }));
    expect([infoDown.problem, infoDown.detail]).toEqual(["failed", "files.info: HTTP 500"]);
  });

  it("a file linked from another service, or deleted before the event, is unavailable without a request", async () => {
    const before = fake.files.requests.length;
    const external = await refusal(slack.fetchAttachment(DM, { name: "Plan", ref: { fileId: "F2", mode: "external", url: "https://docs.google.com/spreadsheets/d/x" } }, { maxBytes: 1000 }));
    expect(external.problem).toBe("unavailable");
    const tombstone = await refusal(slack.fetchAttachment(DM, { name: "F3", ref: { fileId: "F3", mode: "tombstone" } }, { maxBytes: 1000 }));
    expect(tombstone.problem).toBe("unavailable");
    expect(fake.files.requests.length).toBe(before);
  });
});
