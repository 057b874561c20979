import { sql } from "kysely";
import type { LeaveRange } from "./working-time.js";
import type { Database } from "../db/database.js";

/** One stored leave range of a person. */
export interface StoredLeave extends LeaveRange {
  id: string;
  personId: number;
}

export type LeaveStore = ReturnType<typeof createLeaveStore>;

/** Personal leave: inclusive local date ranges per person (`standup away`, `standup back`). */
export function createLeaveStore(db: Database) {
  const toLeave = (r: { id: string; person_id: number; from_date: string; to_date: string }): StoredLeave => ({
    id: String(r.id),
    personId: r.person_id,
    from: r.from_date,
    to: r.to_date,
  });

  return {
    /** Records a leave range; an overlapping or adjacent range of the same person is merged into it. */
    async add(tenantId: number, personId: number, from: string, to: string): Promise<LeaveRange> {
      return db.transaction().execute(async (trx) => {
        const touching = await trx
          .selectFrom("leave_ranges")
          .select(["id", "from_date", "to_date"])
          .where("tenant_id", "=", tenantId)
          .where("person_id", "=", personId)
          .where("from_date", "<=", sql<string>`(${to}::date + 1)`)
          .where("to_date", ">=", sql<string>`(${from}::date - 1)`)
          .execute();
        const merged = touching.reduce((acc, r) => ({ from: r.from_date < acc.from ? r.from_date : acc.from, to: r.to_date > acc.to ? r.to_date : acc.to }), { from, to });
        if (touching.length > 0) await trx.deleteFrom("leave_ranges").where("id", "in", touching.map((r) => r.id)).execute();
        await trx.insertInto("leave_ranges").values({ tenant_id: tenantId, person_id: personId, from_date: merged.from, to_date: merged.to }).execute();
        return merged;
      });
    },

    /** Ends the leave that covers `today` (it then ends yesterday); returns the ranges that were cut or removed. */
    async endOn(tenantId: number, personId: number, today: string): Promise<LeaveRange[]> {
      return db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom("leave_ranges")
          .select(["id", "person_id", "from_date", "to_date"])
          .where("tenant_id", "=", tenantId)
          .where("person_id", "=", personId)
          .where("from_date", "<=", today)
          .where("to_date", ">=", today)
          .execute();
        for (const r of current) {
          if (r.from_date >= today) await trx.deleteFrom("leave_ranges").where("id", "=", r.id).execute();
          else await trx.updateTable("leave_ranges").set({ to_date: sql<string>`(${today}::date - 1)` }).where("id", "=", r.id).execute();
        }
        return current.map((r) => ({ from: r.from_date, to: r.to_date }));
      });
    },

    /** A person's leave ranges that end on or after `since` (all of them when omitted), oldest first. */
    async of(tenantId: number, personId: number, since?: string): Promise<StoredLeave[]> {
      let query = db.selectFrom("leave_ranges").select(["id", "person_id", "from_date", "to_date"]).where("tenant_id", "=", tenantId).where("person_id", "=", personId);
      if (since) query = query.where("to_date", ">=", since);
      return (await query.orderBy("from_date").execute()).map(toLeave);
    },

    /** The leave of many people at once, by person id (for a tick over a whole team). */
    async ofPeople(tenantId: number, personIds: readonly number[]): Promise<Map<number, LeaveRange[]>> {
      const out = new Map<number, LeaveRange[]>();
      if (personIds.length === 0) return out;
      const rows = await db
        .selectFrom("leave_ranges")
        .select(["id", "person_id", "from_date", "to_date"])
        .where("tenant_id", "=", tenantId)
        .where("person_id", "in", [...personIds])
        .orderBy("from_date")
        .execute();
      for (const r of rows) {
        const list = out.get(r.person_id) ?? [];
        list.push({ from: r.from_date, to: r.to_date });
        out.set(r.person_id, list);
      }
      return out;
    },
  };
}
