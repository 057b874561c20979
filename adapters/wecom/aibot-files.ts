import { AttachmentError, downloadFailure, readLimitedBody } from "../../src/core/attachments.js";

// Files the AI bot receives (msgtype "file", only in single chats): https://developer.work.weixin.qq.com/document/path/100719
// (文件消息: "文件的下载url，五分钟内有效，已加密"). Over the long connection every message carries its own `aeskey`
// (https://developer.work.weixin.qq.com/document/path/101463 多媒体资源解密): AES-256-CBC, key = base64-decoded aeskey,
// IV = its first 16 bytes, PKCS#7 padding to a multiple of 32 bytes — decryptFile of @wecom/aibot-node-sdk.
// The message names no file; only the download's Content-Disposition does.

const DOWNLOAD_TIMEOUT_MS = 30_000;
/** PKCS#7 to a multiple of 32 bytes adds 1–32 bytes to the plaintext. */
const PADDING_MAX = 32;

/** A downloaded, decrypted AI bot file and the name its download gave. */
export interface AibotFile {
  body: Buffer;
  name?: string;
}

/** The file name of a Content-Disposition header: RFC 5987 `filename*=UTF-8''…` first, else `filename=`. */
export function fileNameOf(contentDisposition: string | null): string | undefined {
  if (!contentDisposition) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(contentDisposition)?.[1];
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(contentDisposition);
  const raw = extended ?? plain?.[1] ?? plain?.[2];
  if (!raw) return undefined;
  let name = raw.trim();
  try {
    name = decodeURIComponent(name);
  } catch {
    // a literal % in a plain filename= stays as it is
  }
  const base = name.split(/[\\/]/).pop()?.trim();
  return base || undefined;
}

function downloadUrl(ref: Readonly<Record<string, string>>): URL {
  const raw = ref.url;
  if (!raw) throw new AttachmentError("failed", "the file message carried no url");
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AttachmentError("failed", "the file url is not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new AttachmentError("failed", `the file url is ${url.protocol}, not http(s)`);
  return url;
}

/**
 * Downloads an AI bot file from the url of its message (no credential is sent: the url is the permission) and
 * decrypts it with the message's aeskey. An answer of 403/404/410 means the five-minute url has expired or the file
 * is gone (unavailable); other statuses, network errors, timeouts and content that does not decrypt are failures.
 */
export async function downloadAibotFile(ref: Readonly<Record<string, string>>, options: { maxBytes: number; timeoutMs?: number }): Promise<AibotFile> {
  const url = downloadUrl(ref);
  const aeskey = ref.aeskey;
  if (!aeskey) throw new AttachmentError("failed", "the file message carried no aeskey");
  const timeoutMs = options.timeoutMs ?? DOWNLOAD_TIMEOUT_MS;
  let encrypted: Buffer;
  let name: string | undefined;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      const gone = response.status === 403 || response.status === 404 || response.status === 410;
      throw new AttachmentError(gone ? "unavailable" : "failed", `file download answered HTTP ${response.status}${gone ? " (the url is valid for five minutes)" : ""}`);
    }
    name = fileNameOf(response.headers.get("content-disposition"));
    encrypted = await readLimitedBody(response, options.maxBytes + PADDING_MAX);
  } catch (error) {
    throw downloadFailure(error, { host: url.host, timeoutMs });
  }
  let body: Buffer;
  try {
    const { decryptFile } = await import("@wecom/aibot-node-sdk");
    body = decryptFile(encrypted, aeskey);
  } catch {
    throw new AttachmentError("failed", `the file (${encrypted.length} bytes) did not decrypt with its aeskey`);
  }
  if (body.length > options.maxBytes) throw new AttachmentError("too_large", `${body.length} bytes`);
  return { body, ...(name ? { name } : {}) };
}
