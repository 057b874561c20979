import type { WSClient, Logger as SdkLogger } from "@wecom/aibot-node-sdk";
import type { Logger } from "pino";
import { DeliveryError } from "../../src/core/delivery-error.js";
import { WecomApiError, WecomTransportError } from "./client.js";

// The AI bot (智能机器人) over its long connection, through the official SDK (@wecom/aibot-node-sdk):
// auth frame aibot_subscribe, ping every 30 s, inbound aibot_msg_callback / aibot_event_callback, outbound
// aibot_send_msg (proactive push to a userid or chatid). https://developer.work.weixin.qq.com/document/path/101463

/** The AI bot's credentials and, for tests, where its long connection goes. */
export interface AibotOptions {
  botId: string;
  secret: string;
  /** Defaults to the SDK's wss://openws.work.weixin.qq.com. */
  wsUrl?: string;
}

/** One AI bot connection: inbound bodies to a callback, markdown pushes out. */
export interface AibotChannel {
  /** Connects and waits (up to `authTimeoutMs`) for the auth answer; the SDK keeps reconnecting afterwards. */
  start(onBody: (body: unknown) => void): Promise<void>;
  stop(): Promise<void>;
  /** Pushes markdown to a chat id (group) or user id (single chat) with aibot_send_msg. */
  sendMarkdown(chatId: string, content: string): Promise<void>;
}

/** The SDK logs frames (message bodies) at debug level and in some warnings; keep only the words before any JSON. */
function sdkLogger(logger: Logger): SdkLogger {
  const clean = (message: string): string => message.replace(/[{[][\s\S]*$/, "…").slice(0, 200);
  return {
    debug: () => undefined,
    info: (message) => logger.debug({ component: "wecom-aibot" }, clean(message)),
    warn: (message) => logger.warn({ component: "wecom-aibot" }, clean(message)),
    error: (message) => logger.error({ component: "wecom-aibot" }, clean(message)),
  };
}

function ackError(reason: unknown): Error {
  if (typeof reason === "object" && reason !== null && "errcode" in reason) {
    const { errcode, errmsg } = reason as { errcode: unknown; errmsg?: unknown };
    if (typeof errcode === "number") return new WecomApiError("aibot_send_msg", errcode, typeof errmsg === "string" ? errmsg : "");
  }
  return new WecomTransportError("aibot_send_msg", reason instanceof Error ? reason.message : "no acknowledgement");
}

/** Creates the AI bot channel (not connected until `start`). */
export function createAibotChannel(options: AibotOptions & { logger: Logger; authTimeoutMs?: number }): AibotChannel {
  // The SDK is loaded when the channel starts, so a replica without the AI bot does not carry it (about 14 MB of RSS).
  let client: WSClient | null = null;
  const open = async (): Promise<WSClient> => {
    const { WSClient } = await import("@wecom/aibot-node-sdk");
    const opened = new WSClient({
      botId: options.botId,
      secret: options.secret,
      ...(options.wsUrl ? { wsUrl: options.wsUrl } : {}),
      maxReconnectAttempts: -1,
      logger: sdkLogger(options.logger),
    });
    opened.on("error", (error) => options.logger.warn({ component: "wecom-aibot", reason: error.message.replace(/[{[][\s\S]*$/, "…") }, "AI bot connection error"));
    opened.on("disconnected", (reason) => options.logger.info({ component: "wecom-aibot", reason }, "AI bot disconnected"));
    return opened;
  };
  let started = false;

  return {
    async start(onBody) {
      client ??= await open();
      const connection = client;
      connection.on("message", (frame) => onBody(frame.body));
      connection.on("event", (frame) => onBody(frame.body));
      const authenticated = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), options.authTimeoutMs ?? 10_000);
        timer.unref();
        connection.once("authenticated", () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      connection.connect();
      started = true;
      if (!(await authenticated)) options.logger.warn({ component: "wecom-aibot" }, "AI bot not authenticated yet; the SDK keeps retrying (check WECOM_AIBOT_ID / WECOM_AIBOT_SECRET)");
    },
    async stop() {
      if (started) client?.disconnect();
      started = false;
      client?.removeAllListeners();
      client = null;
    },
    async sendMarkdown(chatId, content) {
      if (!client?.isConnected) throw DeliveryError.retry("the WeCom AI bot long connection is not up");
      try {
        await client.sendMessage(chatId, { msgtype: "markdown", markdown: { content } });
      } catch (reason) {
        throw ackError(reason);
      }
    },
  };
}
