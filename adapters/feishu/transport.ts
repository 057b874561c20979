import type { Logger } from "pino";
import type { DirectReply, DirectRoute } from "../../src/core/direct-route.js";
import { decodeUtf8Strict } from "../../src/core/crypto/codec.js";
import { isCryptoError } from "../../src/core/crypto/crypto-error.js";
import { QueueUnavailable } from "../../src/core/ingest.js";
import { safeEqual } from "../../src/core/crypto/request-check.js";
import { decryptFeishu, verifyFeishuRequest } from "./crypto.js";

// Webhook transport ("将事件发送至开发者服务器"): verify on the raw bytes before anything else, then decrypt,
// then check the verification token, then answer url_verification or hand the event on. Feishu wants 200 within 3 s
// (the challenge within 1 s) and re-pushes on failure, so refusals write nothing and the event path only enqueues.
// https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
// https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case

/** Where Feishu posts events and card callbacks. */
export const FEISHU_EVENTS_PATH = "/feishu/events";

/** The app's webhook secrets (Developer Console → Events & Callbacks → Encryption Strategy). */
export interface FeishuWebhookSecrets {
  encryptKey?: string;
  verificationToken?: string;
}

type Json = Record<string, unknown>;

/** A verified, decrypted request body, or why it was refused (and with which status). */
export type OpenedFeishuRequest = { ok: true; payload: Json } | { ok: false; status: 400 | 401; reason: string };

const asObject = (value: unknown): Json | undefined => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined);

function parseObject(text: string): Json | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/**
 * Checks one webhook request in order: signature and timestamp over the raw bytes (when an encrypt key is set),
 * JSON, decryption (an unencrypted body is refused when a key is set), then the verification token.
 */
export function openFeishuRequest(input: {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  secrets: FeishuWebhookSecrets;
  nowMs: number;
}): OpenedFeishuRequest {
  const { encryptKey, verificationToken } = input.secrets;
  const header = (name: string): string | undefined => {
    const value = input.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  if (encryptKey) {
    const verdict = verifyFeishuRequest({
      encryptKey,
      timestamp: header("x-lark-request-timestamp"),
      nonce: header("x-lark-request-nonce"),
      signature: header("x-lark-signature"),
      rawBody: input.rawBody,
      nowMs: input.nowMs,
    });
    if (!verdict.ok) return { ok: false, status: 401, reason: `signature check failed: ${verdict.reason}` };
  }
  let body: Json | undefined;
  try {
    body = parseObject(decodeUtf8Strict(input.rawBody, "body"));
  } catch {
    body = undefined;
  }
  if (!body) return { ok: false, status: 400, reason: "the body is not a JSON object" };
  let payload = body;
  if (encryptKey) {
    if (typeof body.encrypt !== "string") return { ok: false, status: 400, reason: "unencrypted body refused: an encrypt key is configured" };
    try {
      const opened = parseObject(decryptFeishu(encryptKey, body.encrypt));
      if (!opened) return { ok: false, status: 400, reason: "the decrypted body is not a JSON object" };
      payload = opened;
    } catch (error) {
      if (!isCryptoError(error)) throw error;
      return { ok: false, status: error.httpStatus === 401 ? 401 : 400, reason: `decryption failed: ${error.code}` };
    }
  } else if (typeof body.encrypt === "string") {
    return { ok: false, status: 400, reason: "encrypted body, but FEISHU_ENCRYPT_KEY is not configured" };
  }
  if (verificationToken) {
    const token = payload.type === "url_verification" ? payload.token : (asObject(payload.header)?.token ?? payload.token);
    if (typeof token !== "string" || !safeEqual(token, verificationToken)) return { ok: false, status: 401, reason: "wrong verification token" };
  }
  return { ok: true, payload };
}

/** What the route needs from the adapter. */
export interface FeishuWebhookDeps {
  secrets: FeishuWebhookSecrets;
  now: () => number;
  logger: Logger;
  /** Decodes and hands the event to the sink; resolves to the body of the 200 answer. */
  handle(payload: Json): Promise<Json>;
}

/** POST /feishu/events, answered on the raw bytes whatever the content type. */
export function feishuWebhookRoute(deps: FeishuWebhookDeps): DirectRoute {
  return {
    method: "POST",
    path: FEISHU_EVENTS_PATH,
    async handle(request): Promise<DirectReply> {
      const opened = openFeishuRequest({ rawBody: request.body, headers: request.headers, secrets: deps.secrets, nowMs: deps.now() });
      if (!opened.ok) {
        deps.logger.warn({ status: opened.status, reason: opened.reason }, "feishu request refused");
        return { status: opened.status, json: { error: opened.reason } };
      }
      if (opened.payload.type === "url_verification") return { status: 200, json: { challenge: opened.payload.challenge } };
      try {
        return { status: 200, json: await deps.handle(opened.payload) };
      } catch (error) {
        deps.logger.error({ err: error }, "feishu event could not be queued; Feishu will re-push it");
        return { status: error instanceof QueueUnavailable ? 503 : 500, json: { error: "try again" } };
      }
    },
  };
}
