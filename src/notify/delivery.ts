import type { ChatAdapter, ConversationRef, PlatformId, ReplyHandle } from "../core/adapter.js";
import { degrade } from "../core/degrade.js";
import { DeliveryError } from "../core/delivery-error.js";
import { errorText } from "../core/error-text.js";
import { ANYONE, type PendingStore } from "../core/pending.js";
import { jobIdFor, type JobQueue } from "../core/queue.js";
import type { Database } from "../db/database.js";
import type { DeliveryRow } from "../db/schema.js";
import type { Logger } from "../logger.js";
import { createArchiveStep } from "./archive-step.js";
import { createDeliveryWrites } from "./delivery-writes.js";
import { createGroupStep } from "./group-step.js";
import { createMediaCache, loadMedia } from "./media.js";
import type { RateLimiter } from "./rate-limiter.js";
import { capabilitiesOf, createSendSlots } from "./send-slots.js";
import type { DeliveryTarget, MessageTarget } from "./target.js";
import { createUrgentStep, type Progress } from "./urgent-step.js";

export interface DeliveryDeps {
  db: Database;
  queue: JobQueue;
  adapters: ReadonlyMap<PlatformId, ChatAdapter>;
  limiter: RateLimiter;
  pending: PendingStore;
  logger: Logger;
  maxAttempts: number;
  onOutcome?: (platform: string, status: "sent" | "retry" | "failed" | "throttled") => void;
}

/**
 * A row being sent renews its lease every SENDING_LEASE_RENEW_MS; one whose lease has not been renewed for
 * STALE_SENDING_MS belongs to a replica that died mid-send and is sent again by the next sweep (each minute's
 * tick). Short, so a crash delays a prompt by a minute or two; the renewal keeps a slow, paced send its own.
 */
export const SENDING_LEASE_RENEW_MS = 10_000;
export const STALE_SENDING_MS = 40_000;

/** A part could not be sent yet because a rate window is full: not a failure, and no attempt is spent. */
class Throttled extends Error {
  constructor(readonly waitMs: number) {
    super(`rate limited for ${waitMs} ms`);
  }
}

