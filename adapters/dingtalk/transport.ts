import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import type { InboundSink } from "../../src/core/adapter.js";
import { isCryptoError } from "../../src/core/crypto/crypto-error.js";
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

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" ? value : Array.isArray(value) ? value[0] : undefined;
}

/** Mounts POST /dingtalk/events: verify the sign, refuse foreign bodies, drop replays, queue, answer 200. */
export async function mountRobotRoute(app: FastifyInstance, deps: RobotRouteDeps): Promise<void> {
  const { logger } = deps;
  await app.register(async (scope) => {
    scope.post(DINGTALK_EVENTS_PATH, { bodyLimit: BODY_LIMIT_BYTES }, async (request, reply) => {
      const verdict = verifyDingtalkRobotRequest({
        appSecret: deps.appSecret,
        timestamp: header(request, "timestamp"),
        sign: header(request, "sign"),
        nowMs: deps.now(),
        toleranceMs: SIGN_TOLERANCE_MS,
      });
      if (!verdict.ok) {
        logger.warn({ component: "dingtalk", reason: verdict.reason }, "robot callback refused: signature");
        return reply.code(401).send({ error: verdict.reason });
      }
      const decoded = readRobotMessage(request.body, deps.context());
      if (!decoded.ok) {
        logger.warn({ component: "dingtalk", reason: decoded.reason }, "robot callback refused: body");
        return reply.code(decoded.reason === "malformed" ? 400 : 403).send({ error: decoded.reason });
      }
      const event = decoded.event;
      if (!event) return reply.code(200).send();
      if (!deps.seen.add(event.dedupeKey, deps.now())) {
        logger.info({ component: "dingtalk" }, "robot callback replayed: dropped");
        return reply.code(200).send();
      }
      const sink = deps.sink();
      if (!sink) {
        deps.seen.delete(event.dedupeKey);
        return reply.code(503).send({ error: "not started" });
      }
      try {
        await sink(event);
      } catch (error) {
        deps.seen.delete(event.dedupeKey);
        logger.error({ component: "dingtalk", err: error }, "robot message could not be queued");
        return reply.code(500).send({ error: "not queued" });
      }
      return reply.code(200).send();
    });
  });
}

export interface EventRouteDeps {
  crypto: DingtalkEventCrypto;
  logger: Logger;
  now(): number;
}

/** Mounts POST /dingtalk/callback: verify and decrypt, answer the encrypted "success" (check_url included). */
export async function mountEventRoute(app: FastifyInstance, deps: EventRouteDeps): Promise<void> {
  const { logger } = deps;
  await app.register(async (scope) => {
    scope.post(DINGTALK_CALLBACK_PATH, { bodyLimit: BODY_LIMIT_BYTES }, async (request, reply) => {
      const params = readDingtalkCallbackParams(request.query as Record<string, unknown>, request.body);
      if (!params) return reply.code(400).send({ error: "missing signature parameters or encrypt" });
      let plaintext: string;
      try {
        plaintext = deps.crypto.decrypt(params);
      } catch (error) {
        if (!isCryptoError(error)) throw error;
        logger.warn({ component: "dingtalk", reason: error.code }, "event callback refused");
        return reply.code(error.httpStatus).send({ error: error.code });
      }
      // The signature covers the timestamp: refuse old captures replayed outside the robot callbacks' window.
      const sentAt = parseTimestamp(params.timestamp);
      const stale = sentAt === null ? "missing_header" : checkFreshness(sentAt, deps.now(), SIGN_TOLERANCE_MS);
      if (stale) return reply.code(401).send({ error: stale });
      let eventType = "";
      try {
        const parsed: unknown = JSON.parse(plaintext);
        if (typeof parsed === "object" && parsed !== null && "EventType" in parsed && typeof parsed.EventType === "string") eventType = parsed.EventType;
      } catch {
        return reply.code(400).send({ error: "the event is not JSON" });
      }
      logger.info({ component: "dingtalk", eventType }, "event callback received");
      return reply.code(200).send(deps.crypto.successReply({ nowMs: deps.now() }));
    });
  });
}
