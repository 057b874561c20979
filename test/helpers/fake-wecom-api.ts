import Fastify, { type FastifyInstance } from "fastify";
import { parseMultipart, type ReceivedFile } from "./multipart.js";

// A fake of WeCom's server API on 127.0.0.1 (https://developer.work.weixin.qq.com/document/path/90236 etc.) that
// behaves like WeCom where it matters to us: tokens expire and can be revoked (42001), errcodes come in HTTP 200
// answers, and app messages beyond 30/min or 1000/h per member (200/min per member in groups) are DROPPED
// SILENTLY — the answer is still errcode 0. Windows are multiplied by `windowScale`, like WECOM_RATE_WINDOW_SCALE.
// Temporary media: POST media/upload?type=image with the file part named "media" → media_id (path/90253); an image
// message naming a media_id this fake never issued is refused with 40007 (invalid media_id).

export interface FakeWecomOptions {
  corpId: string;
  secret: string;
  /** Multiplies the per-member windows (0.01: 30 per 600 ms); default 1. */
  windowScale?: number;
  /** The time messages are counted at in the per-member windows: Date.now by default, a virtual clock in tests of the cap itself. */
  now?: () => number;
  tokenTtlSeconds?: number;
  /** Known members; message/send names others in `invaliduser`. Default: everybody exists. */
  members?: string[];
  usersByMobile?: Record<string, string>;
  usersByEmail?: Record<string, string>;
}

/** One message a member actually received. */
export interface FakeDelivery {
  at: number;
  userId: string;
  msgtype: string;
  body: Record<string, unknown>;
  /** Set for app group messages. */
  chatId?: string;
}

export interface FakeWecomApi {
  /** The base URL to configure as WECOM_API_URL (…/cgi-bin). */
  readonly url: string;
  readonly delivered: FakeDelivery[];
  readonly dropped: FakeDelivery[];
  /** message/send requests with enable_duplicate_check that repeated one seen inside the window: answered ok, delivered to nobody. */
  readonly suppressed: FakeDelivery[];
  readonly calls: { path: string; body: Record<string, unknown>; token?: string }[];
  readonly cardUpdates: Record<string, unknown>[];
  readonly chats: Map<string, { name: string; owner: string; members: string[] }>;
  /** Files uploaded through media/upload: the query's type, the file part, the media_id answered. */
  readonly uploads: { type: string; file: ReceivedFile; mediaId: string }[];
  tokenFetches(): number;
  deliveredTo(userId: string): FakeDelivery[];
  /** A ResponseCode as a template_card_event would carry it: usable once. */
  issueResponseCode(): string;
  /** The next `times` calls to `path` answer `errcode` (HTTP 200). */
  failNext(path: string, errcode: number, errmsg?: string, times?: number): void;
  /** The next call to `path` does its work, then answers `errcode` (-1, busy): WeCom acted, but the caller never hears of it. */
  loseNext(path: string, errcode?: number): void;
  /** Every token issued so far stops working (WeCom answers 42001). */
  revokeTokens(): void;
  close(): Promise<void>;
}

