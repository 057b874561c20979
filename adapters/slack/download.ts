import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from "@slack/web-api";
import type { Attachment } from "../../src/core/adapter.js";
import { AttachmentError, downloadFailure, problemOfStatus, readLimitedBody } from "../../src/core/attachments.js";
import type { SlackCall } from "./client.js";
import { UNHOSTED_MODES } from "./files.js";
import { obj, record, str } from "./payload.js";

// Downloading a shared file (https://api.slack.com/types/file#auth): GET its url_private_download (or url_private)
// with `Authorization: Bearer <bot token>`; the token needs files:read (https://api.slack.com/scopes/files:read).
// Without the scope Slack answers 200 with its HTML sign-in page, or redirects there, rather than a 403. Where the
// event had no url (Slack Connect, `file_access: "check_file_info"`), files.info {file} answers the file object
// (https://api.slack.com/methods/files.info; errors file_not_found, file_deleted).

/** The scope a bot token needs to read shared files. */
export const FILES_SCOPE = "files:read";
/** Where Slack serves hosted files; the only host besides the configured API origin that sees the bot token. */
export const SLACK_FILES_ORIGIN = "https://files.slack.com";
const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 3;
const SCOPE_ADVICE = `add the bot scope ${FILES_SCOPE} under OAuth & Permissions and reinstall the app`;

export interface SlackDownloaderOptions {
  token: string;
  call: SlackCall;
  /** The configured Web API base (SLACK_API_URL); its origin may serve files too (a proxy, or a local fake). */
  apiUrl: string;
  /** For the whole download, body included. */
  timeoutMs?: number;
}

/** Downloads one attachment of a Slack event, at most `maxBytes`. */
export type SlackDownloader = (attachment: Attachment, options: { maxBytes: number }) => Promise<Buffer>;

const UNAVAILABLE_CODES = new Set(["file_not_found", "file_deleted", "file_expired"]);
const FORBIDDEN_CODES = new Set(["missing_scope", "not_authed", "invalid_auth", "token_revoked", "token_expired", "account_inactive", "no_permission", "access_denied", "not_in_channel", "team_access_not_granted", "ekm_access_denied"]);

/** What a failed files.info call means for the person who shared the file. */
export function fileInfoError(error: unknown): AttachmentError {
  if (error instanceof AttachmentError) return error;
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    if (UNAVAILABLE_CODES.has(code)) return new AttachmentError("unavailable", `files.info: ${code}`);
    if (FORBIDDEN_CODES.has(code)) {
      const needed: unknown = record(error.data)?.needed;
      const scope = typeof needed === "string" ? needed : FILES_SCOPE;
      return new AttachmentError("forbidden", `files.info: ${code}; the bot token needs ${scope}: ${SCOPE_ADVICE}`);
    }
    return new AttachmentError("failed", `files.info: ${code}`);
  }
  if (error instanceof WebAPIRateLimitedError) return new AttachmentError("failed", `files.info: rate limited by Slack (retry after ${error.retryAfter} s)`);
  if (error instanceof WebAPIHTTPError) return new AttachmentError(error.statusCode >= 500 || error.statusCode === 429 ? "failed" : problemOfStatus(error.statusCode), `files.info: HTTP ${error.statusCode}`);
  if (error instanceof WebAPIRequestError) return new AttachmentError("failed", `files.info: network error (${error.original.message})`);
  return new AttachmentError("failed", `files.info: ${error instanceof Error ? error.message : String(error)}`);
}

/** The file's download address, from the event or, failing that, from files.info. */
async function downloadUrl(attachment: Attachment, call: SlackCall): Promise<string> {
  const { fileId, url, mode } = attachment.ref;
  if (mode && UNHOSTED_MODES.has(mode)) {
    throw new AttachmentError("unavailable", mode === "external" ? "the file is a link to another service, not a file hosted by Slack" : "the file was deleted");
  }
  if (url) return url;
  if (!fileId) throw new AttachmentError("unavailable", "the attachment names no Slack file");
  const file = obj(await call("files.info", { file: fileId }).catch((error: unknown) => Promise.reject(fileInfoError(error))), "file");
  if (str(file, "mode") === "tombstone") throw new AttachmentError("unavailable", "files.info: the file was deleted");
  const found = str(file, "url_private_download") ?? str(file, "url_private");
  if (!found) throw new AttachmentError("unavailable", "files.info answered a file without a download url");
  return found;
}

function parseUrl(value: string, base?: URL): URL {
  try {
    return new URL(value, base);
  } catch {
    throw new AttachmentError("failed", "the file's download url is not a url");
  }
}

/** A download that Slack has sent to its sign-in page: the token lacks the scope, or cannot see the file. */
function signInPage(where: string): AttachmentError {
  return new AttachmentError("forbidden", `Slack answered its sign-in page (${where}) instead of the file: the bot token lacks ${FILES_SCOPE} or cannot see the file; ${SCOPE_ADVICE}`);
}

function statusError(status: number, host: string): AttachmentError {
  const said = `HTTP ${status} from ${host}`;
  if (status === 401 || status === 403) return new AttachmentError("forbidden", `Slack refused the download (${said}); the bot token needs ${FILES_SCOPE}: ${SCOPE_ADVICE}`);
  if (status === 429) return new AttachmentError("failed", `Slack rate-limited the download (${said})`);
  return new AttachmentError(problemOfStatus(status), `the download failed (${said})`);
}

/** Creates the downloader: the bot token goes to files.slack.com and to the configured API origin, nowhere else. */
export function createSlackDownloader(options: SlackDownloaderOptions): SlackDownloader {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const trusted = new Set([SLACK_FILES_ORIGIN, new URL(options.apiUrl).origin]);
  const authorization = `Bearer ${options.token}`;

  const checked = (url: URL): URL => {
    if (!trusted.has(url.origin)) throw new AttachmentError("forbidden", `the file's url points at ${url.host}, which is not Slack's file host: the bot token is not sent there`);
    return url;
  };

  return async (attachment, { maxBytes }) => {
    let url = checked(parseUrl(await downloadUrl(attachment, options.call)));
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      for (let hops = 0; ; hops++) {
        const response = await fetch(url, { headers: { authorization, accept: "*/*" }, redirect: "manual", signal });
        if (response.status >= 300 && response.status < 400) {
          await response.body?.cancel().catch(() => undefined);
          const location = response.headers.get("location");
          if (!location) throw new AttachmentError("failed", `HTTP ${response.status} without a location from ${url.host}`);
          const next = parseUrl(location, url);
          if (!trusted.has(next.origin) || next.searchParams.has("redir")) throw signInPage(`a redirect to ${next.host}`);
          if (hops >= MAX_REDIRECTS) throw new AttachmentError("failed", `more than ${MAX_REDIRECTS} redirects from ${url.host}`);
          url = next;
          continue;
        }
        if (!response.ok) {
          await response.body?.cancel().catch(() => undefined);
          throw statusError(response.status, url.host);
        }
        const type = response.headers.get("content-type") ?? "";
        if (/^text\/html/i.test(type) && !/^text\/html/i.test(attachment.mimeType ?? "")) {
          await response.body?.cancel().catch(() => undefined);
          throw signInPage(`text/html from ${url.host}`);
        }
        return await readLimitedBody(response, maxBytes);
      }
    } catch (error) {
      throw downloadFailure(error, { host: url.host, timeoutMs });
    }
  };
}
