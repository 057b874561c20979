import { DeliveryError } from "../../src/core/delivery-error.js";
import { imageFileName, type UploadedMedia } from "../../src/core/media.js";
import type { ImageBlock } from "../../src/core/message.js";
import type { DingtalkClient } from "./client.js";

// Upload media: POST https://oapi.dingtalk.com/media/upload?access_token=…, multipart `type=image` and `media=<file>`
// → {errcode: 0, type, media_id, created_at}; the media_id ("@lA…") is reusable for sends.
// https://open.dingtalk.com/document/orgapp/upload-media-files (flow: …/procedure-for-using-media-files).
// `type` is sent both in the query and in the form: answers on the developer forum show both forms in use
// (https://developer.aliyun.com/ask/270597) [unverified which one DingTalk reads].
// The media_id's lifetime is not stated on that page; implementations re-upload after 3 days [3p, unverified], and
// so do we.
const MEDIA_LIFETIME_MS = 3 * 24 * 3600_000;

/** Uploads one image to DingTalk's media store and returns its media_id. */
export async function uploadDingtalkImage(client: DingtalkClient, image: ImageBlock, nowMs: number): Promise<UploadedMedia> {
  const form = new FormData();
  form.set("type", "image");
  form.set("media", new Blob([image.png], { type: "image/png" }), imageFileName(image));
  const json = await client.oapiUpload("/media/upload", { type: "image" }, form);
  const mediaId = json.media_id;
  if (typeof mediaId !== "string" || mediaId.length === 0) throw DeliveryError.fatal("DingTalk /media/upload answered without a media_id");
  return { ref: mediaId, expiresAt: new Date(nowMs + MEDIA_LIFETIME_MS) };
}
