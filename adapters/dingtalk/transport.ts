import type { IncomingHttpHeaders } from "node:http";
import type { Logger } from "pino";
import type { InboundSink } from "../../src/core/adapter.js";
import type { DirectReply, DirectRequest, DirectRoute } from "../../src/core/direct-route.js";
import { isCryptoError } from "../../src/core/crypto/crypto-error.js";
import { QueueUnavailable } from "../../src/core/ingest.js";
import { checkFreshness, parseTimestamp } from "../../src/core/crypto/request-check.js";
import { readDingtalkCallbackParams, verifyDingtalkRobotRequest, type DingtalkEventCrypto } from "./crypto.js";
import { readRobotMessage, type DingtalkInboundContext } from "./inbound.js";
import type { RecentIds } from "./recent-ids.js";

// HTTP mode. Robot callbacks (https://open.dingtalk.com/document/orgapp/receive-message) carry headers `timestamp` (ms)
// and `sign` = base64(HmacSHA256(appSecret, timestamp + "\n" + appSecret)), checked within ±1 h. The signature does
// not cover the body, so a captured (timestamp, sign) pair could carry any body for an hour: we also refuse bodies for
// another robot or corp, and drop a msgId seen before. HTTP event subscriptions (POST /dingtalk/callback) use the
// WXBizMsgCrypt scheme with the app key as owner key and are answered with the encrypted "success"
// (https://github.com/open-dingtalk/DingTalk-Callback-Crypto).

/** Configure `https://<host>/dingtalk/events` as the robot's message receiving URL (消息接收地址). */
export const DINGTALK_EVENTS_PATH = "/dingtalk/events";
/** Configure `https://<host>/dingtalk/callback` as the app's HTTP event subscription URL. */
export const DINGTALK_CALLBACK_PATH = "/dingtalk/callback";
/** The robot-callback signature window, both ways. */
export const SIGN_TOLERANCE_MS = 3_600_000;
const BODY_LIMIT_BYTES = 64 * 1024;

export interface RobotRouteDeps {
  appSecret: string;
  context(): DingtalkInboundContext;
  /** The runtime's sink once started; null before (answered 503). */
  sink(): InboundSink | null;
  /** msgIds seen within the signature window. */
  seen: RecentIds;
  logger: Logger;
  now(): number;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" ? value : Array.isArray(value) ? value[0] : undefined;
}

/** The body as the routes always read it: JSON (or plain text as a string); anything else is refused as the web framework did. */
export function readBody(request: DirectRequest): { ok: true; body: unknown } | { ok: false; reply: DirectReply } {
  const type = (header(request.headers, "content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (request.body.length === 0 && type === "") return { ok: true, body: undefined };
  if (type === "text/plain") return { ok: true, body: request.body.toString("utf8") };
  if (type !== "application/json" && !type.endsWith("+json")) return { ok: false, reply: { status: 415, json: { error: "unsupported_media_type" } } };
  try {
    return { ok: true, body: JSON.parse(request.body.toString("utf8")) as unknown };
  } catch {
    return { ok: false, reply: { status: 400, json: { error: "the body is not JSON" } } };
  }
}

/** POST /dingtalk/events: verify the sign, refuse foreign bodies, drop replays, queue, answer 200. */
export function robotRoute(deps: RobotRouteDeps): DirectRoute {
  const { logger } = deps;
  return {
    method: "POST",
    path: DINGTALK_EVENTS_PATH,
    bodyLimit: BODY_LIMIT_BYTES,
    async handle(request): Promise<DirectReply> {
      const read = readBody(request);
      if (!read.ok) return read.reply;
      const verdict = verifyDingtalkRobotRequest({
        appSecret: deps.appSecret,
        timestamp: header(request.headers, "timestamp"),
        sign: header(request.headers, "sign"),
        nowMs: deps.now(),
        toleranceMs: SIGN_TOLERANCE_MS,
      });
      if (!verdict.ok) {
        logger.warn({ component: "dingtalk", reason: verdict.reason }, "robot callback refused: signature");
        return { status: 401, json: { error: verdict.reason } };
      }
      const decoded = readRobotMessage(read.body, deps.context());
      if (!decoded.ok) {
        logger.warn({ component: "dingtalk", reason: decoded.reason }, "robot callback refused: body");
        return { status: decoded.reason === "malformed" ? 400 : 403, json: { error: decoded.reason } };
      }
      const event = decoded.event;
      if (!event) return { status: 200 };
      if (!deps.seen.add(event.dedupeKey, deps.now())) {
        logger.info({ component: "dingtalk" }, "robot callback replayed: dropped");
        return { status: 200 };
      }
      const sink = deps.sink();
      if (!sink) {
        deps.seen.delete(event.dedupeKey);
        return { status: 503, json: { error: "not started" } };
      }
      try {
        await sink(event);
      } catch (error) {
        deps.seen.delete(event.dedupeKey);
        logger.error({ component: "dingtalk", err: error }, "robot message could not be queued");
        return { status: error instanceof QueueUnavailable ? 503 : 500, json: { error: "not queued" } };
      }
      return { status: 200 };
    },
  };
}

export interface EventRouteDeps {
  crypto: DingtalkEventCrypto;
  logger: Logger;
  now(): number;
}

/** POST /dingtalk/callback: verify and decrypt, answer the encrypted "success" (check_url included). */
export function eventRoute(deps: EventRouteDeps): DirectRoute {
  const { logger } = deps;
  return {
    method: "POST",
    path: DINGTALK_CALLBACK_PATH,
    bodyLimit: BODY_LIMIT_BYTES,
    async handle(request): Promise<DirectReply> {
      const read = readBody(request);
      if (!read.ok) return read.reply;
      const params = readDingtalkCallbackParams(request.query, read.body);
      if (!params) return { status: 400, json: { error: "missing signature parameters or encrypt" } };
      let plaintext: string;
      try {
        plaintext = deps.crypto.decrypt(params);
      } catch (error) {
        if (!isCryptoError(error)) throw error;
        logger.warn({ component: "dingtalk", reason: error.code }, "event callback refused");
        return { status: error.httpStatus, json: { error: error.code } };
      }
      // The signature covers the timestamp: refuse old captures replayed outside the robot callbacks' window.
      const sentAt = parseTimestamp(params.timestamp);
      const stale = sentAt === null ? "missing_header" : checkFreshness(sentAt, deps.now(), SIGN_TOLERANCE_MS);
      if (stale) return { status: 401, json: { error: stale } };
      let eventType = "";
      try {
        const parsed: unknown = JSON.parse(plaintext);
        if (typeof parsed === "object" && parsed !== null && "EventType" in parsed && typeof parsed.EventType === "string") eventType = parsed.EventType;
      } catch {
        return { status: 400, json: { error: "the event is not JSON" } };
      }
      logger.info({ component: "dingtalk", eventType }, "event callback received");
      return { status: 200, json: { ...deps.crypto.successReply({ nowMs: deps.now() }) } };
    },
  };
}
