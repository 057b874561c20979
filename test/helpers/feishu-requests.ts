import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

// Builds webhook requests the way Feishu sends them, written independently of adapters/feishu/crypto.ts:
// body {"encrypt": base64(iv + AES-256-CBC(sha256(key), iv, PKCS#7(json)))},
// X-Lark-Signature = hex(sha256(timestamp + nonce + encryptKey + raw body)).

/** The verification token, tenant and bot every fixture in test/fixtures/feishu/ carries. */
export const FIXTURE_TOKEN = "rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV";
export const FIXTURE_TENANT = "2ca1d211f64f6438";
export const FIXTURE_BOT_OPEN_ID = "ou_bot0000000000000000000000000000";
export const FIXTURE_USER_OPEN_ID = "ou_84aad35d084aa403a838cf73ee18467";

type Json = Record<string, unknown>;

/** A fixture from test/fixtures/feishu/, parsed fresh (callers may change it). */
export function feishuFixture(name: string): Json {
  return JSON.parse(readFileSync(new URL(`../fixtures/feishu/${name}.json`, import.meta.url), "utf8")) as Json;
}

/** The fixture with its event fields replaced (shallow merge into `event`, and into `header`). */
export function withEvent(envelope: Json, event: Json, header: Json = {}): Json {
  return { ...envelope, header: { ...(envelope.header as Json), ...header }, event: { ...(envelope.event as Json), ...event } };
}

/** An im.message.receive_v1 envelope (from the p2p fixture) with its own ids and text. */
export function textMessage(text: string, ids: { messageId: string; chatType?: "p2p" | "group"; openId?: string; mentions?: unknown[] }): Json {
  const base = feishuFixture("message-p2p");
  const event = base.event as Json;
  const message = event.message as Json;
  const sender = event.sender as Json;
  return {
    ...base,
    header: { ...(base.header as Json), event_id: `ev_${ids.messageId}` },
    event: {
      sender: { ...sender, sender_id: { ...(sender.sender_id as Json), open_id: ids.openId ?? FIXTURE_USER_OPEN_ID } },
      message: {
        ...message,
        message_id: ids.messageId,
        chat_type: ids.chatType ?? "p2p",
        content: JSON.stringify({ text }),
        ...(ids.mentions ? { mentions: ids.mentions } : {}),
      },
    },
  };
}

/** Encrypts a plaintext as Feishu does; `pad` replaces PKCS#7 with hand-made padding bytes (for negative tests). */
export function encryptAsFeishu(encryptKey: string, plaintext: string, pad?: Buffer): string {
  const key = createHash("sha256").update(encryptKey, "utf8").digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  if (!pad) return Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
  cipher.setAutoPadding(false);
  return Buffer.concat([iv, cipher.update(Buffer.concat([Buffer.from(plaintext, "utf8"), pad])), cipher.final()]).toString("base64");
}

/** The body Feishu posts when an Encrypt Key is configured. */
export function encryptedBody(payload: unknown, encryptKey: string): string {
  return JSON.stringify({ encrypt: encryptAsFeishu(encryptKey, JSON.stringify(payload)) });
}

export interface SignedRequest {
  headers: Record<string, string>;
  body: string;
}

/** Signs a raw body: X-Lark-Request-Timestamp (seconds), X-Lark-Request-Nonce, X-Lark-Signature. */
export function signed(body: string, encryptKey: string, options: { timestampSec?: number; nonce?: string } = {}): SignedRequest {
  const timestamp = String(options.timestampSec ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(8).toString("hex");
  const signature = createHash("sha256").update(`${timestamp}${nonce}${encryptKey}`, "utf8").update(body, "utf8").digest("hex");
  return {
    body,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-lark-request-timestamp": timestamp,
      "x-lark-request-nonce": nonce,
      "x-lark-signature": signature,
    },
  };
}

/** POSTs a request to the bot's webhook and reads the answer. */
export async function postTo(url: string, request: SignedRequest): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, { method: "POST", headers: request.headers, body: request.body });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json };
}
