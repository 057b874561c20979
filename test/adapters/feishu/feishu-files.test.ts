import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFeishuClient } from "../../../adapters/feishu/client.js";
import { createFeishuDownloader, resourceError } from "../../../adapters/feishu/download.js";
import { createFeishuAdapter, type FeishuAdapter } from "../../../adapters/feishu/index.js";
import type { Attachment, ConversationRef } from "../../../src/core/adapter.js";
import { AttachmentError } from "../../../src/core/attachments.js";
import { createLogger } from "../../../src/logger.js";
import { FAKE_APP_ID, FAKE_APP_SECRET, startFakeFeishuApi, type FakeFeishuApi } from "../../helpers/fake-feishu-api.js";
import { startFakeFileHost, type FakeFileHost } from "../../helpers/fake-feishu-files.js";

// fetchAttachment against the fake Open API on 127.0.0.1: GET im/v1/messages/:message_id/resources/:file_key?type=file
// with the cached tenant_access_token, the size cap, and Feishu's {code, msg} errors mapped to AttachmentError.

const TOKEN_PATH = "/auth/v3/tenant_access_token/internal";
const dm: ConversationRef = { platform: "feishu", tenantId: "2ca1d211f64f6438", conversationId: "ou_sender", kind: "direct" };
const MB = 1_000_000;

