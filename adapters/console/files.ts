import { mkdir, open, stat, writeFile } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import type { Attachment } from "../../src/core/adapter.js";
import { AttachmentError } from "../../src/core/attachments.js";
import { mediaId, type UploadedMedia } from "../../src/core/media.js";

const MIME_BY_EXTENSION: Record<string, string> = {
  ".csv": "text/csv",
  ".tsv": "text/tab-separated-values",
  ".txt": "text/plain",
  ".json": "application/json",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** `:upload <path>`: a local file described the way a platform describes an upload; null when there is no such file. */
export async function describeLocalFile(path: string): Promise<Attachment | null> {
  const full = resolve(process.cwd(), path);
  const info = await stat(full).catch(() => null);
  if (!info?.isFile()) return null;
  const mimeType = MIME_BY_EXTENSION[extname(full).toLowerCase()];
  return { name: basename(full), size: info.size, ...(mimeType ? { mimeType } : {}), ref: { path: full } };
}

/** The console's download: the local file behind an `:upload`, at most `maxBytes` of it. */
export async function readLocalFile(attachment: Attachment, maxBytes: number): Promise<Buffer> {
  const path = attachment.ref.path;
  if (!path) throw new AttachmentError("unavailable", "no path");
  const handle = await open(path, "r").catch(() => null);
  if (!handle) throw new AttachmentError("unavailable", "the file is gone");
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    const { bytesRead } = await handle.read(buffer, 0, maxBytes + 1, 0);
    if (bytesRead > maxBytes) throw new AttachmentError("too_large", `more than ${maxBytes} bytes`);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Writes image bytes to `<dir>/<sha256>.png` (the same picture is one file however often it is sent); its path. */
export async function writeImageFile(dir: string, png: Uint8Array): Promise<UploadedMedia> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${mediaId(png)}.png`);
  await writeFile(path, png);
  return { ref: path };
}
