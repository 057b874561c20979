import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { startFakeDingtalkStorage, type FakeDingtalkStorage, type FakeStoredFileOptions } from "./fake-dingtalk-files.js";
import { parseMultipart, type ReceivedFile } from "./multipart.js";

// A fake of DingTalk's server APIs on 127.0.0.1 — the new api.dingtalk.com routes, the old oapi topapi routes and
// the session webhook, all on one port (configure DINGTALK_API_URL and DINGTALK_OAPI_URL to `url`). It behaves like
// DingTalk where it matters to us: tokens are checked (new API: HTTP 401 InvalidAuthentication; old: errcode 40014),
// failures can be queued per path in either error style, and every message that would reach a person is recorded.
// Files a person sent the robot: `addFile` stores one and returns its downloadCode; POST /v1.0/robot/messageFiles/download
// trades the code for a signed link on a separate fake storage host (fake-dingtalk-files.ts).
// Media: POST /media/upload?access_token=… (multipart type + media) → media_id; a sampleImageMsg whose photoURL is
// not a media_id this fake issued is refused.

export interface FakeDingtalkApiOptions {
  appKey: string;
  appSecret: string;
  robotCode: string;
  tokenTtlSeconds?: number;
  usersByMobile?: Record<string, string>;
}

/** One messageFiles/download call: the token it carried and what it asked for. */
export interface FakeFileDownloadCall {
  accessToken: string;
  downloadCode: string;
  robotCode: string;
}

/** One message a conversation received. */
export interface FakeSend {
  via: "group" | "direct" | "session";
  /** openConversationId, the userid, or the session id. */
  target: string;
  title: string;
  text: string;
  msgKey?: string;
  /** sampleImageMsg's photoURL (a media_id). */
  photoURL?: string;
}

