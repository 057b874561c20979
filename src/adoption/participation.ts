import { addDays } from "../core/dates.js";
import type { Database } from "../db/database.js";
import type { RaciReads } from "../raci/feature.js";
import type { StandupReads } from "../standups/standups.js";
import { localDay } from "./days.js";
import { PARTICIPATION } from "./rules.js";

/** Days of stand-ups looked at again on each settle: answers can come in late, and a settle may have been missed. */
const STANDUP_DAYS = 8;

/** One stand-up point per person and day, however many teams they answered in. */
const standupRef = (personId: number, day: string) => `s:${personId}:${day}`;

/**
 * Participation points from the bot itself: a stand-up answered before its window closed, a task done by its due
 * date (each award once, by its reference). An on-time stand-up answer earns its point inside the transaction that
 * saves it, so no board has to look for it. Task completions are heard inside RACI's transaction and recorded there;
 * whether they were on time is settled afterwards through RACI's read API (`settleTasks`: one indexed probe when
 * nothing waits). `settle` also looks at the last days of stand-ups again (answers given before this was in place, or
 * while adoption was off): the weekly post runs it, boards do not.
 */
export function createParticipation(deps: { db: Database; standups: StandupReads; raci: RaciReads; now: () => Date }) {
  const { db } = deps;
  deps.raci.tasks.onStatusChange(async (event) => {
    if (event.to !== "done" || event.by === null) return;
    await event.trx
      .insertInto("adoption_task_done")
      .values({ tenant_id: event.tenantId, project_id: event.projectId, task_id: event.taskId, person_id: event.by, done_at: event.at })
      .onConflict((oc) => oc.doNothing())
      .execute();
  });

  deps.standups.onAnswered(async (event) => {
    if (event.late) return;
    const { tenantId, projectId, personId, date: day, at } = event;
    await event.trx
      .insertInto("adoption_points")
      .values({ tenant_id: tenantId, project_id: projectId, person_id: personId, kind: "standup", ref: standupRef(personId, day), points: PARTICIPATION.standup, at, day })
      .onConflict((oc) => oc.doNothing())
      .execute();
  });

  const award = async (rows: { tenantId: number; projectId: number; personId: number; kind: string; ref: string; points: number; at: Date; day: string }[]) => {
    if (rows.length === 0) return;
    await db
      .insertInto("adoption_points")
      .values(rows.map((r) => ({ tenant_id: r.tenantId, project_id: r.projectId, person_id: r.personId, kind: r.kind, ref: r.ref, points: r.points, at: r.at, day: r.day })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  };

  const settleTasks = async (tenantId: number, projectId: number, timezone: string): Promise<void> => {
    const done = await db.selectFrom("adoption_task_done").selectAll().where("project_id", "=", projectId).where("settled", "=", false).execute();
    if (done.length === 0) return;
    const tasks = await deps.raci.tasks.statusOf(done.map((d) => d.task_id));
    await award(
      done.flatMap((d) => {
        const task = tasks.get(d.task_id);
        const day = localDay(d.done_at, timezone);
        if (!task?.dueDate || task.status !== "done" || day > task.dueDate) return [];
        return [{ tenantId, projectId, personId: d.person_id, kind: "task", ref: `t:${d.task_id}`, points: PARTICIPATION.task, at: d.done_at, day }];
      }),
    );
    await db.updateTable("adoption_task_done").set({ settled: true }).where("project_id", "=", projectId).where("task_id", "in", done.map((d) => d.task_id)).execute();
  };

  return {
    settleTasks,
    /** Stand-ups of the last days looked at again, and tasks: the weekly post's catch-up, not a board's. */
    async settle(tenantId: number, projectId: number, timezone: string): Promise<void> {
      const now = deps.now();
      const today = localDay(now, timezone);
      const from = addDays(today, -STANDUP_DAYS);
      for (let day = from; day <= today; day = addDays(day, 1)) {
        const seen = await deps.standups.participation(tenantId, projectId, day, day);
        await award(
          seen.people
            .filter((p) => p.answeredOnTime > 0)
            .map((p) => ({ tenantId, projectId, personId: p.personId, kind: "standup", ref: standupRef(p.personId, day), points: PARTICIPATION.standup, at: now, day })),
        );
      }
      await settleTasks(tenantId, projectId, timezone);
    },
  };
}

export type Participation = ReturnType<typeof createParticipation>;
