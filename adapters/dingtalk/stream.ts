import { networkInterfaces } from "node:os";
import type { Logger } from "pino";
import WebSocket from "ws";

// Stream Mode, our own client so the gateway URL is configurable (dingtalk-stream hard-codes it).
// Protocol: https://open.dingtalk.com/document/direction/stream-mode-protocol-access-description
// (github:open-dingtalk/developerpedia docs/learn/stream/protocol.md):
// 1. POST {gateway}/v1.0/gateway/connections/open {clientId, clientSecret, subscriptions, ua, localIp} → {endpoint, ticket};
//    the ticket is good for one connection, so every reconnect asks for a new one.
// 2. WebSocket {endpoint}?ticket=…
// 3. Frames {specVersion, type: SYSTEM|EVENT|CALLBACK, headers:{topic, messageId, …}, data:"<json>"}.
// 4. Ack {code:200, headers:{contentType, messageId}, message:"OK", data:"<json>"}; un-acked events are pushed again.
// 5. SYSTEM ping → echo it; SYSTEM disconnect → the server closes in ~10 s: connect anew at once.

export const GATEWAY_OPEN_PATH = "/v1.0/gateway/connections/open";
export const DEFAULT_GATEWAY_URL = "https://api.dingtalk.com";
/** Robot messages arrive on this CALLBACK topic. */
export const TOPIC_ROBOT = "/v1.0/im/bot/messages/get";
/** Interactive-card clicks arrive on this CALLBACK topic. */
export const TOPIC_CARD = "/v1.0/card/instances/callback";

/** The headers of a pushed frame; `messageId` is what the ack names. */
export interface StreamHeaders {
  topic: string;
  messageId: string;
  contentType?: string;
  time?: string;
  eventId?: string;
  eventType?: string;
  eventCorpId?: string;
  eventBornTime?: string;
}

/** One frame pushed by the gateway. */
export interface StreamFrame {
  type: "SYSTEM" | "EVENT" | "CALLBACK";
  headers: StreamHeaders;
  /** A JSON string. */
  data: string;
}

/** A subscription as the gateway takes it. */
export interface StreamSubscription {
  type: "EVENT" | "CALLBACK";
  topic: string;
}

/** Handles an EVENT/CALLBACK frame; resolves to the ack's data, or null to send no ack (the gateway may push again). */
export type StreamFrameHandler = (frame: StreamFrame) => Promise<Record<string, unknown> | null>;

export interface DingtalkStreamOptions {
  clientId: string;
  clientSecret: string;
  gatewayUrl?: string;
  subscriptions: StreamSubscription[];
  onFrame: StreamFrameHandler;
  logger: Logger;
  /** First reconnect delay, doubled per failed attempt up to `reconnectMaxMs` (defaults 1 s and 60 s). */
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** WebSocket ping interval that detects a dead TCP connection; 0 turns it off (default 30 s). */
  keepaliveMs?: number;
}

/** A running Stream connection that reconnects by itself until stopped. */
export interface DingtalkStream {
  start(): Promise<void>;
  stop(): Promise<void>;
  isConnected(): boolean;
}

/** The gateway refused to open a connection (bad credentials answer 4xx). */
export class StreamGatewayError extends Error {
  override readonly name = "StreamGatewayError";
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`DingTalk Stream gateway answered HTTP ${status}${detail ? `: ${detail.slice(0, 200)}` : ""}`);
  }
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Parses a pushed frame; null for anything that is not one. */
export function parseStreamFrame(raw: string): StreamFrame | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  const frame = record(parsed);
  const headers = record(frame?.headers);
  const type = frame?.type;
  if (!frame || !headers || (type !== "SYSTEM" && type !== "EVENT" && type !== "CALLBACK")) return null;
  const topic = str(headers.topic);
  const messageId = str(headers.messageId);
  if (!topic || messageId === undefined) return null;
  const optional = ["contentType", "time", "eventId", "eventType", "eventCorpId", "eventBornTime"] as const;
  const extra: Partial<StreamHeaders> = {};
  for (const name of optional) {
    const value = str(headers[name]);
    if (value !== undefined) extra[name] = value;
  }
  return { type, headers: { topic, messageId, ...extra }, data: str(frame.data) ?? "" };
}

/** The ack frame for `messageId` carrying `data`. */
export function ackFrame(messageId: string, data: Record<string, unknown>): string {
  return JSON.stringify({ code: 200, headers: { contentType: "application/json", messageId }, message: "OK", data: JSON.stringify(data) });
}

function localIp(): string {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) if (entry.family === "IPv4" && !entry.internal) return entry.address;
  }
  return "127.0.0.1";
}

