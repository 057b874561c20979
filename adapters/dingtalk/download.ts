import type { Attachment } from "../../src/core/adapter.js";
import { AttachmentError, downloadFailure, isFollowableLink, problemOfStatus, readLimitedBody } from "../../src/core/attachments.js";
import { DingtalkApiError, TOKEN_PATH, type DingtalkClient } from "./client.js";
import { isMonthlyQuota, isQpsLimit, isTransientCode } from "./errors.js";

// A file a person sent the robot (inbound.ts keeps its downloadCode):
// POST /v1.0/robot/messageFiles/download {downloadCode, robotCode} with `x-acs-dingtalk-access-token` → {downloadUrl},
// a temporary link to the file's storage (OSS), not on the API host; GET it without the token.
// https://open.dingtalk.com/document/orgapp/download-the-file-content-of-the-robot-receiving-message — permission
// qyapi_robot_sendmsg (企业内机器人发送消息权限). A missing permission answers 403
// Forbidden.AccessDenied.AccessTokenPermissionDenied, "应用尚未开通所需的权限：[scope]".
// An expired signed OSS link (https://help.aliyun.com/zh/oss/support/0002-00000069) answers 403 with an XML
// <Error><Code>AccessDenied</Code><Message>Request has expired.</Message> [exact body unverified]; a missing object 404 NoSuchKey.

export const DOWNLOAD_PATH = "/v1.0/robot/messageFiles/download";
/** The permission the download API needs, named in the admin's console as 企业内机器人发送消息权限. */
export const DOWNLOAD_PERMISSION = "qyapi_robot_sendmsg";
const DEFAULT_TIMEOUT_MS = 30_000;
const ERROR_BODY_BYTES = 4096;

export interface DingtalkDownloaderOptions {
  client: DingtalkClient;
  /** The configured robot code; a ref's own robotCode (the message's) takes precedence. */
  robotCode: string;
  /** For the whole GET of the file, body included. */
  timeoutMs?: number;
}

/** Downloads one attachment of a robot message, at most `maxBytes`. */
export type DingtalkDownloader = (attachment: Attachment, options: { maxBytes: number }) => Promise<Buffer>;

function scopesIn(detail: string): string {
  const listed = /\[([^\]]+)\]/.exec(detail)?.[1]?.trim();
  return listed || DOWNLOAD_PERMISSION;
}

/** What a failed messageFiles/download call means for the person who sent the file. */
export function downloadCallError(error: unknown): AttachmentError {
  if (error instanceof AttachmentError) return error;
  if (!(error instanceof DingtalkApiError)) return new AttachmentError("failed", error instanceof Error ? error.message : String(error));
  const { code, status } = error;
  const said = `${error.path}: HTTP ${status}, code ${code || "-"}`;
  if (isQpsLimit(code)) return new AttachmentError("failed", `DingTalk QPS limit (${said}); try again in a second`);
  if (isMonthlyQuota(code)) return new AttachmentError("failed", `DingTalk monthly API quota used up (${said})`);
  if (error.waitMs !== undefined) return new AttachmentError("failed", `DingTalk throttles this server's IP (${said})`);
  if (error.path === TOKEN_PATH || status === 401 || code === "InvalidAuthentication") {
    return new AttachmentError("forbidden", `DingTalk refused the app credentials (${said}); check DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET`);
  }
  if (status === 403 || /^Forbidden/i.test(code)) {
    return new AttachmentError("forbidden", `the app lacks the permission ${scopesIn(error.detail)} (${said}); add it under 权限管理 in the DingTalk developer console and publish the app`);
  }
  if (status >= 500 || status === 429 || isTransientCode(code)) return new AttachmentError("failed", `DingTalk is not answering (${said})`);
  if (/robotCode/i.test(code)) return new AttachmentError("failed", `DingTalk refused the robot code (${said}); check DINGTALK_ROBOT_CODE`);
  return new AttachmentError("unavailable", `the download code is invalid or has expired (${said})`);
}

/** What a failed GET of the storage link means: an expired link or a missing object is gone, the rest by status. */
function storageError(status: number, body: string, host: string): AttachmentError {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? "";
  const said = `HTTP ${status}${code ? `, ${code}` : ""} from ${host}`;
  if (/expired/i.test(body) || code === "NoSuchKey") return new AttachmentError("unavailable", `the download link is gone (${said})`);
  return new AttachmentError(problemOfStatus(status), `the file's storage refused the download (${said})`);
}

/** The temporary link, if it is one we follow: https, or http on this machine (a local fake). */
function storageUrl(value: unknown): URL {
  let url: URL;
  try {
    url = new URL(typeof value === "string" ? value : "");
  } catch {
    throw new AttachmentError("failed", `${DOWNLOAD_PATH} answered without a downloadUrl`);
  }
  if (isFollowableLink(url)) return url;
  throw new AttachmentError("failed", `${DOWNLOAD_PATH} answered a ${url.protocol} link to ${url.hostname}, which is not followed`);
}

async function readPrefix(response: Response): Promise<string> {
  try {
    return (await readLimitedBody(response, ERROR_BODY_BYTES)).toString("utf8");
  } catch {
    return "";
  }
}

/** Creates the downloader: the download API through the adapter's client (token cache, base URL), then the link. */
export function createDingtalkDownloader(options: DingtalkDownloaderOptions): DingtalkDownloader {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (attachment, { maxBytes }) => {
    const downloadCode = attachment.ref.downloadCode;
    if (!downloadCode) throw new AttachmentError("unavailable", "the attachment has no downloadCode");
    const robotCode = attachment.ref.robotCode || options.robotCode;
    const answer = await options.client.api("POST", DOWNLOAD_PATH, { downloadCode, robotCode }).catch((error: unknown) => {
      throw downloadCallError(error);
    });
    const url = storageUrl(answer.downloadUrl);
    try {
      const response = await fetch(url, { headers: { accept: "*/*" }, signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw storageError(response.status, await readPrefix(response), url.host);
      return await readLimitedBody(response, maxBytes);
    } catch (error) {
      throw downloadFailure(error, { host: url.host, timeoutMs });
    }
  };
}