export interface FakeDingtalkApi {
  readonly url: string;
  readonly sends: FakeSend[];
  readonly cards: Record<string, unknown>[];
  readonly cardUpdates: Record<string, unknown>[];
  readonly groups: Map<string, { title: string; owner: string; members: string[]; templateId: string; banned?: boolean }>;
  /** DINGs the robot sent (/v1.0/robot/ding/send). */
  readonly dings: { remindType: number; receivers: string[]; content: string }[];
  readonly memberBatches: string[][];
  readonly calls: { method: string; path: string }[];
  readonly fileDownloads: FakeFileDownloadCall[];
  /** Files uploaded through /media/upload: `type` (query or form), the file part, the media_id answered. */
  readonly mediaUploads: { type: string; file: ReceivedFile; mediaId: string }[];
  /** The host the download links point at. */
  readonly storage: FakeDingtalkStorage;
  tokenFetches(): number;
  /** Every access token issued so far. */
  issuedTokens(): string[];
  /** Stores a file a person sent the robot; its downloadCode, as the robot message would carry it. */
  addFile(content: string | Buffer, options?: FakeStoredFileOptions): string;
  callsTo(path: string): number;
  /** A session webhook URL on this fake, as a robot message would carry it. */
  sessionUrl(session: string): string;
  /** The next `times` calls to `path` answer `status` + `body` instead. */
  failNext(path: string, answer: { status: number; body: Record<string, unknown> }, times?: number): void;
  /** The next call to `path` does its work, then answers 503: the platform acted, but the caller never hears of it. */
  loseNext(path: string): void;
  /** Every token issued so far stops working. */
  revokeTokens(): void;
  close(): Promise<void>;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeDingtalkApi(options: FakeDingtalkApiOptions): Promise<FakeDingtalkApi> {
  const app: FastifyInstance = Fastify({ logger: false });
  const sends: FakeSend[] = [];
  const cards: Record<string, unknown>[] = [];
  const cardUpdates: Record<string, unknown>[] = [];
  const groups = new Map<string, { title: string; owner: string; members: string[]; templateId: string; banned?: boolean }>();
  const dings: FakeDingtalkApi["dings"] = [];
  const memberBatches: string[][] = [];
  const calls: { method: string; path: string }[] = [];
  const tokens = new Set<string>();
  const issued: string[] = [];
  const storage = await startFakeDingtalkStorage();
  const files = new Map<string, string>();
  const fileDownloads: FakeFileDownloadCall[] = [];
  const mediaUploads: FakeDingtalkApi["mediaUploads"] = [];
  const failures = new Map<string, { status: number; body: Record<string, unknown>; times: number }>();
  const losing = new Map<string, number>();
  const groupsByUuid = new Map<string, string>();
  let fetches = 0;
  let counter = 0;

  const pathOf = (request: FastifyRequest): string => request.url.split("?")[0] ?? "";
  app.addHook("onRequest", async (request, reply) => {
    const path = pathOf(request);
    calls.push({ method: request.method, path });
    const failure = failures.get(path);
    if (failure && failure.times > 0) {
      failure.times--;
      return reply.code(failure.status).send(failure.body);
    }
    return undefined;
  });
  app.addHook("onSend", async (request, reply, payload) => {
    const path = pathOf(request);
    const left = losing.get(path) ?? 0;
    if (left <= 0) return payload;
    losing.set(path, left - 1);
    reply.code(503);
    return JSON.stringify({ code: "ServiceUnavailable", message: "the answer was lost" });
  });

  const newApiToken = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const token = request.headers["x-acs-dingtalk-access-token"];
    if (typeof token === "string" && tokens.has(token)) return true;
    void reply.code(401).send({ code: "InvalidAuthentication", message: "不合法的access_token", requestid: randomUUID() });
    return false;
  };
  const oldApiToken = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const token = asRecord(request.query).access_token;
    if (typeof token === "string" && tokens.has(token)) return true;
    void reply.code(200).send({ errcode: 40014, errmsg: "不合法的access_token" });
    return false;
  };
  const markdownOf = (body: Record<string, unknown>): { title: string; text: string; msgKey: string; photoURL?: string } => {
    const param = asRecord(JSON.parse(str(body.msgParam) || "{}"));
    const photo = str(param.photoURL);
    return { title: str(param.title), text: str(param.text) || str(param.content), msgKey: str(body.msgKey), ...(photo ? { photoURL: photo } : {}) };
  };
  const badImage = (body: Record<string, unknown>, reply: FastifyReply): boolean => {
    const { msgKey, photoURL } = markdownOf(body);
    if (msgKey !== "sampleImageMsg" || mediaUploads.some((u) => u.mediaId === photoURL)) return false;
    void reply.code(400).send({ code: "param.photoURL.invalid", message: "photoURL is not a valid media" });
    return true;
  };
  const badRobot = (body: Record<string, unknown>, reply: FastifyReply): boolean => {
    if (body.robotCode === options.robotCode) return false;
    void reply.code(400).send({ code: "robot.not.exist", message: "robotCode is wrong" });
    return true;
  };

  app.post("/v1.0/oauth2/accessToken", async (request, reply) => {
    const body = asRecord(request.body);
    if (body.appKey !== options.appKey || body.appSecret !== options.appSecret) {
      return reply.code(400).send({ code: "invalidClientIdOrSecret", message: "无效的clientId或者clientSecret" });
    }
    fetches++;
    const accessToken = `tok-${fetches}-${randomUUID().slice(0, 8)}`;
    tokens.add(accessToken);
    issued.push(accessToken);
    return { accessToken, expireIn: options.tokenTtlSeconds ?? 7200 };
  });

  app.post("/v1.0/robot/groupMessages/send", async (request, reply) => {
    if (!newApiToken(request, reply)) return reply;
    const body = asRecord(request.body);
    if (badRobot(body, reply) || badImage(body, reply)) return reply;
    sends.push({ via: "group", target: str(body.openConversationId), ...markdownOf(body) });
    return { processQueryKey: `pqk-${++counter}` };
  });

  app.post("/v1.0/robot/oToMessages/batchSend", async (request, reply) => {
    if (!newApiToken(request, reply)) return reply;
    const body = asRecord(request.body);
    if (badRobot(body, reply) || badImage(body, reply)) return reply;
    const userIds = Array.isArray(body.userIds) ? body.userIds.map(str) : [];
    for (const userId of userIds) sends.push({ via: "direct", target: userId, ...markdownOf(body) });
    return { processQueryKey: `pqk-${++counter}`, invalidStaffIdList: [], flowControlledStaffIdList: [] };
  });

  // The code for an unknown or expired downloadCode is not documented [unverified]; a 400 like other bad parameters.
  app.post("/v1.0/robot/messageFiles/download", async (request, reply) => {
    if (!newApiToken(request, reply)) return reply;
    const body = asRecord(request.body);
    fileDownloads.push({ accessToken: str(request.headers["x-acs-dingtalk-access-token"]), downloadCode: str(body.downloadCode), robotCode: str(body.robotCode) });
    if (badRobot(body, reply)) return reply;
    const key = files.get(str(body.downloadCode));
    if (!key) return reply.code(400).send({ code: "invalidParameter.downloadCode.invalid", message: "downloadCode无效或已过期", requestid: randomUUID() });
    return { downloadUrl: storage.signedUrl(key) };
  });

  app.post("/robot/sendBySession", async (request) => {
    const body = asRecord(request.body);
    const markdown = asRecord(body.markdown);
    sends.push({ via: "session", target: str(asRecord(request.query).session), title: str(markdown.title), text: str(markdown.text) });
    return { errcode: 0, errmsg: "ok" };
  });

  app.post("/v1.0/card/instances/createAndDeliver", async (request, reply) => {
    if (!newApiToken(request, reply)) return reply;
    const body = asRecord(request.body);
    cards.push(body);
    const spaceId = str(body.openSpaceId);
    return { success: true, result: { outTrackId: body.outTrackId, deliverResults: [{ spaceType: spaceId.includes("IM_GROUP") ? "IM_GROUP" : "IM_ROBOT", spaceId, success: true }] } };
  });

  app.put("/v1.0/card/instances", async (request, reply) => {
    if (!newApiToken(request, reply)) return reply;
    const body = asRecord(request.body);
    if (!cards.some((c) => c.outTrackId === body.outTrackId)) return reply.code(400).send({ code: "param.invalid", message: "card instance not found" });
    cardUpdates.push(body);
    return { success: true, result: true };
  });

  app.post("/v1.0/im/sceneGroup/create", async (request, reply) => {
    if (!newApiToken(request, reply)) return reply;
    const body = asRecord(request.body);
    const known = str(body.uuid) ? groupsByUuid.get(str(body.uuid)) : undefined;
    if (known) return { open_conversation_id: known, chat_id: `chat-${known}` };
    const id = `cidFake${++counter}==`;
    if (str(body.uuid)) groupsByUuid.set(str(body.uuid), id);
    const members = Array.isArray(body.user_ids) ? body.user_ids.map(str) : [];
    groups.set(id, { title: str(body.title), owner: str(body.owner_user_id), members, templateId: str(body.template_id) });
    return { open_conversation_id: id, chat_id: `chat-${id}` };
  });

  app.post("/topapi/im/chat/scenegroup/member/add", async (request, reply) => {
    if (!oldApiToken(request, reply)) return reply;
    const body = asRecord(request.body);
    const ids = str(body.user_ids).split(",").filter(Boolean);
    if (ids.length > 100) return { errcode: 40035, errmsg: "user_ids 最多传100个" };
    const group = groups.get(str(body.open_conversation_id));
    if (!group) return { errcode: 40035, errmsg: "invalid open_conversation_id" };
    memberBatches.push(ids);
    group.members = [...new Set([...group.members, ...ids])];
    return { errcode: 0, errmsg: "ok", success: true };
  });

  app.post("/topapi/im/chat/scenegroup/update", async (request, reply) => {
    if (!oldApiToken(request, reply)) return reply;
    const body = asRecord(request.body);
    const group = groups.get(str(body.open_conversation_id));
    if (!group) return { errcode: 400001, errmsg: "系统错误" };
    if (body.chat_banned_type !== undefined) group.banned = body.chat_banned_type === 1;
    return { errcode: 0, errmsg: "ok", success: true };
  });

  app.post("/v1.0/robot/ding/send", async (request, reply) => {
    if (!newApiToken(request, reply)) return reply;
    const body = asRecord(request.body);
    const receivers = Array.isArray(body.receiverUserIdList) ? body.receiverUserIdList.map(str) : [];
    if (str(body.robotCode) !== options.robotCode || receivers.length === 0 || !str(body.content)) return reply.code(400).send({ code: "InvalidParameter", message: "robotCode, receiverUserIdList and content are required" });
    dings.push({ remindType: Number(body.remindType), receivers, content: str(body.content) });
    return { openDingId: `ding${++counter}` };
  });

  app.addContentTypeParser("multipart/form-data", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  app.post("/media/upload", async (request, reply) => {
    if (!oldApiToken(request, reply)) return reply;
    const { fields, files } = await parseMultipart(request.body as Buffer, String(request.headers["content-type"]));
    const file = files.find((f) => f.field === "media");
    if (!file) return { errcode: 40004, errmsg: "不合法的媒体文件类型" };
    const type = fields.type ?? str(asRecord(request.query).type);
    const mediaId = `@lAFake${++counter}`;
    mediaUploads.push({ type, file, mediaId });
    return { errcode: 0, errmsg: "ok", type, media_id: mediaId, created_at: Date.now() };
  });

  app.post("/topapi/v2/user/getbymobile", async (request, reply) => {
    if (!oldApiToken(request, reply)) return reply;
    const userid = options.usersByMobile?.[str(asRecord(request.body).mobile)];
    return userid ? { errcode: 0, errmsg: "ok", result: { userid } } : { errcode: 60121, errmsg: "找不到该用户" };
  });

  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;

  return {
    url,
    sends,
    cards,
    cardUpdates,
    groups,
    dings,
    memberBatches,
    calls,
    fileDownloads,
    mediaUploads,
    storage,
    tokenFetches: () => fetches,
    issuedTokens: () => [...issued],
    addFile(content, fileOptions) {
      const downloadCode = `mIof${randomUUID().replace(/-/g, "")}+zoRg==`;
      files.set(downloadCode, storage.put(Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8"), fileOptions));
      return downloadCode;
    },
    callsTo: (path) => calls.filter((c) => c.path === path).length,
    sessionUrl: (session) => `${url}/robot/sendBySession?session=${encodeURIComponent(session)}`,
    failNext(path, answer, times = 1) {
      failures.set(path, { ...answer, times });
    },
    loseNext(path) {
      losing.set(path, (losing.get(path) ?? 0) + 1);
    },
    revokeTokens() {
      tokens.clear();
    },
    async close() {
      await app.close();
      await storage.close();
    },
  };
}
