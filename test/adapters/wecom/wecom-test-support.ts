import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { createWecomCrypto } from "../../../adapters/wecom/crypto.js";
import { createWecomAdapter, type WecomAdapterOptions } from "../../../adapters/wecom/index.js";
import type { ChatAdapter } from "../../../src/core/adapter.js";
import { field, vectorsFor } from "../crypto/crypto-test-support.js";

const [, sample] = vectorsFor("wecom_").find(([name]) => name === "wecom_decrypt_msg_official") ?? [];
if (!sample) throw new Error("the official WeCom Sample.py vector is missing");

/** The official Sample.py key set (token, EncodingAESKey, corp id), used as our test app's configuration. */
export const APP = {
  corpId: field(sample, "receive_id"),
  token: field(sample, "token"),
  encodingAesKey: field(sample, "encoding_aes_key"),
  agentId: "1000002",
  secret: "test-app-secret",
};

export const silent = pino({ level: "silent" });

/** A recorded payload under test/fixtures/wecom/. */
export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/wecom/${name}`, import.meta.url)), "utf8").trim();
}

export function jsonFixture(name: string): Record<string, unknown> {
  return JSON.parse(fixture(name)) as Record<string, unknown>;
}

let nonce = 0;

/**
 * Encrypts an inner XML as WeCom would (under `receiveId`, the corp id by default), signed now or `atMs`: the signed
 * query and the envelope.
 */
export function seal(innerXml: string, receiveId = APP.corpId, atMs = Date.now()): { query: Record<string, string>; body: string } {
  const crypto = createWecomCrypto({ token: APP.token, encodingAesKey: APP.encodingAesKey, receiveId });
  const timestamp = String(Math.floor(atMs / 1000));
  const n = `n${++nonce}${Math.random().toString(36).slice(2, 8)}`;
  const { encrypt, msgSignature } = crypto.encrypt(innerXml, { timestamp, nonce: n });
  return {
    query: { msg_signature: msgSignature, timestamp, nonce: n },
    body: `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><AgentID><![CDATA[${APP.agentId}]]></AgentID><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
  };
}

/** The inner XML of a text DM (what WeCom encrypts), with fields to vary. */
export function textXml(opts: { from?: string; content: string; msgId: string }): string {
  return (
    `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[${opts.from ?? "zhangsan"}]]></FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${opts.content}]]></Content>` +
    `<MsgId>${opts.msgId}</MsgId><AgentID>${APP.agentId}</AgentID></xml>`
  );
}

/** The inner XML of a template_card_event (a button click) with its ResponseCode. */
export function cardClickXml(opts: { from?: string; key: string; responseCode: string; createTime?: number; taskId?: string }): string {
  return (
    `<xml><ToUserName><![CDATA[${APP.corpId}]]></ToUserName><FromUserName><![CDATA[${opts.from ?? "zhangsan"}]]></FromUserName>` +
    `<CreateTime>${opts.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
    `<Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[${opts.key}]]></EventKey><TaskId><![CDATA[${opts.taskId ?? "rb-task"}]]></TaskId>` +
    `<CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[${opts.responseCode}]]></ResponseCode><AgentID>${APP.agentId}</AgentID></xml>`
  );
}

/** POSTs a sealed callback to a running server; returns status and body. */
export async function post(base: string, sealed: { query: Record<string, string>; body: string }): Promise<{ status: number; body: string }> {
  const response = await fetch(`${base}/wecom/callback?${new URLSearchParams(sealed.query).toString()}`, {
    method: "POST",
    headers: { "content-type": "text/xml" },
    body: sealed.body,
  });
  return { status: response.status, body: await response.text() };
}

/** The adapter configured with the test app's keys against `apiUrl`. */
export function testAdapter(overrides: Partial<WecomAdapterOptions> = {}): ChatAdapter {
  return createWecomAdapter({ ...APP, logger: silent, ...overrides });
}
