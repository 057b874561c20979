import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createFakeFeishuFiles, type FakeFeishuFileOptions } from "./fake-feishu-files.js";
import { parseMultipart, type ReceivedFile } from "./multipart.js";

// A fake Feishu Open API on 127.0.0.1, answering in the documented shapes: tenant token, bot info, tenant query,
// message create (uuid dedupes like Feishu's), reply, card patch, chat create, chat members, batch_get_id, and the
// files messages carry (GET im/v1/messages/:message_id/resources/:file_key, see fake-feishu-files.ts), and image
// uploads (POST im/v1/images, multipart image_type + image → image_key; https://open.feishu.cn/document/server-docs/im-v1/image/create).

/** One request the fake received, and what it answered. */
export interface FeishuApiCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  token: string | null;
  status: number;
  code: number;
}

/** A scripted failure: the next `times` matching calls answer this instead. */
export interface ScriptedFailure {
  status: number;
  code: number;
  msg: string;
  headers?: Record<string, string>;
  times?: number;
  /** Do the work first, then answer the failure: the platform acted, but the caller never hears of it. */
  after?: boolean;
}

export interface FakeFeishuApi {
  baseUrl: string;
  server: Server;
  calls: FeishuApiCall[];
  /** Calls to `method path` (path without /open-apis; a trailing `*` matches any rest). */
  callsTo(method: string, path: string): FeishuApiCall[];
  /** Fails the next matching calls (see callsTo for the path syntax). */
  fail(method: string, path: string, failure: ScriptedFailure): void;
  /** Directory for batch_get_id: email or mobile → open_id. */
  users: Map<string, string>;
  /** Seconds each issued tenant_access_token lives (Feishu: 7200). */
  tokenLifetimeSeconds: number;
  /** The messages that exist (created, replied or patched), by message_id. */
  messages: Map<string, { msg_type: string; content: string }>;
  tenant: { tenant_key: string; name: string };
  botOpenId: string;
  /** Groups created (im/v1/chats), by chat_id, with their members as added. */
  chats: Map<string, { name: string; owner: string; members: string[]; moderation?: string }>;
  /** Images uploaded through im/v1/images: the form's image_type, the file part, the image_key answered. */
  images: { imageType: string | undefined; file: ReceivedFile; imageKey: string }[];
  /** Stores a file sent in message `messageId`, served by the resource endpoint; returns its file_key. */
  addFile(messageId: string, body: Buffer | string, options?: FakeFeishuFileOptions): string;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

/** The only app credentials the fake accepts (the SDK's WSClient insists on cli_ + 16 hex digits). */
export const FAKE_APP_ID = "cli_9f5343c580712544";
export const FAKE_APP_SECRET = "secret_test";

const matches = (pattern: string, path: string): boolean => (pattern.endsWith("*") ? path.startsWith(pattern.slice(0, -1)) : pattern === path);

/** The body as JSON, or, for a multipart upload, its text fields plus its files under `files`. */
async function readBody(request: IncomingMessage): Promise<{ json: Json; files: ReceivedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const type = request.headers["content-type"] ?? "";
  if (type.startsWith("multipart/form-data")) {
    const { fields, files } = await parseMultipart(raw, type);
    return { json: fields, files };
  }
  const text = raw.toString("utf8");
  if (!text) return { json: {}, files: [] };
  const parsed: unknown = JSON.parse(text);
  return { json: typeof parsed === "object" && parsed !== null ? (parsed as Json) : {}, files: [] };
}

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeFeishuApi(options: { tenant?: { tenant_key: string; name: string }; botOpenId?: string } = {}): Promise<FakeFeishuApi> {
  const calls: FeishuApiCall[] = [];
  const failures: { method: string; path: string; failure: ScriptedFailure; left: number }[] = [];
  const tokens = new Set<string>();
  const byUuid = new Map<string, string>();
  const files = createFakeFeishuFiles();
  let counter = 0;

  const api: FakeFeishuApi = {
    baseUrl: "",
    server: createServer(),
    calls,
    callsTo: (method, path) => calls.filter((c) => c.method === method && matches(path, c.path)),
    fail(method, path, failure) {
      failures.push({ method, path, failure, left: failure.times ?? 1 });
    },
    users: new Map(),
    tokenLifetimeSeconds: 7200,
    messages: new Map(),
    images: [],
    tenant: options.tenant ?? { tenant_key: "2ca1d211f64f6438", name: "Apollo 集团" },
    botOpenId: options.botOpenId ?? "ou_bot0000000000000000000000000000",
    chats: new Map(),
    addFile: (messageId, body, fileOptions) => files.add(messageId, body, fileOptions),
    close: () => new Promise((resolve) => api.server.close(() => resolve())),
  };

  const answer = (res: ServerResponse, call: FeishuApiCall, status: number, body: Json, headers: Record<string, string> = {}): void => {
    call.status = status;
    call.code = typeof body.code === "number" ? body.code : -1;
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  };

  const route = (call: FeishuApiCall, files: ReceivedFile[]): { status: number; body: Json } => {
    const { method, path, body, query } = call;
    if (method === "POST" && path === "/auth/v3/tenant_access_token/internal") {
      if (body.app_id !== FAKE_APP_ID || body.app_secret !== FAKE_APP_SECRET) return { status: 400, body: { code: 10014, msg: "app secret invalid" } };
      const token = `t-${++counter}`;
      tokens.add(token);
      return { status: 200, body: { code: 0, msg: "ok", tenant_access_token: token, expire: api.tokenLifetimeSeconds } };
    }
    if (!call.token || !tokens.has(call.token)) return { status: 400, body: { code: 99991663, msg: "Invalid access token for authorization." } };
    if (method === "GET" && path === "/bot/v3/info") return { status: 200, body: { code: 0, msg: "ok", bot: { open_id: api.botOpenId, app_name: "Rollout Bot", activate_status: 2 } } };
    if (method === "GET" && path === "/tenant/v2/tenant/query") return { status: 200, body: { code: 0, msg: "success", data: { tenant: { ...api.tenant, display_id: "F123", tenant_tag: 0, avatar: {} } } } };
    const created = (): { status: number; body: Json } => {
      const uuid = typeof body.uuid === "string" ? body.uuid : undefined;
      const existing = uuid ? byUuid.get(uuid) : undefined;
      const messageId = existing ?? `om_${++counter}`;
      if (uuid) byUuid.set(uuid, messageId);
      api.messages.set(messageId, { msg_type: String(body.msg_type), content: String(body.content) });
      return { status: 200, body: { code: 0, msg: "success", data: { message_id: messageId, chat_id: query.receive_id_type === "chat_id" ? body.receive_id : "oc_p2p", msg_type: body.msg_type } } };
    };
    if (method === "POST" && path === "/im/v1/images") {
      const file = files.find((f) => f.field === "image");
      if (!file || file.bytes.length === 0) return { status: 400, body: { code: 234001, msg: "Invalid request param." } };
      const imageKey = `img_v3_fake${++counter}`;
      api.images.push({ imageType: typeof body.image_type === "string" ? body.image_type : undefined, file, imageKey });
      return { status: 200, body: { code: 0, msg: "success", data: { image_key: imageKey } } };
    }
    if (method === "POST" && path === "/im/v1/messages") {
      if (!["open_id", "chat_id", "user_id", "union_id", "email"].includes(query.receive_id_type ?? "")) return { status: 400, body: { code: 99992402, msg: "field validation failed" } };
      if (typeof body.uuid === "string" && body.uuid.length > 50) return { status: 400, body: { code: 99992402, msg: "uuid: the max len is 50" } };
      return created();
    }
    const reply = /^\/im\/v1\/messages\/([^/]+)\/reply$/.exec(path);
    if (method === "POST" && reply) return created();
    const patch = /^\/im\/v1\/messages\/([^/]+)$/.exec(path);
    if (method === "PATCH" && patch?.[1]) {
      const id = decodeURIComponent(patch[1]);
      if (!api.messages.has(id)) return { status: 400, body: { code: 230001, msg: "message not found" } };
      api.messages.set(id, { msg_type: "interactive", content: String(body.content) });
      return { status: 200, body: { code: 0, msg: "success", data: {} } };
    }
    if (method === "POST" && path === "/im/v1/chats") {
      const users = Array.isArray(body.user_id_list) ? body.user_id_list.map(String) : [];
      if (users.length > 50) return { status: 400, body: { code: 232006, msg: "user_id_list exceeds 50" } };
      // uuid: the same uuid and owner make one chat (within 10 h on Feishu); the fake never forgets.
      const uuidKey = query.uuid ? `chat:${query.uuid}:${String(body.owner_id)}` : undefined;
      const chatId = (uuidKey && byUuid.get(uuidKey)) || `oc_chat${++counter}`;
      if (uuidKey) byUuid.set(uuidKey, chatId);
      if (!api.chats.has(chatId)) api.chats.set(chatId, { name: String(body.name), owner: String(body.owner_id), members: [...new Set(users)] });
      return { status: 200, body: { code: 0, msg: "success", data: { chat_id: chatId, name: body.name, owner_id: body.owner_id } } };
    }
    const urgent = /^\/im\/v1\/messages\/([^/]+)\/urgent_app$/.exec(path);
    if (method === "PATCH" && urgent?.[1]) {
      if (query.user_id_type !== "open_id") return { status: 400, body: { code: 99992402, msg: "user_id_type is required" } };
      if (!api.messages.has(decodeURIComponent(urgent[1]))) return { status: 400, body: { code: 230001, msg: "message not found" } };
      const users = Array.isArray(body.user_id_list) ? body.user_id_list.map(String) : [];
      if (users.length === 0) return { status: 400, body: { code: 99992402, msg: "user_id_list is required" } };
      return { status: 200, body: { code: 0, msg: "success", data: { invalid_user_id_list: [] } } };
    }
    const moderation = /^\/im\/v1\/chats\/([^/]+)\/moderation$/.exec(path);
    if (method === "PUT" && moderation?.[1]) {
      const chat = api.chats.get(decodeURIComponent(moderation[1]));
      if (!chat) return { status: 400, body: { code: 232010, msg: "chat not found" } };
      if (!["all_members", "only_owner", "moderator_list"].includes(String(body.moderation_setting))) return { status: 400, body: { code: 99992402, msg: "moderation_setting is invalid" } };
      chat.moderation = String(body.moderation_setting);
      return { status: 200, body: { code: 0, msg: "success", data: {} } };
    }
    const members = /^\/im\/v1\/chats\/([^/]+)\/members$/.exec(path);
    if (method === "POST" && members?.[1]) {
      const ids = Array.isArray(body.id_list) ? body.id_list.map(String) : [];
      if (ids.length > 50) return { status: 400, body: { code: 232006, msg: "id_list exceeds 50" } };
      const chat = api.chats.get(decodeURIComponent(members[1]));
      if (chat) chat.members = [...new Set([...chat.members, ...ids])];
      return { status: 200, body: { code: 0, msg: "success", data: { invalid_id_list: [], not_existed_id_list: [] } } };
    }
    if (method === "POST" && path === "/contact/v3/users/batch_get_id") {
      const emails = Array.isArray(body.emails) ? (body.emails as string[]) : [];
      const mobiles = Array.isArray(body.mobiles) ? (body.mobiles as string[]) : [];
      const user_list = [
        ...emails.map((email) => ({ email, ...(api.users.has(email) ? { user_id: api.users.get(email) } : {}) })),
        ...mobiles.map((mobile) => ({ mobile, ...(api.users.has(mobile) ? { user_id: api.users.get(mobile) } : {}) })),
      ];
      return { status: 200, body: { code: 0, msg: "success", data: { user_list } } };
    }
    return { status: 404, body: { code: 404, msg: `no such fake endpoint: ${method} ${path}` } };
  };

  api.server.on("request", (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (!url.pathname.startsWith("/open-apis/")) return; // other paths (the long-connection endpoint) are served elsewhere
      const { json: body, files: uploaded } = await readBody(req).catch(() => ({ json: {}, files: [] as ReceivedFile[] }));
      const auth = req.headers.authorization;
      const call: FeishuApiCall = {
        method: req.method ?? "GET",
        path: url.pathname.replace(/^\/open-apis/, ""),
        query: Object.fromEntries(url.searchParams),
        body,
        token: auth?.startsWith("Bearer ") ? auth.slice(7) : null,
        status: 0,
        code: -1,
      };
      calls.push(call);
      const scripted = failures.find((f) => f.left > 0 && f.method === call.method && matches(f.path, call.path));
      if (scripted) {
        scripted.left--;
        if (scripted.failure.after) route(call, uploaded);
        return answer(res, call, scripted.failure.status, { code: scripted.failure.code, msg: scripted.failure.msg }, scripted.failure.headers);
      }
      const resource = /^\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(call.path);
      if (call.method === "GET" && resource?.[1] && resource[2] && call.token && tokens.has(call.token)) {
        const ids = { messageId: decodeURIComponent(resource[1]), fileKey: decodeURIComponent(resource[2]), type: call.query.type };
        const record = (status: number): void => {
          call.status = status;
          call.code = 0;
        };
        return files.serve(res, ids, { json: (status, out) => answer(res, call, status, out), record });
      }
      const { status, body: out } = route(call, uploaded);
      answer(res, call, status, out);
    })();
  });

  await new Promise<void>((resolve) => api.server.listen(0, "127.0.0.1", resolve));
  api.baseUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  return api;
}