describe("Feishu file downloads", () => {
  let api: FakeFeishuApi;
  let adapter: FeishuAdapter;
  let host: FakeFileHost;
  let messages = 0;

  const fileIn = (body: Buffer | string, options: Parameters<FakeFeishuApi["addFile"]>[2] = {}): Attachment => {
    const messageId = `om_file_${++messages}`;
    const fileKey = api.addFile(messageId, body, { name: "raci.csv", contentType: "text/csv", ...options });
    return { name: "raci.csv", ref: { messageId, fileKey } };
  };
  const problemOf = async (attachment: Attachment, maxBytes = MB): Promise<AttachmentError> => {
    const error = await adapter.fetchAttachment!(dm, attachment, { maxBytes }).then(
      () => new Error("the download succeeded"),
      (e: unknown) => e,
    );
    if (!(error instanceof AttachmentError)) throw error;
    return error;
  };
  const resourceCalls = (attachment: Attachment) => api.callsTo("GET", `/im/v1/messages/${attachment.ref.messageId}/resources/*`);

  beforeAll(async () => {
    api = await startFakeFeishuApi();
    host = await startFakeFileHost();
    adapter = createFeishuAdapter({ appId: FAKE_APP_ID, appSecret: FAKE_APP_SECRET, verificationToken: "v", mode: "http", domain: api.baseUrl, logger: createLogger("silent") });
  });
  afterAll(async () => {
    await api.close();
    await host.close();
  });

  it("returns the exact bytes, asking with type=file and the tenant token as a Bearer", async () => {
    const bytes = Buffer.concat([Buffer.from("key,title,phase,due,R,A,C,I\n,迁移,build,2026-07-01,lina,lina,,\n"), randomBytes(4096)]);
    const file = fileIn(bytes);
    const body = await adapter.fetchAttachment!(dm, file, { maxBytes: MB });
    expect(body.equals(bytes)).toBe(true);
    const [call, ...more] = resourceCalls(file);
    expect(more).toEqual([]);
    expect(call?.path).toBe(`/im/v1/messages/${file.ref.messageId}/resources/${file.ref.fileKey}`);
    expect(call?.query).toEqual({ type: "file" });
    const issued = api.callsTo("POST", TOKEN_PATH).filter((c) => c.status === 200);
    expect(issued).toHaveLength(1);
    expect(call?.token).toMatch(/^t-\d+$/);
  });

  it("reuses the cached token, and fetches a new one once when Feishu refuses it", async () => {
    const tokensBefore = api.callsTo("POST", TOKEN_PATH).length;
    const file = fileIn("key,title\n");
    await adapter.fetchAttachment!(dm, file, { maxBytes: MB });
    expect(api.callsTo("POST", TOKEN_PATH)).toHaveLength(tokensBefore);
    api.fail("GET", `/im/v1/messages/${file.ref.messageId}/resources/*`, { status: 400, code: 99991663, msg: "Invalid access token for authorization." });
    expect((await adapter.fetchAttachment!(dm, file, { maxBytes: MB })).toString()).toBe("key,title\n");
    expect(api.callsTo("POST", TOKEN_PATH)).toHaveLength(tokensBefore + 1);
    const [refused, retried] = resourceCalls(file).slice(-2);
    expect(refused?.code).toBe(99991663);
    expect(retried?.token).not.toBe(refused?.token);
  });

  it("refuses a file over maxBytes, announced by Content-Length or sent chunked", async () => {
    const big = Buffer.alloc(MB + 1, 0x61);
    expect(await problemOf(fileIn(big))).toMatchObject({ problem: "too_large", detail: expect.stringContaining("declared") });
    expect(await problemOf(fileIn(big, { chunked: true }))).toMatchObject({ problem: "too_large", detail: expect.stringContaining(`more than ${MB} bytes`) });
    const exact = Buffer.alloc(2048, 0x62);
    expect((await adapter.fetchAttachment!(dm, fileIn(exact, { chunked: true }), { maxBytes: 2048 })).equals(exact)).toBe(true);
  });

  it("maps Feishu's answers: gone → unavailable, missing scope or bot not in chat → forbidden, 5xx → failed, too big → too_large", async () => {
    const gone = await problemOf({ name: "raci.csv", ref: { messageId: "om_file_unknown", fileKey: "file_v3_nope" } });
    expect(gone).toMatchObject({ problem: "unavailable", detail: expect.stringContaining("234003") });
    const scripted = async (failure: { status: number; code: number; msg: string }): Promise<AttachmentError> => {
      const file = fileIn("a,b\n");
      api.fail("GET", `/im/v1/messages/${file.ref.messageId}/resources/*`, failure);
      return problemOf(file);
    };
    const scope = await scripted({
      status: 400,
      code: 99991672,
      msg: "Access denied. One of the following scopes is required: [im:message, im:message:readonly, im:message.history:readonly].应用尚未开通所需的应用身份权限",
    });
    expect(scope.problem).toBe("forbidden");
    expect(scope.detail).toContain("im:message, im:message:readonly, im:message.history:readonly");
    expect(scope.detail).toContain("add im:message:readonly");
    expect(await scripted({ status: 400, code: 234004, msg: "App not in chat." })).toMatchObject({ problem: "forbidden", detail: expect.stringContaining("not in the chat") });
    expect(await scripted({ status: 400, code: 234043, msg: "Unsupported message type." })).toMatchObject({ problem: "unavailable" });
    expect(await scripted({ status: 400, code: 234037, msg: "Downloaded file size exceeds limit." })).toMatchObject({ problem: "too_large" });
    expect(await scripted({ status: 500, code: 2200, msg: "Internal Error" })).toMatchObject({ problem: "failed" });
    expect(await scripted({ status: 429, code: 99991400, msg: "request trigger frequency limit" })).toMatchObject({ problem: "failed" });
    expect(resourceError({ status: 404 }).problem).toBe("unavailable");
    expect(resourceError({ status: 403 }).problem).toBe("forbidden");
    expect(resourceError({ status: 502 }).problem).toBe("failed");
  });

  it("fails a download that stalls past the timeout, and one that cannot connect", async () => {
    const client = createFeishuClient({ baseUrl: api.baseUrl, appId: FAKE_APP_ID, appSecret: FAKE_APP_SECRET });
    const slow = createFeishuDownloader({ client, timeoutMs: 150 });
    const started = Date.now();
    await expect(slow(fileIn("late", { stallMs: 1000 }), { maxBytes: MB })).rejects.toMatchObject({ problem: "failed", detail: expect.stringContaining("no file within 150 ms") });
    expect(Date.now() - started).toBeLessThan(900);
    const offline = createFeishuDownloader({ client: createFeishuClient({ baseUrl: "http://127.0.0.1:1", appId: "a", appSecret: "b" }) });
    await expect(offline(fileIn("x"), { maxBytes: MB })).rejects.toMatchObject({ problem: "failed" });
  });

  it("refuses wrong app credentials as forbidden, naming the settings to check", async () => {
    const client = createFeishuClient({ baseUrl: api.baseUrl, appId: FAKE_APP_ID, appSecret: "wrong" });
    await expect(createFeishuDownloader({ client })(fileIn("x"), { maxBytes: MB })).rejects.toMatchObject({ problem: "forbidden", detail: expect.stringContaining("FEISHU_APP_SECRET") });
  });

  it("sends the token to the configured base URL only: a redirect to another host is followed without it", async () => {
    const bytes = Buffer.from("key,title\n,From the CDN,,,,,,\n");
    const file = fileIn("unused", { redirectTo: host.put(bytes) });
    expect((await adapter.fetchAttachment!(dm, file, { maxBytes: MB })).equals(bytes)).toBe(true);
    const [atApi] = resourceCalls(file);
    expect(atApi?.status).toBe(302);
    expect(atApi?.token).toMatch(/^t-\d+$/);
    expect(host.requests).toHaveLength(1);
    expect(host.requests[0]?.headers.authorization).toBeUndefined();
    expect(JSON.stringify(host.requests[0]?.headers)).not.toContain(atApi?.token ?? "t-");
    await expect(adapter.fetchAttachment!(dm, fileIn("x", { redirectTo: "http://files.example.com/raci.csv" }), { maxBytes: MB })).rejects.toMatchObject({ problem: "failed" });
  });

  it("never puts the token in what a failure says, and refuses an attachment without ids", async () => {
    const file = fileIn("x");
    api.fail("GET", `/im/v1/messages/${file.ref.messageId}/resources/*`, { status: 400, code: 99991663, msg: "Invalid access token for authorization.", times: 2 });
    const error = await problemOf(file);
    expect(error.problem).toBe("forbidden");
    for (const token of new Set(resourceCalls(file).map((c) => c.token))) expect(`${error.message} ${error.detail}`).not.toContain(token);
    expect(await problemOf({ name: "raci.csv", ref: { fileKey: "file_v3_x" } })).toMatchObject({ problem: "unavailable" });
  });
});
