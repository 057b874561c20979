import type { Attachment } from "../../src/core/adapter.js";
import { AttachmentError, downloadFailure, isFollowableLink, problemOfStatus, readLimitedBody } from "../../src/core/attachments.js";
import { FeishuApiError, isTokenRefused, QUOTA_EXHAUSTED, type FeishuClient } from "./client.js";

// A file a person sent the bot (inbound.ts keeps the message's message_id and the content's file_key):
// GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=file, Authorization: Bearer tenant_access_token,
// answers the bytes (Content-Type names the type), at most 100 MB, when the bot is in the message's chat.
// https://open.feishu.cn/document/server-docs/im-v1/message/get-2 (获取消息中的资源文件) — any one of the scopes
// im:message, im:message:readonly, im:message.history:readonly; 234043 for a merged-forward or card message.
// Failures are JSON {code, msg}: 99991672 "Access denied. One of the following scopes is required: [...]"
// (https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-fix-the-99991672-error);
// 234002 / 14005 "cannot access the resource, or it was deleted" (larksuite/cli skills/lark-im messages-resources-download).
// Codes marked [unverified] below are from memory of the page's error table, not re-read.

/** The scope an admin grants so the bot can read the files people send it (any of the three listed will do). */
const RESOURCE_SCOPE = "im:message:readonly";
const RESOURCE_SCOPES = "im:message, im:message:readonly, im:message.history:readonly";
const DEFAULT_TIMEOUT_MS = 30_000;
const ERROR_BODY_BYTES = 16_384;
const MAX_REDIRECTS = 3;

/** The message or file is gone, or this message type has no downloadable file. */
const GONE = new Set([234002, 234003, 234043, 14005]);
/** The file is larger than the API serves (100 MB) [unverified]. */
const TOO_LARGE = new Set([234006, 234037]);
/** Missing scope, as app (99991672) or user (99991679). */
const NO_SCOPE = new Set([99991672, 99991679]);
/** The bot is not in the message's chat [unverified: 234004 "App not in chat."]. */
const NOT_IN_CHAT = 234004;
/** The app's bot capability is off [unverified: 234007]. */
const NO_BOT = 234007;
const RATE_LIMITED = new Set([99991400]);

export interface FeishuDownloaderOptions {
  client: FeishuClient;
  fetch?: typeof fetch;
  /** For the whole download, body included. */
  timeoutMs?: number;
}

/** Downloads one attachment of a message the bot received, at most `maxBytes`. */
export type FeishuDownloader = (attachment: Attachment, options: { maxBytes: number }) => Promise<Buffer>;

interface FeishuError {
  status: number;
  code?: number;
  msg?: string;
}

function scopesIn(msg: string | undefined): string {
  return /\[([^\]]+)\]/.exec(msg ?? "")?.[1]?.trim() || RESOURCE_SCOPES;
}

/** What a refused download means for the person who sent the file. */
export function resourceError(e: FeishuError): AttachmentError {
  const said = `HTTP ${e.status}${e.code !== undefined ? `, code ${e.code}` : ""}${e.msg ? ` ${e.msg.slice(0, 200)}` : ""}`;
  const { code } = e;
  if (code !== undefined && NO_SCOPE.has(code)) {
    return new AttachmentError("forbidden", `the app lacks one of the scopes ${scopesIn(e.msg)} (${said}); add ${RESOURCE_SCOPE} under 权限管理 in the Feishu developer console and publish a new version`);
  }
  if (code === NOT_IN_CHAT) return new AttachmentError("forbidden", `the bot is not in the chat the file was sent in (${said})`);
  if (code === NO_BOT) return new AttachmentError("forbidden", `the app's bot capability is off (${said}); enable 机器人 in the Feishu developer console`);
  if (isTokenRefused(code)) return new AttachmentError("forbidden", `Feishu refused the tenant_access_token twice (${said}); check FEISHU_APP_ID and FEISHU_APP_SECRET`);
  if (code !== undefined && GONE.has(code)) return new AttachmentError("unavailable", `the file is gone or cannot be read from this message (${said})`);
  if (code !== undefined && TOO_LARGE.has(code)) return new AttachmentError("too_large", `Feishu serves files up to 100 MB (${said})`);
  if (code === QUOTA_EXHAUSTED) return new AttachmentError("failed", `monthly API quota used up (${said})`);
  if ((code !== undefined && RATE_LIMITED.has(code)) || e.status === 429 || e.status >= 500) return new AttachmentError("failed", `Feishu is not answering now (${said})`);
  if (code === undefined) return new AttachmentError(problemOfStatus(e.status), `the download was refused (${said})`);
  return new AttachmentError("failed", `the download was refused (${said})`);
}

