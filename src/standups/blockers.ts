import { sql } from "kysely";
import type { Database } from "../db/database.js";
import type { BlockerRow } from "./schema.js";

/** A blocker raised in a stand-up answer. */
export interface Blocker {
  id: string;
  key: string;
  projectId: number;
  teamId: number | null;
  ownerId: number;
  ownerName: string;
  text: string;
  openedOn: string;
  resolvedOn: string | null;
  flaggedAt: Date | null;
  /** The RACI task it became, once linked. */
  taskKey: string | null;
}

const NO_BLOCKER = new Set(["", "-", "—", "–", "/", "none", "no", "nope", "nothing", "n/a", "na", "no blockers", "no blocker", "nil", "skip", "无", "没有", "暂无", "没", "无阻塞", "没有阻塞", "跳过", "否", "不", "没问题", "无。", "没有。"]);

/** True when a blocker answer says there is none ("none", "无", "-", empty …). */
export function saysNoBlocker(text: string): boolean {
  return NO_BLOCKER.has(text.trim().toLowerCase().replace(/[.!。！]+$/, ""));
}

const normalize = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");

type Selected = BlockerRow & { owner_name: string };

function toBlocker(row: Selected): Blocker {
  return {
    id: String(row.id),
    key: row.key,
    projectId: row.project_id,
    teamId: row.team_id,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    text: row.text,
    openedOn: row.opened_on,
    resolvedOn: row.resolved_on,
    flaggedAt: row.flagged_at,
    taskKey: row.task_key,
  };
}

export type BlockerService = ReturnType<typeof createBlockerService>;

/** Blocker records, numbered per project (B-1, B-2 …), with owner, opened/resolved dates and the PM flag. */
export function createBlockerService(db: Database) {
  const selectBlockers = (trx: Database) =>
    trx.selectFrom("blockers").innerJoin("people", "people.id", "blockers.owner_id").selectAll("blockers").select("people.display_name as owner_name");

  return {
    /**
     * Records the blocker of a stand-up answer: the run's own blocker is updated while open; an open blocker of
     * the same owner with the same words is kept (asked again tomorrow, it is the same blocker); otherwise a new
     * one gets the project's next number.
     */
    async raise(
      trx: Database,
      input: { tenantId: number; projectId: number; teamId: number; ownerId: number; runId: string; text: string; openedOn: string },
    ): Promise<{ blocker: Blocker; created: boolean }> {
      const ofRun = await selectBlockers(trx).where("blockers.run_id", "=", input.runId).executeTakeFirst();
      if (ofRun && ofRun.resolved_on === null) {
        if (ofRun.text !== input.text) await trx.updateTable("blockers").set({ text: input.text }).where("id", "=", ofRun.id).execute();
        return { blocker: { ...toBlocker(ofRun), text: input.text }, created: false };
      }
      const open = await selectBlockers(trx)
        .where("blockers.project_id", "=", input.projectId)
        .where("blockers.owner_id", "=", input.ownerId)
        .where("blockers.resolved_on", "is", null)
        .execute();
      const same = open.find((b) => normalize(b.text) === normalize(input.text));
      if (same) return { blocker: toBlocker(same), created: false };
      for (let attempt = 0; attempt < 20; attempt++) {
        const next = await trx
          .selectFrom("blockers")
          .select(sql<number>`coalesce(max(number), 0) + 1`.as("n"))
          .where("project_id", "=", input.projectId)
          .executeTakeFirstOrThrow();
        const number = Number(next.n) + attempt;
        const inserted = await trx
          .insertInto("blockers")
          .values({
            tenant_id: input.tenantId,
            project_id: input.projectId,
            number,
            key: `B-${number}`,
            team_id: input.teamId,
            owner_id: input.ownerId,
            run_id: ofRun ? null : input.runId,
            text: input.text,
            opened_on: input.openedOn,
          })
          .onConflict((oc) => oc.doNothing())
          .returning("id")
          .executeTakeFirst();
        if (inserted) {
          const row = await selectBlockers(trx).where("blockers.id", "=", inserted.id).executeTakeFirstOrThrow();
          return { blocker: toBlocker(row), created: true };
        }
      }
      throw new Error("could not number a new blocker");
    },

    /** Withdraws the open blocker an edited answer no longer has. */
    async withdrawForRun(trx: Database, runId: string): Promise<void> {
      await trx.deleteFrom("blockers").where("run_id", "=", runId).where("resolved_on", "is", null).where("flagged_at", "is", null).execute();
    },

    async list(tenantId: number, projectId: number, options: { all?: boolean; teamId?: number } = {}, trx: Database = db): Promise<Blocker[]> {
      let query = selectBlockers(trx).where("blockers.tenant_id", "=", tenantId).where("blockers.project_id", "=", projectId);
      if (!options.all) query = query.where("blockers.resolved_on", "is", null);
      if (options.teamId !== undefined) query = query.where("blockers.team_id", "=", options.teamId);
      return (await query.orderBy("blockers.number").execute()).map(toBlocker);
    },

    async find(tenantId: number, projectId: number, key: string): Promise<Blocker | null> {
      const row = await selectBlockers(db)
        .where("blockers.tenant_id", "=", tenantId)
        .where("blockers.project_id", "=", projectId)
        .where("blockers.key", "=", key.trim().toUpperCase())
        .executeTakeFirst();
      return row ? toBlocker(row) : null;
    },

    /** Marks a blocker resolved on a local date; false when it was already resolved. */
    async resolve(blockerId: string, byPersonId: number, on: string): Promise<boolean> {
      const result = await db
        .updateTable("blockers")
        .set({ resolved_on: on, resolved_by: byPersonId })
        .where("id", "=", blockerId)
        .where("resolved_on", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Open blockers not yet flagged to the PM and opened on or before `openedBy` (the tick narrows with it). */
    async awaitingFlag(openedBy: string): Promise<(Blocker & { tenantId: number })[]> {
      const rows = await selectBlockers(db).where("blockers.resolved_on", "is", null).where("blockers.flagged_at", "is", null).where("blockers.opened_on", "<=", openedBy).execute();
      return rows.map((r) => ({ ...toBlocker(r), tenantId: r.tenant_id }));
    },

    async markFlagged(trx: Database, blockerId: string, at: Date): Promise<void> {
      await trx.updateTable("blockers").set({ flagged_at: at }).where("id", "=", blockerId).execute();
    },
  };
}
