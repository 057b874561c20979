import type { Attachment, ChatAdapter, ConversationRef, PlatformId } from "./adapter.js";
import type { Translate } from "./i18n.js";

/**
 * Why a file could not be had: larger than allowed, gone or not readable by the bot (expired link, missing scope,
 * not in the conversation), the platform not answering, or an adapter that cannot download files at all.
 */
export type AttachmentProblem = "too_large" | "unavailable" | "forbidden" | "failed" | "unsupported";

/** What fetchAttachment throws; `detail` is for logs (never the file's content or a token). */
export class AttachmentError extends Error {
  constructor(
    readonly problem: AttachmentProblem,
    readonly detail: string,
  ) {
    super(`${problem}: ${detail}`);
    this.name = "AttachmentError";
  }
}

/** How to call a file in a reply: its name, or "your file" where the platform gave none. */
export function attachmentLabel(attachment: Attachment, t: Translate): string {
  return attachment.name.trim() || t("attachments.unnamed");
}

/** Downloads a file that came with an event, through the adapter of the event's platform. */
export type AttachmentReader = (conversation: ConversationRef, attachment: Attachment, options: { maxBytes: number }) => Promise<Buffer>;

/** The reader over the runtime's adapters: a size the platform announced is checked before anything is fetched. */
export function createAttachmentReader(adapters: ReadonlyMap<PlatformId, ChatAdapter>): AttachmentReader {
  return async (conversation, attachment, options) => {
    const adapter = adapters.get(conversation.platform);
    if (!adapter?.fetchAttachment) throw new AttachmentError("unsupported", `${conversation.platform} cannot download files`);
    if (attachment.size !== undefined && attachment.size > options.maxBytes) throw new AttachmentError("too_large", `${attachment.size} bytes announced`);
    const body = await adapter.fetchAttachment(conversation, attachment, options);
    if (body.length > options.maxBytes) throw new AttachmentError("too_large", `${body.length} bytes`);
    return body;
  };
}

/**
 * Reads an HTTP response body of at most `maxBytes`, stopping (and cancelling the download) as soon as it passes
 * the limit; a Content-Length above it is refused before the first byte is read.
 */
export async function readLimitedBody(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new AttachmentError("too_large", `${declared} bytes declared`);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AttachmentError("too_large", `more than ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}

/**
 * What an error thrown while downloading means: an AttachmentError stays as it is; a timeout (an AbortSignal.timeout
 * firing) or a network error is a failed download from `host`.
 */
export function downloadFailure(error: unknown, where: { host: string; timeoutMs: number }): AttachmentError {
  if (error instanceof AttachmentError) return error;
  const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
  const why = timedOut ? `timed out, no file within ${where.timeoutMs} ms` : error instanceof Error ? error.message : String(error);
  return new AttachmentError("failed", `the download from ${where.host} failed: ${why}`);
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** A link a platform handed us that we follow: https, or http on this machine (a local fake in tests). */
export function isFollowableLink(url: URL): boolean {
  return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
}

/** The problem an HTTP status of a download means. */
export function problemOfStatus(status: number): AttachmentProblem {
  if (status === 401 || status === 403) return "forbidden";
  if (status === 404 || status === 410) return "unavailable";
  return "failed";
}

/**
 * A text file's content: UTF-8 (a byte-order mark dropped), else GB18030, which is what Excel and WPS write for
 * "CSV" on Chinese Windows. Null when it is neither (a binary file such as .xlsx).
 */
export function decodeTextFile(body: Buffer): string | null {
  if (looksBinary(body)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    try {
      return new TextDecoder("gb18030", { fatal: true }).decode(body);
    } catch {
      return null;
    }
  }
}

/** NUL bytes in the first 4 KiB: no text format we read has them (zip-based .xlsx does). */
function looksBinary(body: Buffer): boolean {
  return body.subarray(0, 4096).includes(0);
}