/** Exponential backoff with full jitter: 2 s, 4 s, 8 s … capped at 10 min. */
export function backoffMs(attempt: number): number {
  const ceiling = Math.min(600_000, 2000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

export type DeliveryFlow = ReturnType<typeof createDeliveryFlow>;

/** Sends one outbox row (or creates its group): rate limits, degrade, send (or edit), retry classification, status kept. */
export function createDeliveryFlow(deps: DeliveryDeps) {
  const { db, queue, logger } = deps;
  const slots = createSendSlots(deps.limiter);
  // Claim and "sent" are batched across the deliver jobs running at once (a fan-out's thousands of sends).
  const writes = createDeliveryWrites(db, () => [...deps.adapters.keys()]);

  const requeue = async (row: DeliveryRow, delayMs: number, attempts: number): Promise<void> => {
    await queue.add("deliver", { deliveryId: row.id }, { jobId: jobIdFor(`deliver:${row.id}:${attempts}:${Date.now() + delayMs}`), delayMs });
  };

  const fail = async (row: DeliveryRow, reason: string): Promise<void> => {
    await db.updateTable("deliveries").set({ status: "failed", last_error: reason.slice(0, 500), updated_at: new Date() }).where("id", "=", row.id).execute();
    logger.warn({ delivery: row.id, key: row.key, platform: row.platform, reason }, "delivery failed");
    deps.onOutcome?.(row.platform, "failed");
  };

  // Each part takes its own slot, reserved right before the platform call so nothing else runs between the two.
  const reserveSlot = async (adapter: ChatAdapter, target: MessageTarget): Promise<void> => {
    const wait = await slots.reserve(adapter, target);
    if (wait > 0) throw new Throttled(wait);
  };

  const createGroup = createGroupStep({ db, queue, logger });
  const urgentCall = createUrgentStep({ db, logger });
  const archive = createArchiveStep({ db, logger });
  /** How long an archive waits before it looks again whether the group's last message went out. */
  const ARCHIVE_WAIT_MS = 2000;

  const sendAll = async (row: DeliveryRow, adapter: ChatAdapter, target: MessageTarget): Promise<{ conversation: ConversationRef; progress: Progress; choices: string[] }> => {
    const conversation = target.type === "conversation" ? target.conversation : await adapter.openDirect(target.tenantRef, target.userId);
    const { message, missing } = await loadMedia(db, row.message);
    if (missing.length > 0) logger.warn({ delivery: row.id, missing }, "image bytes are missing; sending the alt text instead");
    const { parts, choices } = degrade(message, capabilitiesOf(adapter, conversation));
    const media = createMediaCache(db, adapter.platform);
    const progress: Progress = (row.sent_ref as Progress | null) ?? { parts: [] };
    const original = row.edit_of
      ? await db.selectFrom("deliveries").select(["sent_ref", "status"]).where("key", "=", row.edit_of).executeTakeFirst()
      : undefined;
    const originalRef = (original?.sent_ref as Progress | null | undefined)?.parts[0];
    if (originalRef && adapter.edit && parts.length === 1 && parts[0] && progress.parts.length === 0) {
      await reserveSlot(adapter, target);
      await adapter.edit(originalRef, parts[0], { media, original: message });
      progress.parts.push(originalRef);
      await urgentCall(row, adapter, target, message, progress);
      return { conversation, progress, choices };
    }
    for (let i = progress.parts.length; i < parts.length; i++) {
      const part = parts[i];
      if (!part) continue;
      const idempotencyKey = parts.length === 1 ? row.key : `${row.key}#${i}`;
      const reply = (row.reply as ReplyHandle | null) ?? undefined;
      await reserveSlot(adapter, target);
      const sent = await adapter.send(conversation, part, { idempotencyKey, media, original: message, ...(reply ? { reply } : {}), ...(parts.length > 1 ? { part: { index: i, count: parts.length } } : {}) });
      progress.parts.push(sent);
      // The last part of a plain message is recorded by the "sent" update that follows at once; any other part (and
      // an urgent message's or one with choices, where more runs before that update) is recorded now.
      if (i < parts.length - 1 || message.urgent || choices.length > 0) {
        await db.updateTable("deliveries").set({ sent_ref: JSON.stringify(progress), updated_at: new Date() }).where("id", "=", row.id).execute();
      }
    }
    await urgentCall(row, adapter, target, message, progress);
    return { conversation, progress, choices };
  };

  return {
    async deliver(deliveryId: string): Promise<void> {
      // A pending row of a configured platform is claimed in one statement; only when none is claimed does a second
      // read tell a row of an unconfigured platform (failed, no attempt spent) from one that is gone or not pending.
      const claimed = deps.adapters.size === 0 ? undefined : await writes.claim(deliveryId);
      if (!claimed) {
        const row = await db.selectFrom("deliveries").selectAll().where("id", "=", deliveryId).executeTakeFirst();
        if (row && row.status === "pending" && !deps.adapters.has(row.platform as PlatformId)) await fail(row, `no adapter is configured for ${row.platform}`);
        return;
      }
      const row = claimed;
      const adapter = deps.adapters.get(row.platform as PlatformId);
      if (!adapter) return;
      const target = row.target as DeliveryTarget;
      const lease = setInterval(() => {
        void db.updateTable("deliveries").set({ updated_at: new Date() }).where("id", "=", row.id).where("status", "=", "sending").execute().catch(() => undefined);
      }, SENDING_LEASE_RENEW_MS);
      lease.unref();
      try {
        if (target.type === "archive") {
          const outcome = await archive(adapter, target);
          if (outcome.status === "wait") throw new Throttled(ARCHIVE_WAIT_MS);
          await db
            .updateTable("deliveries")
            .set({ status: "sent", sent_ref: JSON.stringify({ archived: outcome.archived, conversation: outcome.conversation }), sent_at: new Date(), updated_at: new Date(), last_error: null })
            .where("id", "=", row.id)
            .execute();
          deps.onOutcome?.(row.platform, "sent");
          return;
        }
        if (target.type === "group") {
          const group = await createGroup(claimed, adapter, target);
          await db
            .updateTable("deliveries")
            .set({ status: "sent", sent_ref: JSON.stringify({ group }), sent_at: new Date(), updated_at: new Date(), last_error: null })
            .where("id", "=", row.id)
            .execute();
          deps.onOutcome?.(row.platform, "sent");
          return;
        }
        const { conversation, progress, choices } = await sendAll(claimed, adapter, target);
        if (choices.length > 0) {
          const audience = target.type === "direct" ? target.userId : (target.audience ?? ANYONE);
          await deps.pending.set(conversation, audience, { kind: "choices", commands: choices });
        }
        await writes.markSent(row.id, progress);
        deps.onOutcome?.(row.platform, "sent");
      } catch (error) {
        if (error instanceof Throttled) {
          await db
            .updateTable("deliveries")
            .set((eb) => ({ status: "pending", attempts: eb("attempts", "-", 1), next_at: new Date(Date.now() + error.waitMs), updated_at: new Date() }))
            .where("id", "=", row.id)
            .execute();
          deps.onOutcome?.(row.platform, "throttled");
          return requeue(claimed, error.waitMs, claimed.attempts);
        }
        const classified = error instanceof DeliveryError ? error : DeliveryError.retry(errorText(error));
        if (classified.kind === "fatal" || claimed.attempts >= deps.maxAttempts) {
          return fail(claimed, classified.kind === "fatal" ? classified.reason : `gave up after ${claimed.attempts} attempts: ${classified.reason}`);
        }
        const delay = Math.max(classified.retryAfterMs ?? 0, backoffMs(claimed.attempts));
        await db
          .updateTable("deliveries")
          .set({ status: "pending", next_at: new Date(Date.now() + delay), last_error: classified.reason.slice(0, 500), updated_at: new Date() })
          .where("id", "=", row.id)
          .execute();
        logger.info({ delivery: row.id, platform: row.platform, attempt: claimed.attempts, delayMs: delay, reason: classified.reason }, "delivery will retry");
        deps.onOutcome?.(row.platform, "retry");
        await requeue(claimed, delay, claimed.attempts);
      } finally {
        clearInterval(lease);
      }
    },

    /** Re-queues what a crash or a lost job left behind: stale "sending" rows and due "pending" rows. */
    async sweep(): Promise<number> {
      const stale = await db
        .updateTable("deliveries")
        .set({ status: "pending", updated_at: new Date() })
        .where("status", "=", "sending")
        .where("updated_at", "<", new Date(Date.now() - STALE_SENDING_MS))
        .returning(["id", "attempts"])
        .execute();
      for (const d of stale) await queue.add("deliver", { deliveryId: d.id }, { jobId: jobIdFor(`deliver:${d.id}:stale:${d.attempts}`) });
      const due = await db
        .selectFrom("deliveries")
        .select(["id", "attempts", "next_at"])
        .where("status", "=", "pending")
        .where("next_at", "<", new Date(Date.now() - 60_000))
        .limit(500)
        .execute();
      for (const d of due) await queue.add("deliver", { deliveryId: d.id }, { jobId: jobIdFor(`deliver:${d.id}:sweep:${d.attempts}:${d.next_at.getTime()}`) });
      return stale.length + due.length;
    },
  };
}
