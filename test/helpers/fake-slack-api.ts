import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { createFakeSlackFiles, type FakeSlackFiles } from "./fake-slack-files.js";

/** One Web API call the fake received, its arguments decoded (JSON-valued fields parsed). */
export interface FakeSlackCall {
  method: string;
  args: Record<string, unknown>;
  authorization: string | undefined;
  at: number;
}

/** A message the fake holds in a channel. */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  thread_ts?: string;
  edits: number;
}

/** How the fake answers one scripted call instead of doing its job. */
export type FakeSlackFailure =
  | { status: 429; retryAfter: number }
  | { status: number }
  | { error: string; needed?: string }
  /** Do the work, then cut the connection without answering: the response is lost. */
  | { lose: true };

const JSON_FIELDS = new Set(["blocks", "metadata", "view", "attachments", "files"]);

/** A file uploaded the external way: getUploadURLExternal, the bytes POSTed to the upload URL, completeUploadExternal. */
export interface FakeSlackUpload {
  fileId: string;
  filename: string;
  length: number;
  altTxt?: string;
  bytes?: Buffer;
  completed?: { title?: string; channelId?: string };
}

export interface FakeSlackApi {
  /** The Web API base to put in SLACK_API_URL (ends with /api/). */
  readonly url: string;
  /** The origin, for response_url addresses. */
  readonly origin: string;
  readonly calls: FakeSlackCall[];
  readonly messages: FakeSlackMessage[];
  /** Bodies POSTed to response_url addresses (`${origin}/response/<id>`). */
  readonly responses: { id: string; body: Record<string, unknown> }[];
  /** Envelope acks received over Socket Mode. */
  readonly acks: Record<string, unknown>[];
  callsTo(method: string): FakeSlackCall[];
  /** The next calls to `method` fail as given, in order; later calls succeed. */
  failNext(method: string, ...failures: FakeSlackFailure[]): void;
  /** Channels the bot cannot post to (channel_not_found). */
  hideChannel(channel: string): void;
  addUser(user: { id: string; email?: string; name?: string; displayName?: string }): void;
  /** Channels that exist, by id (created through the API or added with addChannel). */
  channels(): { id: string; name: string; creator: string; members: string[]; topic?: string; archived?: boolean }[];
  /** A channel somebody else made (a person's own channel, say). */
  addChannel(channel: { id: string; name: string; creator: string; members?: string[] }): void;
  /** External uploads by file id (https://docs.slack.dev/reference/methods/files.getUploadURLExternal/). */
  readonly uploads: Map<string, FakeSlackUpload>;
  /** Hosted files (url_private_download) and files.info; see fake-slack-files.ts. */
  readonly files: FakeSlackFiles;
  /** Resolves when a Socket Mode client has connected (after the hello). */
  socketConnected(): Promise<void>;
  /** Sends an envelope to the connected Socket Mode client. */
  sendEnvelope(envelope: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** A small fake of Slack's Web API (and Socket Mode socket) on 127.0.0.1, recording what it is asked. */
export async function startFakeSlackApi(
  options: { teamId?: string; enterpriseId?: string; teamName?: string; botUserId?: string; botId?: string; /** The only token hosted files accept (default: any xoxb- token). */ botToken?: string } = {},
): Promise<FakeSlackApi> {
  const calls: FakeSlackCall[] = [];
  const messages: FakeSlackMessage[] = [];
  const responses: { id: string; body: Record<string, unknown> }[] = [];
  const acks: Record<string, unknown>[] = [];
  const failures = new Map<string, FakeSlackFailure[]>();
  const hidden = new Set<string>();
  const channels = new Map<string, { id: string; name: string; creator: string; members: Set<string>; topic?: string; archived?: boolean }>();
  const users = new Map<string, { id: string; email?: string; name?: string; displayName?: string }>();
  const uploads = new Map<string, FakeSlackUpload>();
  /** An image block must show a file that was uploaded and completed (else Slack answers invalid_blocks). */
  const unknownFile = (blocks: unknown): boolean =>
    Array.isArray(blocks) &&
    blocks.some((b) => {
      const id = (b as { slack_file?: { id?: unknown } }).slack_file?.id;
      return (b as { type?: unknown }).type === "image" && (typeof id !== "string" || !uploads.get(id)?.completed || !uploads.get(id)?.bytes);
    });
  let counter = 0;
  let socket: WebSocket | null = null;
  let socketReady: (() => void) | null = null;
  let socketPromise = new Promise<void>((resolve) => (socketReady = resolve));
  const botUserId = options.botUserId ?? "U0BOT";
  let origin = "";
  const files = createFakeSlackFiles({ origin: () => origin, teamId: options.teamId ?? "T0TEAM", ...(options.botToken ? { botToken: options.botToken } : {}) });

  const nextTs = (): string => `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, "0")}`;

  const handle = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    const channel = typeof args.channel === "string" ? args.channel : "";
    switch (method) {
      case "auth.test":
        return { ok: true, url: "https://fake.slack.com/", team: options.teamName ?? "Fake Workspace", team_id: options.teamId ?? "T0TEAM", user_id: botUserId, bot_id: options.botId ?? "B0BOT", ...(options.enterpriseId ? { enterprise_id: options.enterpriseId } : {}) };
      case "files.getUploadURLExternal": {
        const fileId = `F${String(++counter).padStart(8, "0")}`;
        const upload: FakeSlackUpload = { fileId, filename: String(args.filename ?? ""), length: Number(args.length) };
        if (typeof args.alt_txt === "string") upload.altTxt = args.alt_txt;
        if (!upload.filename || !Number.isInteger(upload.length) || upload.length <= 0) return { ok: false, error: "invalid_arguments" };
        uploads.set(fileId, upload);
        return { ok: true, upload_url: `${origin}/upload/v1/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal": {
        const list = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : [];
        for (const f of list) {
          const upload = typeof f.id === "string" ? uploads.get(f.id) : undefined;
          if (!upload?.bytes) return { ok: false, error: "file_not_found" };
          upload.completed = { ...(f.title ? { title: f.title } : {}), ...(typeof args.channel_id === "string" ? { channelId: args.channel_id } : {}) };
        }
        return { ok: true, files: list.map((f) => ({ id: f.id, title: f.title })) };
      }
      case "chat.postMessage": {
        if (hidden.has(channel)) return { ok: false, error: "channel_not_found" };
        if (channels.get(channel)?.archived) return { ok: false, error: "is_archived" };
        if (unknownFile(args.blocks)) return { ok: false, error: "invalid_blocks" };
        const message: FakeSlackMessage = { channel, ts: nextTs(), text: String(args.text ?? ""), blocks: args.blocks, edits: 0 };
        if (typeof args.thread_ts === "string") message.thread_ts = args.thread_ts;
        const metadata = args.metadata as FakeSlackMessage["metadata"] | undefined;
        if (metadata) message.metadata = metadata;
        messages.push(message);
        return { ok: true, channel, ts: message.ts, message: { text: message.text, ts: message.ts } };
      }
      case "chat.update": {
        const found = messages.find((m) => m.channel === channel && m.ts === args.ts);
        if (!found) return { ok: false, error: "message_not_found" };
        found.text = String(args.text ?? "");
        found.blocks = args.blocks;
        found.edits++;
        return { ok: true, channel, ts: found.ts };
      }
      case "conversations.history":
      case "conversations.replies": {
        const oldest = Number(args.oldest ?? 0);
        const withMetadata = args.include_all_metadata === "true" || args.include_all_metadata === true;
        const list = messages
          .filter((m) => m.channel === channel && Number(m.ts) >= oldest)
          .filter((m) => (method === "conversations.replies" ? m.thread_ts === args.ts || m.ts === args.ts : m.thread_ts === undefined))
          .reverse()
          .map((m) => ({ type: "message", ts: m.ts, text: m.text, bot_id: options.botId ?? "B0BOT", ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) }));
        return { ok: true, messages: list, has_more: false };
      }
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case "conversations.create": {
        const name = String(args.name);
        if (!/^[\p{Ll}\p{Lo}\p{N}_-]{1,80}$/u.test(name)) return { ok: false, error: "invalid_name_specials" };
        if ([...channels.values()].some((c) => c.name === name)) return { ok: false, error: "name_taken" };
        const id = `C${String(++counter).padStart(8, "0")}`;
        channels.set(id, { id, name, creator: botUserId, members: new Set([botUserId]) });
        return { ok: true, channel: { id, name, is_private: args.is_private === "true" || args.is_private === true } };
      }
      case "users.conversations": {
        // One channel per page, so that a caller that ignores next_cursor misses channels.
        const mine = [...channels.values()].filter((c) => c.members.has(botUserId));
        const at = Number(args.cursor ?? 0);
        const page = mine.slice(at, at + 1).map((c) => ({ id: c.id, name: c.name, is_private: true, creator: c.creator }));
        return { ok: true, channels: page, response_metadata: { next_cursor: at + 1 < mine.length ? String(at + 1) : "" } };
      }
      case "conversations.invite": {
        const found = channels.get(channel);
        if (!found) return { ok: false, error: "channel_not_found" };
        for (const user of String(args.users).split(",")) found.members.add(user);
        return { ok: true, channel: { id: channel } };
      }
      case "conversations.archive": {
        const found = channels.get(channel);
        if (!found) return { ok: false, error: "channel_not_found" };
        if (found.archived) return { ok: false, error: "already_archived" };
        found.archived = true;
        return { ok: true };
      }
      case "conversations.setTopic": {
        const found = channels.get(channel);
        if (!found) return { ok: false, error: "channel_not_found" };
        found.topic = String(args.topic);
        return { ok: true, channel: { id: channel, topic: { value: found.topic } } };
      }
      case "users.lookupByEmail": {
        const user = [...users.values()].find((u) => u.email === args.email);
        return user ? { ok: true, user: { id: user.id, name: user.name } } : { ok: false, error: "users_not_found" };
      }
      case "users.info": {
        const user = users.get(String(args.user));
        return user
          ? { ok: true, user: { id: user.id, name: user.name, profile: { display_name: user.displayName ?? "", real_name: user.name ?? "", email: user.email } } }
          : { ok: false, error: "user_not_found" };
      }
      case "files.info":
        return files.info(args.file);
      case "views.open":
        return { ok: true, view: { id: `V${String(++counter).padStart(8, "0")}` } };
      case "apps.connections.open":
        return { ok: true, url: `ws://127.0.0.1:${port}/socket` };
      default:
        return { ok: false, error: "unknown_method" };
    }
  };

  const readBody = async (req: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  const decodeArgs = (body: string, contentType: string | undefined): Record<string, unknown> => {
    if (contentType?.includes("json")) return JSON.parse(body || "{}") as Record<string, unknown>;
    const args: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(body)) args[key] = JSON_FIELDS.has(key) ? (JSON.parse(value) as unknown) : value;
    return args;
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const raw = await readBody(req);
      const body = raw.toString("utf8");
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const uploadTo = /^\/upload\/v1\/(F\w+)$/.exec(path);
      if (uploadTo && req.method === "POST") {
        const upload = uploads.get(uploadTo[1] ?? "");
        // The upload URL is the credential; Slack answers 200 with a short text body.
        if (!upload || raw.length !== upload.length) return void res.writeHead(upload ? 400 : 404, { "content-type": "text/plain" }).end("bad upload");
        upload.bytes = raw;
        return void res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${raw.length}`);
      }
      if (files.serve(req, res, path)) return;
      if (path.startsWith("/response/")) {
        responses.push({ id: path.slice("/response/".length), body: JSON.parse(body) as Record<string, unknown> });
        res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        return;
      }
      const method = path.replace(/^\/api\//, "");
      const args = decodeArgs(body, req.headers["content-type"]);
      calls.push({ method, args, authorization: req.headers.authorization, at: Date.now() });
      const failure = failures.get(method)?.shift();
      if (failure && "lose" in failure) {
        handle(method, args);
        req.socket.destroy();
        return;
      }
      if (failure && "status" in failure) {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if ("retryAfter" in failure) headers["retry-after"] = String(failure.retryAfter);
        res.writeHead(failure.status, headers).end(JSON.stringify({ ok: false, error: failure.status === 429 ? "ratelimited" : "internal_error" }));
        return;
      }
      const answer = failure && "error" in failure ? { ok: false, error: failure.error, ...(failure.needed ? { needed: failure.needed } : {}) } : handle(method, args);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
    })().catch(() => res.writeHead(500).end());
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, sock, head) => {
    wss.handleUpgrade(req, sock, head, (ws) => {
      socket = ws;
      ws.on("message", (data) => acks.push(JSON.parse(String(data)) as Record<string, unknown>));
      ws.send(JSON.stringify({ type: "hello", num_connections: 1 }));
      socketReady?.();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/api/`,
    origin,
    calls,
    messages,
    responses,
    acks,
    uploads,
    callsTo: (method) => calls.filter((c) => c.method === method),
    failNext(method, ...list) {
      failures.set(method, [...(failures.get(method) ?? []), ...list]);
    },
    hideChannel: (channel) => void hidden.add(channel),
    addUser: (user) => void users.set(user.id, user),
    channels: () => [...channels.values()].map((c) => ({ ...c, members: [...c.members] })),
    addChannel: (c) => void channels.set(c.id, { id: c.id, name: c.name, creator: c.creator, members: new Set(c.members ?? [c.creator]) }),
    files,
    socketConnected: () => socketPromise,
    sendEnvelope(envelope) {
      if (!socket) throw new Error("no Socket Mode client is connected");
      socket.send(JSON.stringify(envelope));
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      socketPromise = new Promise<void>((resolve) => (socketReady = resolve));
    },
  };
}

/** The views the fake opened, for assertions. */
export function openedViews(fake: FakeSlackApi): Record<string, unknown>[] {
  return fake.callsTo("views.open").map((c) => c.args.view as Record<string, unknown>);
}
