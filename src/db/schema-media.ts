import type { ColumnType } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** An image stored once by content; an outbox row's image block names it by `sha256`. */
export interface MediaTable {
  sha256: string;
  mime_type: string;
  /** bytea: a Buffer from pg, a Uint8Array from PGlite. */
  bytes: Uint8Array;
  size: number;
  created_at: CreatedAt;
}

/** A platform workspace's handle for uploaded media (image_key, media_id, file id), with its expiry if it has one. */
export interface MediaUploadsTable {
  platform: string;
  tenant_ref: string;
  sha256: string;
  ref: string;
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
}

/** The media tables (migrations/0005_media.ts). */
export interface MediaTables {
  media: MediaTable;
  media_uploads: MediaUploadsTable;
}
