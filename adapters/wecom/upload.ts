import { imageFileName, type UploadedMedia } from "../../src/core/media.js";
import type { ImageBlock } from "../../src/core/message.js";
import type { WecomClient } from "./client.js";
import { WecomTransportError } from "./client.js";

// 上传临时素材: POST /cgi-bin/media/upload?access_token=…&type=image, multipart with the file named "media"
// (filename and content-type in its form-data header) → {type, media_id, created_at}. "素材上传得到media_id，该
// media_id仅三天内有效"; images up to 10 MB, JPG or PNG, more than 5 bytes.
// https://developer.work.weixin.qq.com/document/path/90253
const MEDIA_LIFETIME_MS = 3 * 24 * 3600_000;
/** A kept media_id is not used in its last hour: a send must not reach WeCom after it lapsed. */
const EXPIRY_MARGIN_MS = 3600_000;

/** Uploads one image as a temporary media file and returns its media_id with the time it lapses (less a margin). */
export async function uploadWecomImage(client: WecomClient, image: ImageBlock, nowMs: number): Promise<UploadedMedia> {
  const form = new FormData();
  form.set("media", new Blob([image.png], { type: "image/png" }), imageFileName(image));
  const result = await client.upload("media/upload", { type: "image" }, form);
  const mediaId = result.media_id;
  if (typeof mediaId !== "string" || !mediaId) throw new WecomTransportError("media/upload", "the answer has no media_id");
  const createdAt = Number(result.created_at) * 1000;
  const from = Number.isFinite(createdAt) && createdAt > 0 ? Math.min(createdAt, nowMs) : nowMs;
  return { ref: mediaId, expiresAt: new Date(from + MEDIA_LIFETIME_MS - EXPIRY_MARGIN_MS) };
}
