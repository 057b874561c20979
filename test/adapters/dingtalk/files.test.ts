import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DOWNLOAD_PATH } from "../../../adapters/dingtalk/download.js";
import type { Attachment, ChatAdapter, ConversationRef } from "../../../src/core/adapter.js";
import { AttachmentError } from "../../../src/core/attachments.js";
import { startFakeDingtalkApi, type FakeDingtalkApi } from "../../helpers/fake-dingtalk-api.js";
import type { FakeStoredFileOptions } from "../../helpers/fake-dingtalk-files.js";
import { APP, testAdapter } from "./dingtalk-test-support.js";

// fetchAttachment against the fake API on 127.0.0.1: the downloadCode is traded for a temporary link through the
// adapter's client (token header, configured base URL), the link is followed WITHOUT the token on the storage host,
// the cap holds with and without Content-Length, and every failure comes back as the AttachmentError it means.

const dm: ConversationRef = { platform: "dingtalk", tenantId: APP.corpId, conversationId: "zhangsan01", kind: "direct" };
const MAX = 1_000_000;

async function problemOf(promise: Promise<unknown>): Promise<AttachmentError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AttachmentError)) throw new Error(`expected an AttachmentError, got ${String(error)}`);
  return error;
}

describe("DingTalk fetchAttachment against the fake API and storage", () => {
  let api: FakeDingtalkApi;
  let adapter: ChatAdapter;
  const fetchFile = (attachment: Attachment, maxBytes = MAX): Promise<Buffer> => {
    if (!adapter.fetchAttachment) throw new Error("no fetchAttachment");
    return adapter.fetchAttachment(dm, attachment, { maxBytes });
  };
  const file = (content: string | Buffer, options?: FakeStoredFileOptions): Attachment => ({
    name: "raci.csv",
    ref: { downloadCode: api.addFile(content, options), robotCode: APP.clientId },
  });

  beforeAll(async () => {
    api = await startFakeDingtalkApi({ appKey: APP.clientId, appSecret: APP.clientSecret, robotCode: APP.clientId });
    adapter = testAdapter({ apiUrl: api.url, oapiUrl: api.url, fileDownloadTimeoutMs: 500 });
  });
  afterAll(async () => {
    await api?.close();
  });
  beforeEach(() => {
    api.fileDownloads.length = 0;
    api.storage.requests.length = 0;
  });

  it("returns the exact bytes, GB18030 and binary alike", async () => {
    const csv = Buffer.concat([Buffer.from("key,title,phase,due,R,A,C,I\n,"), Buffer.from([0xca, 0xfd, 0xbe, 0xdd, 0xc7, 0xa8, 0xd2, 0xc6]), Buffer.from(",build,2030-01-01,lisi02,zhangsan01,,\n")]);
    expect((await fetchFile(file(csv))).equals(csv)).toBe(true);
    const binary = randomBytes(200_000);
    expect((await fetchFile(file(binary, { chunked: true }))).equals(binary)).toBe(true);
  });

  it("sends the token only to the API, with the configured robot code, and never to the storage host", async () => {
    const attachment = file("a,b\n1,2\n");
    await fetchFile(attachment);
    expect(api.fileDownloads).toEqual([{ accessToken: expect.stringMatching(/^tok-/), downloadCode: attachment.ref.downloadCode, robotCode: APP.clientId }]);
    expect(api.issuedTokens()).toContain(api.fileDownloads[0]?.accessToken);
    expect(api.storage.requests).toHaveLength(1);
    const sent = JSON.stringify(api.storage.requests[0]);
    for (const token of api.issuedTokens()) expect(sent).not.toContain(token);
    expect(api.storage.requests[0]?.headers["x-acs-dingtalk-access-token"]).toBeUndefined();
    expect(api.storage.requests[0]?.headers.authorization).toBeUndefined();
    expect(Object.keys(api.storage.requests[0]?.query ?? {}).sort()).toEqual(["Expires", "OSSAccessKeyId", "Signature"]);
  });

  it("uses the configured robot code when the ref carries none, and refreshes a refused token once", async () => {
    const attachment: Attachment = { name: "raci.csv", ref: { downloadCode: api.addFile("x,y\n") } };
    api.revokeTokens();
    const fetches = api.tokenFetches();
    expect((await fetchFile(attachment)).toString()).toBe("x,y\n");
    expect(api.tokenFetches()).toBe(fetches + 1);
    expect(api.fileDownloads.at(-1)?.robotCode).toBe(APP.clientId);
  });

  it("refuses a file over maxBytes: declared by Content-Length, and streamed chunked", async () => {
    const big = Buffer.alloc(2048, 0x61);
    const declared = await problemOf(fetchFile(file(big), 1024));
    expect(declared.problem).toBe("too_large");
    expect(declared.detail).toContain("declared");
    const chunked = await problemOf(fetchFile(file(big, { chunked: true }), 1024));
    expect(chunked.problem).toBe("too_large");
    expect(chunked.detail).not.toContain("declared");
    expect((await fetchFile(file(big, { chunked: true }), 2048)).length).toBe(2048);
  });

  it("an unknown or expired downloadCode, an expired link and a vanished object are unavailable", async () => {
    expect((await problemOf(fetchFile({ name: "old.csv", ref: { downloadCode: "not-a-code" } }))).problem).toBe("unavailable");
    expect((await problemOf(fetchFile({ name: "x.csv", ref: {} }))).problem).toBe("unavailable");
    const expired = await problemOf(fetchFile(file("a\n", { expired: true })));
    expect(expired).toMatchObject({ problem: "unavailable" });
    expect(expired.detail).toContain("AccessDenied");
    expect(expired.detail).not.toContain("Signature");
    const gone = await problemOf(fetchFile(file("a\n", { gone: true })));
    expect(gone).toMatchObject({ problem: "unavailable" });
    expect(gone.detail).toContain("NoSuchKey");
  });

  it("a missing permission is forbidden and names the permission to add", async () => {
    api.failNext(DOWNLOAD_PATH, { status: 403, body: { code: "Forbidden.AccessDenied.AccessTokenPermissionDenied", message: "应用尚未开通所需的权限：[qyapi_robot_sendmsg]", requestid: "r1" } });
    const denied = await problemOf(fetchFile(file("a\n")));
    expect(denied.problem).toBe("forbidden");
    expect(denied.detail).toContain("qyapi_robot_sendmsg");
    expect(denied.detail).toContain("权限管理");
    api.failNext(DOWNLOAD_PATH, { status: 403, body: { code: "Forbidden.AccessDenied.AccessTokenPermissionDenied", message: "没有调用该接口的权限" } });
    expect((await problemOf(fetchFile(file("a\n")))).detail).toContain("qyapi_robot_sendmsg");
  });

  it("QPS limits, the monthly quota, 5xx, a wrong robot code and wrong credentials fail without a person to blame", async () => {
    const cases: [number, Record<string, unknown>, string, string][] = [
      [403, { code: "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi", message: "qps" }, "failed", "QPS"],
      [403, { code: "Forbidden.AccessDenied.ApiCountLimitForOrg", message: "quota" }, "failed", "monthly"],
      [503, { code: "ServiceUnavailable", message: "busy" }, "failed", "not answering"],
      [400, { code: "invalidParameter.robotCode.auth", message: "robotCode 与 appkey 不匹配" }, "failed", "DINGTALK_ROBOT_CODE"],
    ];
    for (const [status, body, problem, detail] of cases) {
      api.failNext(DOWNLOAD_PATH, { status, body });
      const error = await problemOf(fetchFile(file("a\n")));
      expect({ problem: error.problem, named: error.detail.includes(detail) }).toEqual({ problem, named: true });
    }
    const stranger = testAdapter({ apiUrl: api.url, oapiUrl: api.url, clientSecret: "wrong-secret" });
    const refused = await problemOf(stranger.fetchAttachment!(dm, file("a\n"), { maxBytes: MAX }));
    expect(refused.problem).toBe("forbidden");
    expect(refused.detail).toContain("DINGTALK_CLIENT_SECRET");
  });

  it("a storage host that stalls or cannot be reached fails; a non-https link elsewhere is not followed", async () => {
    const slow = await problemOf(fetchFile(file("a\n", { stallMs: 2_000 })));
    expect(slow).toMatchObject({ problem: "failed" });
    expect(slow.detail).toContain("500 ms");
    api.failNext(DOWNLOAD_PATH, { status: 200, body: { downloadUrl: "http://files.example.com/robot-files/x?Signature=s" } });
    const plain = await problemOf(fetchFile(file("a\n")));
    expect(plain.problem).toBe("failed");
    expect(api.storage.requests).toHaveLength(1);
    api.failNext(DOWNLOAD_PATH, { status: 200, body: { downloadUrl: "http://127.0.0.1:9/robot-files/x" } });
    expect((await problemOf(fetchFile(file("a\n")))).problem).toBe("failed");
    api.failNext(DOWNLOAD_PATH, { status: 200, body: {} });
    expect((await problemOf(fetchFile(file("a\n")))).problem).toBe("failed");
  });

  it("an API that cannot be reached fails; another corp's conversation is not this adapter's", async () => {
    const offline = testAdapter({ apiUrl: "http://127.0.0.1:9", oapiUrl: "http://127.0.0.1:9" });
    expect((await problemOf(offline.fetchAttachment!(dm, file("a\n"), { maxBytes: MAX }))).problem).toBe("failed");
    const foreign = await problemOf(adapter.fetchAttachment!({ ...dm, tenantId: "dingothercorp0000000" }, file("a\n"), { maxBytes: MAX }));
    expect(foreign.problem).toBe("unavailable");
  });
});
