import type { Logger } from "pino";
import type { InboundEvent, InboundSink } from "../../src/core/adapter.js";
import type { DirectReply, DirectRoute } from "../../src/core/direct-route.js";
import { isCryptoError } from "../../src/core/crypto/crypto-error.js";
import { checkFreshness, parseTimestamp } from "../../src/core/crypto/request-check.js";
import { readWecomXmlEncrypt, type WecomCrypto } from "./crypto.js";
import { appCallbackToEvent } from "./inbound.js";
import { declaresDtd, parseWecomXml, XmlRefused } from "./xml.js";

// The self-built app's callback URL (https://developer.work.weixin.qq.com/document/path/90930 and /90238):
// GET verifies the URL (decrypt echostr, answer its plaintext); POST delivers an encrypted XML envelope.
// WeCom waits 5 s, then retries 3 times; we answer an empty 200 once the event is queued, and a 500 (so that WeCom
// retries) when the queue did not take it within the ingest's budget. A POST signed more than FRESHNESS_MS from now
// is refused like a forged one: a captured callback cannot be replayed once its dedupe key is forgotten.

/** Where WeCom calls us; configure `https://<host>/wecom/callback` as the app's 接收消息 URL. */
export const WECOM_CALLBACK_PATH = "/wecom/callback";
/** How far a callback's signed timestamp may be from now, either way (as Slack, Feishu and DingTalk allow). */
export const FRESHNESS_MS = 5 * 60 * 1000;
const BODY_LIMIT_BYTES = 64 * 1024;

/** A callback we refuse, with the status to answer (401: not from WeCom, 400: malformed, 500: our config). */
export class CallbackRefused extends Error {
  override readonly name = "CallbackRefused";
  constructor(
    readonly status: 400 | 401 | 500,
    reason: string,
  ) {
    super(reason);
  }
}

/** The signed query parameters of a callback request. */
export interface CallbackQuery {
  msg_signature?: unknown;
  timestamp?: unknown;
  nonce?: unknown;
  echostr?: unknown;
}

function param(query: CallbackQuery, name: keyof CallbackQuery): string {
  const value = query[name];
  if (typeof value !== "string" || value.length === 0) throw new CallbackRefused(400, `query parameter ${name} is missing`);
  return value;
}

function signed(query: CallbackQuery): { msgSignature: string; timestamp: string; nonce: string } {
  return { msgSignature: param(query, "msg_signature"), timestamp: param(query, "timestamp"), nonce: param(query, "nonce") };
}

function refusedFrom(error: unknown): CallbackRefused {
  if (error instanceof CallbackRefused) return error;
  if (isCryptoError(error)) return new CallbackRefused(error.httpStatus, `${error.code}: ${error.message}`);
  if (error instanceof XmlRefused) return new CallbackRefused(400, error.message);
  throw error;
}

/** Answers the URL check: the decrypted echostr (its receive id checked against the corp id). Throws CallbackRefused. */
export function verifyCallbackUrl(crypto: WecomCrypto, query: CallbackQuery): string {
  try {
    return crypto.verifyUrl({ ...signed(query), echostr: param(query, "echostr") });
  } catch (error) {
    throw refusedFrom(error);
  }
}

/** Verifies, decrypts and parses a POSTed callback into its inner XML fields. Throws CallbackRefused. */
export function openAppCallback(crypto: WecomCrypto, query: CallbackQuery, body: unknown): Record<string, string> {
  try {
    const params = signed(query);
    if (typeof body !== "string" || body.length === 0) throw new CallbackRefused(400, "the body is not an XML envelope");
    if (declaresDtd(body)) throw new CallbackRefused(400, "a DTD or entity declaration is not allowed");
    const encrypt = readWecomXmlEncrypt(body);
    if (!encrypt) throw new CallbackRefused(400, "the envelope has no <Encrypt>");
    return parseWecomXml(crypto.decrypt({ ...params, encrypt }));
  } catch (error) {
    throw refusedFrom(error);
  }
}

/** Refuses a signed timestamp (seconds) more than FRESHNESS_MS away from now. Throws CallbackRefused (401). */
export function checkCallbackFreshness(query: CallbackQuery, nowMs: number): void {
  const seconds = parseTimestamp(typeof query.timestamp === "string" ? query.timestamp : undefined);
  const refused = seconds === null ? "stale" : checkFreshness(seconds * 1000, nowMs, FRESHNESS_MS);
  if (refused) throw new CallbackRefused(401, `${refused}: the request was not signed within 5 minutes of now`);
}

/** What the callback routes need: crypto, the app's ids, and the sink once started. */
export interface CallbackRouteDeps {
  /** The wall clock in ms (the freshness check). */
  now(): number;
  crypto: WecomCrypto;
  corpId: string;
  agentId: string;
  /** The runtime's sink once the adapter has started; null before (the request is refused with 503 and retried). */
  sink(): InboundSink | null;
  logger: Logger;
}

/** WeCom reads our answers as plain text: the echostr, or an empty body. */
const plainText = (status: number, text: string): DirectReply => ({ status, text, contentType: "text/plain; charset=utf-8" });

function refuse(logger: Logger, refused: CallbackRefused, method: string): DirectReply {
  logger.warn({ component: "wecom", method, status: refused.status, reason: refused.message }, "WeCom callback refused");
  return plainText(refused.status, refused.status === 500 ? "server misconfigured" : (refused.message.split(":")[0] ?? ""));
}

/** Queues the event: true once it is durably queued; false (WeCom retries, deduped) when it was not. */
async function queued(sink: InboundSink, event: InboundEvent, logger: Logger): Promise<boolean> {
  try {
    await sink(event);
    return true;
  } catch (error) {
    logger.error({ component: "wecom", err: error }, "WeCom event could not be queued");
    return false;
  }
}

/** GET (URL check) and POST (events) /wecom/callback: raw-string bodies, a small body limit, plain-text answers. */
export function wecomCallbackRoutes(deps: CallbackRouteDeps): DirectRoute[] {
  const { logger } = deps;
  return [
    {
      method: "GET",
      path: WECOM_CALLBACK_PATH,
      async handle(request) {
        try {
          return plainText(200, verifyCallbackUrl(deps.crypto, request.query as CallbackQuery));
        } catch (error) {
          return refuse(logger, refusedFrom(error), "GET");
        }
      },
    },
    {
      method: "POST",
      path: WECOM_CALLBACK_PATH,
      bodyLimit: BODY_LIMIT_BYTES,
      async handle(request) {
        let fields: Record<string, string>;
        try {
          fields = openAppCallback(deps.crypto, request.query as CallbackQuery, request.body.toString("utf8"));
          checkCallbackFreshness(request.query as CallbackQuery, deps.now());
        } catch (error) {
          return refuse(logger, refusedFrom(error), "POST");
        }
        const event = appCallbackToEvent(fields, { corpId: deps.corpId, agentId: deps.agentId, receivedAt: new Date().toISOString() });
        if (event) {
          const sink = deps.sink();
          if (!sink) return plainText(503, "not started");
          if (!(await queued(sink, event, logger))) return plainText(500, "");
        }
        return plainText(200, "");
      },
    },
  ];
}
