import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { decryptFile } from "@wecom/aibot-node-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadAibotFile, fileNameOf } from "../../../adapters/wecom/aibot-files.js";
import { AIBOT_FILE_NAME } from "../../../adapters/wecom/inbound.js";
import type { Attachment, ChatAdapter, ConversationRef } from "../../../src/core/adapter.js";
import { AttachmentError } from "../../../src/core/attachments.js";
import { plain } from "../../../src/core/message.js";
import { startFakeWecomApi, type FakeWecomApi } from "../../helpers/fake-wecom-api.js";
import { encryptLikeWecom, startFakeWecomFiles, type FakeWecomFiles, type FileBehaviour } from "../../helpers/fake-wecom-files.js";
import { APP, testAdapter } from "./wecom-test-support.js";

const chat: ConversationRef = { platform: "wecom", tenantId: APP.corpId, conversationId: "aibot:zhaoliu", kind: "direct" };
const MAX = 1_000_000;

async function problemOf(promise: Promise<unknown>): Promise<{ problem: string; detail: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AttachmentError) return { problem: error.problem, detail: error.detail };
    throw error;
  }
  throw new Error("expected the download to fail");
}

describe("WeCom AI bot file downloads (fetchAttachment against a local file host)", () => {
  let files: FakeWecomFiles;
  let api: FakeWecomApi;
  let adapter: ChatAdapter;

  const attachment = (content: Buffer | string, extra: { name?: string; ttlMs?: number; aeskey?: string } & FileBehaviour = {}): Attachment => {
    const { url, aeskey } = files.add({ name: "raci.csv", content, ...extra });
    return { name: AIBOT_FILE_NAME, ref: { url, aeskey } };
  };
  const fetchIt = (a: Attachment, maxBytes = MAX) => adapter.fetchAttachment!(chat, a, { maxBytes });

  beforeAll(async () => {
    files = await startFakeWecomFiles();
    api = await startFakeWecomApi({ corpId: APP.corpId, secret: APP.secret });
    adapter = testAdapter({ apiUrl: api.url, fileTimeoutMs: 500 });
  });
  afterAll(async () => {
    await files?.close();
    await api?.close();
  });

  it("encrypts in the fake exactly as the SDK's decryptFile expects (padding to 32, a whole block when aligned)", () => {
    const key = randomBytes(32).toString("base64");
    for (const size of [0, 1, 31, 32, 33, 4096]) {
      const plainBytes = randomBytes(size);
      const sealed = encryptLikeWecom(plainBytes, key);
      expect(sealed.length % 32).toBe(0);
      expect(sealed.length).toBeGreaterThan(size);
      expect(decryptFile(sealed, key).equals(plainBytes)).toBe(true);
    }
  });

  it("returns the exact bytes: a UTF-8 CSV, a GB18030 one, and binary content", async () => {
    const csv = "key,title,phase,due,R,A,C,I\n,配置线索评分,build,2026-06-30,zhaoliu,zhaoliu,,\n";
    expect((await fetchIt(attachment(csv))).toString("utf8")).toBe(csv);
    const gbk = Buffer.from([0xca, 0xfd, 0xbe, 0xdd, 0x2c, 0x0a]);
    expect((await fetchIt(attachment(gbk))).equals(gbk)).toBe(true);
    const binary = randomBytes(64 * 1024 + 7);
    expect((await fetchIt(attachment(binary, { chunked: true }))).equals(binary)).toBe(true);
  });

  it("reads the name WeCom gives only in the download's Content-Disposition", async () => {
    const { url, aeskey } = files.add({ name: "RACI 矩阵 v2.csv", content: "a,b\n1,2\n" });
    expect((await downloadAibotFile({ url, aeskey }, { maxBytes: MAX })).name).toBe("RACI 矩阵 v2.csv");
    expect(fileNameOf(`attachment; filename*=UTF-8''%E8%B4%A3%E4%BB%BB.csv`)).toBe("责任.csv");
    expect(fileNameOf('attachment; filename="raci.csv"')).toBe("raci.csv");
    expect(fileNameOf("attachment; filename=100%.csv")).toBe("100%.csv");
    expect(fileNameOf('attachment; filename="../../etc/passwd"')).toBe("passwd");
    expect(fileNameOf("inline")).toBeUndefined();
    expect(fileNameOf(null)).toBeUndefined();
  });

  it("accepts a file of exactly maxBytes, whose ciphertext is up to 32 bytes longer", async () => {
    const content = Buffer.alloc(1024, 0x61);
    expect((await fetchIt(attachment(content), 1024)).length).toBe(1024);
    expect((await fetchIt(attachment(content, { chunked: true }), 1024)).length).toBe(1024);
  });

  it("refuses a file over maxBytes, announced by Content-Length or streamed chunked", async () => {
    const big = Buffer.alloc(200_000, 0x61);
    expect(await problemOf(fetchIt(attachment(big), 100_000))).toMatchObject({ problem: "too_large", detail: expect.stringMatching(/declared/) });
    expect(await problemOf(fetchIt(attachment(big, { chunked: true }), 100_000))).toMatchObject({ problem: "too_large", detail: expect.stringMatching(/more than/) });
    // Over the limit by less than the padding: the cap on the ciphertext lets it through, the plaintext check does not.
    expect(await problemOf(fetchIt(attachment(Buffer.alloc(1030, 0x61)), 1024))).toMatchObject({ problem: "too_large" });
  });

  it("maps an expired url, 403 and 404 to unavailable; 5xx, garbage, a wrong key, a stall and a dead host to failed", async () => {
    expect((await problemOf(fetchIt(attachment("a,b\n", { ttlMs: -1 })))).problem).toBe("unavailable");
    expect((await problemOf(fetchIt(attachment("a,b\n", { status: 403 })))).problem).toBe("unavailable");
    expect((await problemOf(fetchIt(attachment("a,b\n", { status: 404 })))).problem).toBe("unavailable");
    expect((await problemOf(fetchIt({ name: AIBOT_FILE_NAME, ref: { url: `${files.url}/aibot/file/never-issued`, aeskey: randomBytes(32).toString("base64") } }))).problem).toBe("unavailable");
    expect((await problemOf(fetchIt(attachment("a,b\n", { status: 502 })))).problem).toBe("failed");
    expect(await problemOf(fetchIt(attachment("a,b\n", { garbage: true })))).toMatchObject({ problem: "failed", detail: expect.stringMatching(/did not decrypt/) });
    // Fixed keys and content, so that the wrong key's output never happens to end in valid padding.
    const good = attachment("a,b\n", { aeskey: Buffer.alloc(32, 7).toString("base64") });
    expect((await problemOf(fetchIt({ ...good, ref: { ...good.ref, aeskey: Buffer.alloc(32, 9).toString("base64") } }))).problem).toBe("failed");
    expect((await problemOf(fetchIt({ ...good, ref: { ...good.ref, aeskey: "bm90LWEta2V5" } }))).problem).toBe("failed");
    expect(await problemOf(fetchIt(attachment("a,b\n", { stallMs: 3_000 })))).toMatchObject({ problem: "failed", detail: expect.stringMatching(/timed out/) });
    expect((await problemOf(fetchIt({ name: AIBOT_FILE_NAME, ref: { url: `http://127.0.0.1:${await deadPort()}/f`, aeskey: good.ref.aeskey! } }))).problem).toBe("failed");
  });

  it("lets a scripted failure pass: the same url serves the file again once the script is lifted", async () => {
    const a = attachment("a,b\n1,2\n", { status: 500 });
    expect((await problemOf(fetchIt(a))).problem).toBe("failed");
    files.script(a.ref.url!, {});
    expect((await fetchIt(a)).toString()).toBe("a,b\n1,2\n");
  });

  it("refuses what it cannot have: no aeskey or url, a non-http url, an app (non AI bot) chat, another corp", async () => {
    const good = attachment("a,b\n");
    expect((await problemOf(fetchIt({ ...good, ref: { url: good.ref.url! } }))).problem).toBe("failed");
    expect((await problemOf(fetchIt({ ...good, ref: { aeskey: good.ref.aeskey! } }))).problem).toBe("failed");
    expect((await problemOf(fetchIt({ ...good, ref: { ...good.ref, url: "file:///etc/passwd" } }))).problem).toBe("failed");
    expect((await problemOf(adapter.fetchAttachment!({ ...chat, conversationId: "zhaoliu" }, good, { maxBytes: MAX }))).problem).toBe("unsupported");
    expect((await problemOf(adapter.fetchAttachment!({ ...chat, tenantId: "wwother" }, good, { maxBytes: MAX }))).problem).toBe("failed");
  });

  it("sends no credential with a download: no app token, secret or Authorization, and no call to the API host", async () => {
    await adapter.send({ platform: "wecom", tenantId: APP.corpId, conversationId: "zhaoliu", kind: "direct" }, plain("warm the token cache"), { idempotencyKey: "warm" });
    const tokens = [...new Set(api.calls.map((c) => c.token).filter((t): t is string => Boolean(t)))];
    expect(tokens.length).toBeGreaterThan(0);
    const apiCalls = api.calls.length;
    const seen = files.requests.length;
    await fetchIt(attachment("a,b\n"));
    const download = files.requests.slice(seen);
    expect(download).toHaveLength(1);
    const sent = JSON.stringify(download);
    for (const secret of [...tokens, APP.secret, APP.token, APP.encodingAesKey]) expect(sent).not.toContain(secret);
    expect(download[0]?.headers.authorization).toBeUndefined();
    expect(download[0]?.headers.cookie).toBeUndefined();
    expect(download[0]?.url).not.toMatch(/access_token/);
    expect(api.calls.length).toBe(apiCalls);
  });
});

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
