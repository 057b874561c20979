import { DeliveryError } from "../../src/core/delivery-error.js";
import { imageFileName, type UploadedMedia } from "../../src/core/media.js";
import type { ImageBlock } from "../../src/core/message.js";
import type { FeishuClient } from "./client.js";

// Upload an image: POST /open-apis/im/v1/images, multipart form with image_type=message and image=<file>
// → data.image_key; at most 10 MB, not 0 bytes; permission im:resource or im:resource:upload.
// https://open.feishu.cn/document/server-docs/im-v1/image/create
// No expiry is documented for an image_key, so it is kept without one.

/** Uploads one image for use in messages and returns its image_key. */
export async function uploadFeishuImage(client: FeishuClient, image: ImageBlock): Promise<UploadedMedia> {
  const form = new FormData();
  form.set("image_type", "message");
  form.set("image", new Blob([image.png], { type: "image/png" }), imageFileName(image));
  const json = await client.request("POST", "/im/v1/images", { form });
  const data = json.data;
  const key = typeof data === "object" && data !== null && "image_key" in data ? (data as { image_key: unknown }).image_key : undefined;
  if (typeof key !== "string" || key.length === 0) throw DeliveryError.fatal("feishu im/v1/images: the response carried no image_key");
  return { ref: key };
}
