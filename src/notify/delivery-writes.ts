import { sql } from "kysely";
import type { Database } from "../db/database.js";
import { prepared } from "../db/prepared.js";
import type { DeliveryRow } from "../db/schema.js";
import { naturalBatch } from "./natural-batch.js";

/**
 * The two writes every delivery makes — claim the pending row, record it sent — naturally batched across the deliver
 * jobs running at once: during a fan-out a thousand sends cost tens of statements instead of two thousand. Each
 * caller still gets its own answer. A batch that fails is written again one row at a time, so one bad row (or a
 * connection lost mid-batch) costs only the calls it really touches.
 */
export function createDeliveryWrites(db: Database, platforms: () => readonly string[]) {
  // A quiet server's batches hold one row (every command's reply): those run compiled once, not built per call. The
  // platforms go as one comma-joined parameter (a prepared statement takes no list).
  const claimOne = prepared(db, (id: string, at: Date, platformList: string) =>
    db
      .updateTable("deliveries")
      .set((eb) => ({ status: "sending", attempts: eb("attempts", "+", 1), updated_at: at }))
      .where("id", "=", id)
      .where("status", "=", "pending")
      .where(sql<boolean>`platform = any(string_to_array(${platformList}, ','))`)
      .returningAll(),
  );
  const markSentOne = prepared(db, (id: string, sentRef: string, at: Date) =>
    db.updateTable("deliveries").set({ status: "sent", sent_ref: sentRef, sent_at: at, updated_at: at, last_error: null }).where("id", "=", id),
  );

  const claimMany = async (ids: readonly string[]): Promise<(DeliveryRow | undefined)[]> => {
    const [only] = ids;
    if (ids.length === 1 && only !== undefined) return [(await claimOne(only, new Date(), platforms().join(","))).rows[0]];
    const rows = await db
      .updateTable("deliveries")
      .set((eb) => ({ status: "sending", attempts: eb("attempts", "+", 1), updated_at: new Date() }))
      .where("id", "in", [...new Set(ids)])
      .where("status", "=", "pending")
      .where("platform", "in", [...platforms()])
      .returningAll()
      .execute();
    const byId = new Map(rows.map((r) => [String(r.id), r] as const));
    // The same row asked for twice in one batch (a sweep's job beside the original) is claimed by the first ask only.
    return ids.map((id) => {
      const row = byId.get(String(id));
      byId.delete(String(id));
      return row;
    });
  };

  const markSentMany = async (items: readonly { id: string; sentRef: string }[]): Promise<void[]> => {
    const at = new Date();
    const [only] = items;
    if (items.length === 1 && only !== undefined) {
      await markSentOne(only.id, only.sentRef, at);
      return [undefined];
    }
    const values = sql.join(items.map((i) => sql`(${i.id}::bigint, ${i.sentRef}::jsonb)`));
    await sql`update deliveries as d set status = 'sent', sent_ref = v.ref, sent_at = ${at}, updated_at = ${at}, last_error = null from (values ${values}) as v(id, ref) where d.id = v.id`.execute(db);
    return items.map(() => undefined);
  };

  /** Runs a batch; when it fails, runs each item alone so that every caller gets its own outcome. */
  const alone =
    <In, Out>(many: (items: readonly In[]) => Promise<Out[]>) =>
    async (items: readonly In[]): Promise<Out[]> => {
      if (items.length === 1) return many(items);
      try {
        return await many(items);
      } catch {
        const outcomes = await Promise.allSettled(items.map((item) => many([item])));
        return outcomes.map((o) => (o.status === "fulfilled" ? o.value[0]! : (new FailedWrite(o.reason) as unknown as Out)));
      }
    };

  const claim = naturalBatch(alone(claimMany));
  const markSent = naturalBatch(alone(markSentMany));

  return {
    /** Claims a pending row of a configured platform for sending (attempts + 1); undefined when it is not claimable. */
    async claim(id: string): Promise<DeliveryRow | undefined> {
      return unwrap(await claim(id));
    },
    /** Records a row sent, with what the platform answered. */
    async markSent(id: string, sentRef: unknown): Promise<void> {
      unwrap(await markSent({ id, sentRef: JSON.stringify(sentRef) }));
    },
  };
}

/** One item's failure inside a batch that was written again item by item. */
class FailedWrite {
  constructor(readonly error: unknown) {}
}

function unwrap<T>(value: T | FailedWrite): T {
  if (value instanceof FailedWrite) throw value.error;
  return value;
}
