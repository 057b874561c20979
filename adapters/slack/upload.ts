import { isFollowableLink } from "../../src/core/attachments.js";
import { DeliveryError } from "../../src/core/delivery-error.js";
import { imageFileName, type UploadedMedia } from "../../src/core/media.js";
import type { ImageBlock } from "../../src/core/message.js";
import type { SlackApi } from "./client.js";
import { classifySlackError } from "./errors.js";
import { str } from "./payload.js";

// External upload, three steps (scope files:write):
// 1. files.getUploadURLExternal {filename, length, alt_txt} → {upload_url, file_id}
//    https://docs.slack.dev/reference/methods/files.getUploadURLExternal/
// 2. POST the bytes to upload_url ("Files can be sent as raw bytes or can be multipart form encoded. Slack will
//    return HTTP 200 if the upload is successful").
// 3. files.completeUploadExternal {files: [{id, title}]} with no channel: "If not specified the file will be private"
//    https://docs.slack.dev/reference/methods/files.completeUploadExternal/ — the bot keeps access, so an image block
//    can show it by `slack_file: {id}` in any message it posts, as often as it likes.
// The file never expires on its own, so the handle is kept without an expiry.

const UPLOAD_TIMEOUT_MS = 30_000;

/** Uploads one image privately and returns its file id. */
export async function uploadSlackImage(api: SlackApi, image: ImageBlock): Promise<UploadedMedia> {
  const filename = imageFileName(image);
  const alt = image.alt.trim();
  let uploadUrl: string | undefined;
  let fileId: string | undefined;
  try {
    const answer = await api.call("files.getUploadURLExternal", { filename, length: image.png.byteLength, ...(alt ? { alt_txt: alt.slice(0, 1000) } : {}) });
    uploadUrl = str(answer, "upload_url");
    fileId = str(answer, "file_id");
  } catch (error) {
    throw classifySlackError(error, "files.getUploadURLExternal");
  }
  if (!uploadUrl || !fileId) throw DeliveryError.retry("files.getUploadURLExternal answered without upload_url or file_id");
  const target = new URL(uploadUrl);
  if (!isFollowableLink(target)) throw DeliveryError.fatal(`files.getUploadURLExternal gave an upload URL we do not follow (${target.protocol}//${target.host})`);
  let response: Response;
  try {
    response = await fetch(target, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: image.png,
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
  } catch (error) {
    throw DeliveryError.retry(`Slack file upload: network error (${error instanceof Error ? error.message : String(error)})`);
  }
  if (response.status !== 200) {
    const reason = `Slack file upload answered HTTP ${response.status}`;
    throw response.status >= 500 || response.status === 429 ? DeliveryError.retry(reason) : DeliveryError.fatal(reason);
  }
  try {
    await api.call("files.completeUploadExternal", { files: [{ id: fileId, title: alt || filename }] });
  } catch (error) {
    throw classifySlackError(error, "files.completeUploadExternal");
  }
  return { ref: fileId };
}
