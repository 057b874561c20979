import type { ConversationRef, PlatformId, ReplyHandle } from "../core/adapter.js";

/** Where a delivery goes: a known conversation, a person's DM opened at send time, or a group to create (src/notify/groups.ts). */
export type DeliveryTarget =
  | { type: "conversation"; conversation: ConversationRef; audience?: string }
  | { type: "direct"; platform: PlatformId; tenantRef: string; userId: string }
  | { type: "group"; platform: PlatformId; tenantRef: string; groupKey: string }
  /** Archive the group created under `groupKey` once the delivery keyed `after` (its last message) is no longer pending. */
  | { type: "archive"; platform: PlatformId; groupKey: string; after?: string };

export interface DeliveryOptions {
  /** The idempotency key: a second notify with the same key sends nothing. */
  key: string;
  tenantId?: number | null;
  personId?: number | null;
  reply?: ReplyHandle;
  /** The delivery key of a sent message this one replaces (edited in place where the platform can). */
  editOf?: string;
  /** Not to be sent before this instant (a fan-out paced at the platform's rate); the sweep respects it too. */
  notBefore?: Date;
}

/** A delivery that sends a message (every target but a group to create). */
export type MessageTarget = Exclude<DeliveryTarget, { type: "group" } | { type: "archive" }>;
