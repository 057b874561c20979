import "./i18n.js";
import { UserError } from "../core/command.js";
import { isRealDate } from "../core/dates.js";
import type { Database } from "../db/database.js";
import type { RaciTaskPort } from "../raci/task-port.js";
import type { Asker } from "./model.js";

/** `--due 2026-12-20` or `--due "2026-12-20 18:00"`; anything else is refused naming the option. */
export function readDue(value: string | undefined): { date: string; time: string | null } | null {
  if (value === undefined || value.trim() === "") return null;
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?$/.exec(value.trim());
  if (!match || !isRealDate(match[1]!)) throw new UserError("governance.errors.bad_due", { value });
  return { date: match[1]!, time: match[2] ?? null };
}

/**
 * A RACI task made from a governance item (a risk, a change request, a meeting): it rides the nag ladder like any
 * other, and the link is kept here so the item shows its tasks' status.
 */
export async function makeTask(
  deps: { db: Database; tasks: RaciTaskPort },
  asker: Asker,
  item: string,
  input: { title: string; r: number; a?: number; due?: string | undefined },
): Promise<{ id: string; key: string }> {
  const due = readDue(input.due);
  return deps.db.transaction().execute(async (trx) => {
    const created = await deps.tasks.createTask(
      { tenantId: asker.tenantId, projectId: asker.projectId, title: input.title.slice(0, 300), r: [input.r], a: input.a ?? asker.personId, due, createdBy: asker.personId, source: { feature: "governance", ref: item } },
      trx,
    );
    await trx.insertInto("governance_tasks").values({ tenant_id: asker.tenantId, project_id: asker.projectId, item, task_id: created.id, task_key: created.key }).execute();
    return created;
  });
}

/** The tasks made from an item, with their current status. */
export async function linkedTasks(db: Database, port: RaciTaskPort, projectId: number, item: string): Promise<{ key: string; status: string }[]> {
  const rows = await db.selectFrom("governance_tasks").select(["task_id", "task_key"]).where("project_id", "=", projectId).where("item", "=", item).orderBy("created_at").execute();
  const status = await port.statusOf(rows.map((r) => String(r.task_id)));
  return rows.map((r) => ({ key: r.task_key, status: status.get(String(r.task_id))?.status ?? "open" }));
}