/** Creates the Stream client; `start` resolves once the first connection is up (or rejects when the gateway refuses the credentials). */
export function createDingtalkStream(options: DingtalkStreamOptions): DingtalkStream {
  const { logger } = options;
  const gateway = (options.gatewayUrl ?? DEFAULT_GATEWAY_URL).replace(/\/+$/, "");
  const initialMs = options.reconnectInitialMs ?? 1000;
  const maxMs = options.reconnectMaxMs ?? 60_000;
  const keepaliveMs = options.keepaliveMs ?? 30_000;
  const sockets = new Set<WebSocket>();
  let current: WebSocket | null = null;
  let stopped = true;
  let attempt = 0;
  let timer: NodeJS.Timeout | null = null;

  const openTicket = async (): Promise<URL> => {
    let response: Response;
    try {
      response = await fetch(`${gateway}${GATEWAY_OPEN_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          subscriptions: options.subscriptions,
          ua: "rollout-bot/0.1 (stream-protocol)",
          localIp: localIp(),
        }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new Error(`DingTalk Stream gateway unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const raw = await response.text();
    if (!response.ok) throw new StreamGatewayError(response.status, raw);
    let body: Record<string, unknown> | null = null;
    try {
      body = record(JSON.parse(raw));
    } catch {
      body = null;
    }
    const endpoint = str(body?.endpoint);
    const ticket = str(body?.ticket);
    if (!endpoint || !ticket) throw new StreamGatewayError(response.status, "no endpoint or ticket in the answer");
    const url = new URL(endpoint);
    url.searchParams.set("ticket", ticket);
    return url;
  };

  const handle = (socket: WebSocket, frame: StreamFrame): void => {
    if (frame.type === "SYSTEM") {
      if (frame.headers.topic === "ping") {
        socket.send(JSON.stringify({ code: 200, headers: frame.headers, message: "OK", data: frame.data }));
      } else if (frame.headers.topic === "disconnect" && socket === current) {
        // The gateway closes this socket in ~10 s; open the next one now, and let in-flight acks leave on this one.
        logger.info({ component: "dingtalk-stream" }, "gateway asked to reconnect");
        current = null;
        schedule(0);
        setTimeout(() => socket.terminate(), 15_000).unref();
      }
      return;
    }
    options.onFrame(frame).then(
      (data) => {
        if (data && socket.readyState === WebSocket.OPEN) socket.send(ackFrame(frame.headers.messageId, data));
      },
      (error: unknown) => logger.error({ component: "dingtalk-stream", err: error, topic: frame.headers.topic }, "frame handler failed; not acknowledged"),
    );
  };

  const connect = async (): Promise<void> => {
    const url = await openTicket();
    const socket = new WebSocket(url);
    // Handlers go on before "open": a frame can arrive in the same read as the upgrade answer.
    let opened = false;
    let openedAt = 0;
    let alive = true;
    let keepalive: NodeJS.Timeout | null = null;
    socket.on("pong", () => (alive = true));
    socket.on("message", (data) => {
      alive = true;
      attempt = 0;
      const frame = parseStreamFrame(data.toString());
      if (frame) handle(socket, frame);
    });
    socket.on("close", () => {
      if (keepalive) clearInterval(keepalive);
      sockets.delete(socket);
      if (!opened || socket !== current) return;
      current = null;
      if (Date.now() - openedAt > 30_000) attempt = 0;
      if (!stopped) {
        logger.warn({ component: "dingtalk-stream" }, "connection closed; reconnecting");
        schedule();
      }
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("open", () => resolve());
        socket.once("error", reject);
        socket.once("unexpected-response", (_request, response) => reject(new StreamGatewayError(response.statusCode ?? 0, "WebSocket upgrade refused")));
      });
    } catch (error) {
      socket.on("error", () => undefined);
      socket.terminate();
      throw error;
    }
    socket.on("error", (error) => logger.warn({ component: "dingtalk-stream", err: error }, "WebSocket error"));
    if (stopped) {
      socket.close(1000);
      return;
    }
    opened = true;
    openedAt = Date.now();
    sockets.add(socket);
    current = socket;
    if (keepaliveMs > 0) {
      keepalive = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, keepaliveMs);
      keepalive.unref();
    }
    logger.info({ component: "dingtalk-stream" }, "connected");
  };

  const schedule = (delayMs?: number): void => {
    if (stopped || timer) return;
    const wait = delayMs ?? Math.min(maxMs, initialMs * 2 ** attempt) * (0.8 + Math.random() * 0.4);
    attempt++;
    timer = setTimeout(() => {
      timer = null;
      if (stopped || current) return;
      connect().catch((error: unknown) => {
        logger.warn({ component: "dingtalk-stream", err: error }, "reconnect failed");
        schedule();
      });
    }, wait);
  };

  return {
    async start() {
      stopped = false;
      attempt = 0;
      try {
        await connect();
      } catch (error) {
        if (error instanceof StreamGatewayError && error.status >= 400 && error.status < 500) {
          stopped = true;
          throw error;
        }
        logger.warn({ component: "dingtalk-stream", err: error }, "first connection failed; retrying in the background");
        schedule();
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      current = null;
      const closing = [...sockets].map(
        (socket) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) return resolve();
            socket.once("close", () => resolve());
            socket.close(1000);
            setTimeout(() => {
              socket.terminate();
              resolve();
            }, 2000).unref();
          }),
      );
      await Promise.all(closing);
      sockets.clear();
    },
    isConnected: () => current !== null && current.readyState === WebSocket.OPEN,
  };
}