const PER_MEMBER_APP = [
  { limit: 30, windowMs: 60_000 },
  { limit: 1000, windowMs: 3_600_000 },
];
const PER_MEMBER_GROUP = [{ limit: 200, windowMs: 60_000 }];
const UNTRUSTED_IP_ERRMSG = "not allow to access from your ip, hint: [1700000000_1_abc], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=60020";

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeWecomApi(options: FakeWecomOptions): Promise<FakeWecomApi> {
  const scale = options.windowScale ?? 1;
  const clock = options.now ?? Date.now;
  const app: FastifyInstance = Fastify({ logger: false });
  const delivered: FakeDelivery[] = [];
  const dropped: FakeDelivery[] = [];
  const suppressed: FakeDelivery[] = [];
  const duplicateChecks = new Map<string, number>(); // request JSON → first sent at
  const calls: FakeWecomApi["calls"] = [];
  const cardUpdates: Record<string, unknown>[] = [];
  const chats = new Map<string, { name: string; owner: string; members: string[] }>();
  const tokens = new Map<string, number>(); // token → expires at
  const revoked = new Set<string>();
  const codes = new Map<string, "fresh" | "used">();
  const failures = new Map<string, { errcode: number; errmsg: string; times: number; after?: boolean }>();
  const uploads: FakeWecomApi["uploads"] = [];
  const logs = new Map<string, number[]>(); // "app|group:user" → receive times
  let fetches = 0;
  let counter = 0;

  /** Counts the message against the member's windows; false when WeCom would drop it. */
  const admit = (kind: "app" | "group", userId: string, now: number): boolean => {
    const rules = kind === "app" ? PER_MEMBER_APP : PER_MEMBER_GROUP;
    const key = `${kind}:${userId}`;
    const longest = Math.max(...rules.map((r) => r.windowMs * scale));
    const log = (logs.get(key) ?? []).filter((t) => t > now - longest);
    logs.set(key, log);
    if (rules.some((r) => log.filter((t) => t > now - r.windowMs * scale).length >= r.limit)) return false;
    log.push(now);
    return true;
  };

  const tokenCheck = (token: string | undefined): { errcode: number; errmsg: string } | null => {
    if (!token || !tokens.has(token)) return { errcode: 40014, errmsg: "invalid access_token" };
    if (revoked.has(token) || (tokens.get(token) ?? 0) < Date.now()) return { errcode: 42001, errmsg: "access_token expired" };
    return null;
  };

  app.get("/cgi-bin/gettoken", async (request) => {
    fetches++;
    const q = asRecord(request.query);
    if (q.corpid !== options.corpId) return { errcode: 40013, errmsg: "invalid corpid" };
    if (q.corpsecret !== options.secret) return { errcode: 40001, errmsg: "invalid credential" };
    const token = `tok-${++counter}`;
    const ttl = options.tokenTtlSeconds ?? 7200;
    tokens.set(token, Date.now() + ttl * 1000);
    return { errcode: 0, errmsg: "ok", access_token: token, expires_in: ttl };
  });

  const handlers: Record<string, (body: Record<string, unknown>) => Record<string, unknown>> = {
    "message/send": (body) => {
      const msgtype = String(body.msgtype ?? "");
      if (msgtype === "image" && !uploads.some((u) => u.mediaId === asRecord(body.image).media_id)) return { errcode: 40007, errmsg: "invalid media_id" };
      if (msgtype === "template_card" && !Array.isArray(asRecord(body.template_card).button_list)) return { errcode: 40058, errmsg: "template_card invalid" };
      const users = String(body.touser ?? "").split("|").filter(Boolean);
      const invalid = options.members ? users.filter((u) => !options.members!.includes(u)) : [];
      const now = clock();
      // enable_duplicate_check: the same request JSON inside duplicate_check_interval (default 1800 s) reaches nobody
      // again, and the answer still says ok (path/90236).
      if (body.enable_duplicate_check === 1) {
        const request = JSON.stringify(body);
        const seenAt = duplicateChecks.get(request);
        const windowMs = Number(body.duplicate_check_interval ?? 1800) * 1000;
        if (seenAt !== undefined && now - seenAt < windowMs) {
          suppressed.push({ at: now, userId: users.join("|"), msgtype, body });
          return { errcode: 0, errmsg: "ok", invaliduser: "", msgid: `msg-${++counter}` };
        }
        duplicateChecks.set(request, now);
      }
      for (const userId of users.filter((u) => !invalid.includes(u))) (admit("app", userId, now) ? delivered : dropped).push({ at: now, userId, msgtype, body });
      const answer: Record<string, unknown> = { errcode: 0, errmsg: "ok", invaliduser: invalid.join("|"), msgid: `msg-${++counter}` };
      if (msgtype === "template_card") {
        const code = `rc-${++counter}`;
        codes.set(code, "fresh");
        answer.response_code = code;
      }
      return answer;
    },
    "message/update_template_card": (body) => {
      const code = String(body.response_code ?? "");
      // The errcode WeCom uses for a spent or unknown code is not documented; any non-zero answer is what matters.
      if (codes.get(code) !== "fresh") return { errcode: 40078, errmsg: "invalid response_code" };
      codes.set(code, "used");
      cardUpdates.push(body);
      return { errcode: 0, errmsg: "ok", invaliduser: [] };
    },
    "appchat/create": (body) => {
      const members = Array.isArray(body.userlist) ? body.userlist.map(String) : [];
      if (members.length < 2 || members.length > 2000) return { errcode: 40050, errmsg: "chat member count invalid" };
      const chatId = typeof body.chatid === "string" && body.chatid ? body.chatid : `chat${++counter}`;
      if (chats.has(chatId)) return { errcode: 86215, errmsg: "chatid already exists" };
      chats.set(chatId, { name: String(body.name ?? ""), owner: String(body.owner ?? ""), members });
      return { errcode: 0, errmsg: "ok", chatid: chatId };
    },
    "appchat/update": (body) => {
      const chat = chats.get(String(body.chatid ?? ""));
      if (!chat) return { errcode: 86003, errmsg: "chat not exist" };
      const add = Array.isArray(body.add_user_list) ? body.add_user_list.map(String) : [];
      if (add.length > 0 && chat.members.length + add.length > 2000) return { errcode: 86006, errmsg: "invalid chat member list size" };
      const del = Array.isArray(body.del_user_list) ? body.del_user_list.map(String) : [];
      chat.members = [...new Set([...chat.members, ...add])].filter((m) => !del.includes(m));
      return { errcode: 0, errmsg: "ok" };
    },
    "appchat/send": (body) => {
      const chatId = String(body.chatid ?? "");
      const chat = chats.get(chatId);
      if (!chat) return { errcode: 86003, errmsg: "chat not exist" };
      const msgtype = String(body.msgtype ?? "");
      if (msgtype === "image" && !uploads.some((u) => u.mediaId === asRecord(body.image).media_id)) return { errcode: 40007, errmsg: "invalid media_id" };
      if (!["text", "markdown", "textcard", "news", "mpnews", "image", "voice", "video", "file"].includes(msgtype)) return { errcode: 40008, errmsg: "invalid message type" };
      const now = clock();
      for (const userId of chat.members) (admit("group", userId, now) ? delivered : dropped).push({ at: now, userId, msgtype, body, chatId });
      return { errcode: 0, errmsg: "ok" };
    },
    "user/getuserid": (body) => {
      const userid = options.usersByMobile?.[String(body.mobile ?? "")];
      return userid ? { errcode: 0, errmsg: "ok", userid } : { errcode: 46004, errmsg: "user no exist" };
    },
    "user/get_userid_by_email": (body) => {
      const userid = options.usersByEmail?.[`${String(body.email ?? "")}#${String(body.email_type ?? 1)}`];
      return userid ? { errcode: 0, errmsg: "ok", userid } : { errcode: 46004, errmsg: "user no exist" };
    },
  };

  app.get("/cgi-bin/appchat/get", async (request) => {
    const query = asRecord(request.query);
    const token = typeof query.access_token === "string" ? query.access_token : undefined;
    calls.push({ path: "appchat/get", body: { chatid: query.chatid }, ...(token ? { token } : {}) });
    const denied = tokenCheck(token);
    if (denied) return denied;
    const chat = chats.get(String(query.chatid ?? ""));
    return chat ? { errcode: 0, errmsg: "ok", chat_info: { chatid: query.chatid, name: chat.name, owner: chat.owner, userlist: chat.members, chat_type: 0 } } : { errcode: 86003, errmsg: "chat not exist" };
  });

  app.addContentTypeParser("multipart/form-data", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  app.post("/cgi-bin/media/upload", async (request) => {
    const query = asRecord(request.query);
    const token = typeof query.access_token === "string" ? query.access_token : undefined;
    calls.push({ path: "media/upload", body: { type: query.type }, ...(token ? { token } : {}) });
    const failure = failures.get("media/upload");
    if (failure && failure.times > 0) {
      failure.times--;
      return { errcode: failure.errcode, errmsg: failure.errmsg };
    }
    const denied = tokenCheck(token);
    if (denied) return denied;
    const { files } = await parseMultipart(request.body as Buffer, String(request.headers["content-type"]));
    const file = files.find((f) => f.field === "media");
    if (!file || file.bytes.length <= 5) return { errcode: 40005, errmsg: "invalid file type" };
    const mediaId = `3fake${++counter}_media`;
    uploads.push({ type: String(query.type ?? ""), file, mediaId });
    return { errcode: 0, errmsg: "", type: query.type, media_id: mediaId, created_at: String(Math.floor(Date.now() / 1000)) };
  });

  for (const [path, handle] of Object.entries(handlers)) {
    app.post(`/cgi-bin/${path}`, async (request) => {
      const token = asRecord(request.query).access_token;
      const body = asRecord(request.body);
      calls.push({ path, body, ...(typeof token === "string" ? { token } : {}) });
      const failure = failures.get(path);
      if (failure && failure.times > 0) {
        failure.times--;
        if (failure.after) handle(body);
        return { errcode: failure.errcode, errmsg: failure.errmsg };
      }
      return tokenCheck(typeof token === "string" ? token : undefined) ?? handle(body);
    });
  }

  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}/cgi-bin`,
    delivered,
    dropped,
    suppressed,
    calls,
    cardUpdates,
    chats,
    uploads,
    tokenFetches: () => fetches,
    deliveredTo: (userId) => delivered.filter((d) => d.userId === userId),
    issueResponseCode() {
      const code = `click-${++counter}`;
      codes.set(code, "fresh");
      return code;
    },
    failNext(path, errcode, errmsg, times = 1) {
      failures.set(path, { errcode, errmsg: errmsg ?? (errcode === 60020 ? UNTRUSTED_IP_ERRMSG : `scripted ${errcode}`), times });
    },
    loseNext(path, errcode = -1) {
      failures.set(path, { errcode, errmsg: "system busy", times: 1, after: true });
    },
    revokeTokens() {
      for (const token of tokens.keys()) revoked.add(token);
    },
    close: () => app.close(),
  };
}
