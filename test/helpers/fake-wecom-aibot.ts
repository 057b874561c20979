import { WebSocketServer, type WebSocket } from "ws";
import { startFakeWecomFiles, type FakeWecomFiles, type FileBehaviour } from "./fake-wecom-files.js";

// A fake of the WeCom AI bot's long connection (wss://openws.work.weixin.qq.com) on 127.0.0.1, speaking the frames
// the official SDK sends and expects: aibot_subscribe → {errcode 0}, ping → ack, aibot_send_msg → ack;
// and pushing aibot_msg_callback / aibot_event_callback frames to the connected bot. File messages point at a fake
// file host (fake-wecom-files.ts) that serves the content encrypted under the message's aeskey, as WeCom does.

export interface FakeAibot {
  readonly url: string;
  /** Bodies of the aibot_send_msg frames received (chatid, msgtype, markdown…). */
  readonly sent: Record<string, unknown>[];
  /** Resolves once a client has authenticated with the right bot id and secret. */
  authenticated(): Promise<void>;
  /** Pushes a message body to the bot as aibot_msg_callback (or aibot_event_callback when msgtype is "event"). */
  push(body: Record<string, unknown>): void;
  /** The host file messages' urls point to. */
  readonly files: FakeWecomFiles;
  /**
   * Registers a file and pushes a single-chat file message for it (path/100719 文件消息: msgtype "file",
   * file {url, aeskey}; no name, no text). Returns the pushed body.
   */
  pushFile(file: { from: string; name: string; content: Buffer | string; msgid?: string; ttlMs?: number } & FileBehaviour): Record<string, unknown>;
  close(): Promise<void>;
}

/** Starts the fake on a free port. */
export async function startFakeAibot(options: { botId: string; secret: string }): Promise<FakeAibot> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const files = await startFakeWecomFiles();
  const sent: Record<string, unknown>[] = [];
  let client: WebSocket | null = null;
  let onAuth: (() => void) | null = null;
  let authed = false;
  let pushes = 0;

  server.on("connection", (socket) => {
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data)) as { cmd?: string; headers?: { req_id?: string }; body?: Record<string, unknown> };
      const headers = { req_id: frame.headers?.req_id ?? "" };
      if (frame.cmd === "aibot_subscribe") {
        const ok = frame.body?.bot_id === options.botId && frame.body?.secret === options.secret;
        socket.send(JSON.stringify({ headers, errcode: ok ? 0 : 40001, errmsg: ok ? "ok" : "invalid credential" }));
        if (ok) {
          client = socket;
          authed = true;
          onAuth?.();
        }
        return;
      }
      if (frame.cmd === "aibot_send_msg") sent.push(frame.body ?? {});
      socket.send(JSON.stringify({ headers, errcode: 0, errmsg: "ok" }));
    });
  });

  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const push = (body: Record<string, unknown>): void => {
    if (!client) throw new Error("no AI bot client is connected");
    const cmd = body.msgtype === "event" ? "aibot_event_callback" : "aibot_msg_callback";
    client.send(JSON.stringify({ cmd, headers: { req_id: `push_${++pushes}` }, body }));
  };
  return {
    url: `ws://127.0.0.1:${port}`,
    sent,
    authenticated: () => (authed ? Promise.resolve() : new Promise<void>((resolve) => (onAuth = resolve))),
    push,
    files,
    pushFile({ from, msgid, ...file }) {
      const body = {
        msgid: msgid ?? `file_${pushes + 1}_${Date.now()}`,
        aibotid: options.botId,
        chattype: "single",
        from: { userid: from },
        create_time: Math.floor(Date.now() / 1000),
        msgtype: "file",
        file: files.add(file),
      };
      push(body);
      return body;
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        for (const socket of server.clients) socket.terminate();
        server.close(() => resolve());
      });
      await files.close();
    },
  };
}
