import { createHash } from "node:crypto";
import type { ImageBlock, OutboundMessage } from "./message.js";
import { imagesOf } from "./message.js";

/** The eight bytes every PNG file starts with (https://www.w3.org/TR/png-3/#5PNG-file-signature). */
export const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** True when the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** The content address of image bytes: lowercase hex SHA-256. */
export function mediaId(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The file name an image is uploaded under. */
export function imageFileName(block: ImageBlock): string {
  const name = block.name?.trim().replace(/[\\/:*?"<>|\r\n]/g, "_");
  if (!name) return "image.png";
  return /\.png$/i.test(name) ? name : `${name}.png`;
}

/** What a platform answered to an upload: its handle for the bytes (image_key, media_id, file id), and until when it holds. */
export interface UploadedMedia {
  ref: string;
  expiresAt?: Date;
}

/**
 * Upload-once for images: returns the platform's handle for these bytes in this workspace, running `upload` only when
 * none is kept or the kept one has expired. The deliver job passes one backed by the database, so that a retry or a
 * second recipient does not upload again.
 */
export type MediaCache = (scope: { tenantId: string; sha256: string }, upload: () => Promise<UploadedMedia>) => Promise<string>;

/** No cache: every call uploads. */
export const uploadEveryTime: MediaCache = async (_scope, upload) => (await upload()).ref;

/** Platform handles of a message's images by content address, ready for a renderer. */
export type UploadedImages = ReadonlyMap<string, string>;

/** Uploads (through the cache) every distinct image of a message; the map goes to the platform's renderer. */
export async function uploadImages(
  message: OutboundMessage,
  tenantId: string,
  cache: MediaCache | undefined,
  upload: (image: ImageBlock) => Promise<UploadedMedia>,
): Promise<UploadedImages> {
  const out = new Map<string, string>();
  for (const image of imagesOf(message)) {
    const sha256 = mediaId(image.png);
    if (out.has(sha256)) continue;
    out.set(sha256, await (cache ?? uploadEveryTime)({ tenantId, sha256 }, () => upload(image)));
  }
  return out;
}

/** The uploaded handle of an image block, if the map has one. */
export function uploadedRef(images: UploadedImages | undefined, block: ImageBlock): string | undefined {
  return images?.get(mediaId(block.png));
}

/** The image of a part that is nothing but one image (how "separate" platforms receive pictures), else null. */
export function soleImage(message: OutboundMessage): ImageBlock | null {
  const [only, ...rest] = message.blocks;
  return only?.type === "image" && rest.length === 0 && !message.title?.trim() ? only : null;
}
