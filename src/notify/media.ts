import { Buffer } from "node:buffer";
import { isPng, mediaId, type MediaCache } from "../core/media.js";
import type { Block, OutboundMessage } from "../core/message.js";
import type { Database } from "../db/database.js";

/** An image block as an outbox row keeps it: the bytes live once in `media`, named by their sha256. */
interface StoredImage {
  type: "image";
  media: string;
  alt: string;
  name?: string;
}

const INSERT_BATCH = 50;

function isStoredImage(value: unknown): value is StoredImage {
  if (typeof value !== "object" || value === null) return false;
  const block = value as Record<string, unknown>;
  return block.type === "image" && typeof block.media === "string" && typeof block.alt === "string";
}

/**
 * Makes messages fit for the outbox: each image's bytes are stored once in `media` (content-addressed, so a
 * fan-out of one chart stores it once) and the block carries only the sha256. Throws when an image is not a PNG.
 */
export async function storeMedia(db: Database, messages: OutboundMessage[]): Promise<unknown[]> {
  const fresh = new Map<string, Uint8Array>();
  const stored = messages.map((message) => {
    if (!message.blocks.some((b) => b.type === "image")) return message;
    const blocks = message.blocks.map((block): Block | StoredImage => {
      if (block.type !== "image") return block;
      if (!isPng(block.png)) throw new Error(`an image block must carry PNG bytes (alt "${block.alt.slice(0, 40)}")`);
      const sha256 = mediaId(block.png);
      fresh.set(sha256, block.png);
      return { type: "image", media: sha256, alt: block.alt, ...(block.name !== undefined ? { name: block.name } : {}) };
    });
    return { ...message, blocks };
  });
  const rows = [...fresh].map(([sha256, png]) => ({ sha256, mime_type: "image/png", bytes: Buffer.from(png.buffer, png.byteOffset, png.byteLength), size: png.byteLength }));
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db.insertInto("media").values(rows.slice(i, i + INSERT_BATCH)).onConflict((oc) => oc.column("sha256").doNothing()).execute();
  }
  return stored;
}

/**
 * An outbox row's message with its images' bytes loaded back. An image whose bytes are gone (which only a manual
 * deletion can cause) becomes its alt text, named in `missing`, rather than failing the whole message.
 */
export async function loadMedia(db: Database, stored: unknown): Promise<{ message: OutboundMessage; missing: string[] }> {
  const message = stored as OutboundMessage;
  const refs = (message.blocks as unknown[]).filter(isStoredImage);
  if (refs.length === 0) return { message, missing: [] };
  const found = await db.selectFrom("media").select(["sha256", "bytes"]).where("sha256", "in", [...new Set(refs.map((r) => r.media))]).execute();
  const bytes = new Map(found.map((row) => [row.sha256, new Uint8Array(row.bytes)]));
  const missing: string[] = [];
  const blocks = (message.blocks as unknown[]).map((block): Block => {
    if (!isStoredImage(block)) return block as Block;
    const png = bytes.get(block.media);
    if (!png) {
      missing.push(block.media);
      return { type: "text", markdown: block.alt };
    }
    return { type: "image", png, alt: block.alt, ...(block.name !== undefined ? { name: block.name } : {}) };
  });
  return { message: { ...message, blocks }, missing };
}

/** Upload-once kept in `media_uploads` per (platform, workspace, sha256); an expired handle is replaced by a new upload. */
export function createMediaCache(db: Database, platform: string, now: () => number = Date.now): MediaCache {
  return async ({ tenantId, sha256 }, upload) => {
    const kept = await db
      .selectFrom("media_uploads")
      .select(["ref", "expires_at"])
      .where("platform", "=", platform)
      .where("tenant_ref", "=", tenantId)
      .where("sha256", "=", sha256)
      .executeTakeFirst();
    if (kept && (kept.expires_at === null || kept.expires_at.getTime() > now())) return kept.ref;
    const uploaded = await upload();
    const expiresAt = uploaded.expiresAt ?? null;
    await db
      .insertInto("media_uploads")
      .values({ platform, tenant_ref: tenantId, sha256, ref: uploaded.ref, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(["platform", "tenant_ref", "sha256"]).doUpdateSet({ ref: uploaded.ref, expires_at: expiresAt }))
      .execute();
    return uploaded.ref;
  };
}