/** A token that could not be had: credentials refused (fatal) or Feishu not answering. */
function tokenError(error: unknown): AttachmentError {
  if (error instanceof FeishuApiError && error.kind === "fatal" && error.code !== QUOTA_EXHAUSTED) {
    return new AttachmentError("forbidden", `no tenant_access_token: ${error.reason}; check FEISHU_APP_ID and FEISHU_APP_SECRET`);
  }
  return new AttachmentError("failed", `no tenant_access_token: ${error instanceof Error ? error.message : String(error)}`);
}

async function readError(response: Response): Promise<FeishuError> {
  let text = "";
  try {
    text = (await readLimitedBody(response, ERROR_BODY_BYTES)).toString("utf8");
  } catch {
    text = "";
  }
  try {
    const json = JSON.parse(text) as { code?: unknown; msg?: unknown };
    return { status: response.status, ...(typeof json.code === "number" ? { code: json.code } : {}), ...(typeof json.msg === "string" ? { msg: json.msg } : {}) };
  } catch {
    return { status: response.status };
  }
}

/** Where a redirect may lead: https, or http on this machine (a local fake). */
function redirectTarget(location: string | null, from: URL): URL {
  let url: URL;
  try {
    url = new URL(location ?? "", from);
  } catch {
    throw new AttachmentError("failed", `a redirect without a usable Location from ${from.host}`);
  }
  if (isFollowableLink(url)) return url;
  throw new AttachmentError("failed", `a redirect to ${url.protocol}//${url.host} is not followed`);
}

/**
 * Creates the downloader: the resource API through the adapter's client (token cache, configured base URL). Redirects
 * are followed by hand so the token only ever goes to the base URL's origin.
 */
export function createFeishuDownloader(options: FeishuDownloaderOptions): FeishuDownloader {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const origin = new URL(options.client.baseUrl).origin;

  const get = async (start: URL, token: string, signal: AbortSignal): Promise<Response> => {
    let url = start;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { accept: "*/*" };
      if (url.origin === origin) headers.authorization = `Bearer ${token}`;
      const response = await doFetch(url, { headers, redirect: "manual", signal });
      if (response.status < 300 || response.status >= 400) return response;
      await response.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new AttachmentError("failed", `more than ${MAX_REDIRECTS} redirects`);
      url = redirectTarget(response.headers.get("location"), url);
    }
  };

  return async (attachment, { maxBytes }) => {
    const { messageId, fileKey } = attachment.ref;
    if (!messageId || !fileKey) throw new AttachmentError("unavailable", "the attachment has no messageId and fileKey");
    const url = new URL(`${options.client.baseUrl}/open-apis/im/v1/messages/${encodeURIComponent(messageId)}/resources/${encodeURIComponent(fileKey)}`);
    url.searchParams.set("type", "file");
    const signal = AbortSignal.timeout(timeoutMs);
    let refused: string | undefined;
    try {
      for (let attempt = 0; ; attempt++) {
        const token = await options.client.accessToken(refused).catch((error: unknown) => {
          throw tokenError(error);
        });
        const response = await get(url, token, signal);
        if (response.ok) return await readLimitedBody(response, maxBytes);
        const failure = await readError(response);
        if (isTokenRefused(failure.code) && attempt === 0) {
          refused = token;
          continue;
        }
        throw resourceError(failure);
      }
    } catch (error) {
      throw downloadFailure(error, { host: url.host, timeoutMs });
    }
  };
}
