import type { Database } from "../db/database.js";
import type { CoreServices } from "../services.js";
import { localStamp } from "./views.js";

/** The UTF-8 byte order mark: Excel opens a CSV as UTF-8 (Chinese included) only when it starts with one. */
export const BOM = "\uFEFF";

const HEADER = ["key", "created", "reporter", "type", "module", "priority", "status", "owner", "people", "triaged", "resolved", "task", "text"];

/** A CSV cell: quoted when needed, and a leading = + - @ defused so a spreadsheet never runs it as a formula. */
export function cell(value: string | number | null): string {
  let s = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every item of the project (merged ones too, pointing at where they went), oldest first, as CSV text with a BOM. */
export async function feedbackCsv(db: Database, core: Pick<CoreServices, "people" | "projects">, tenantId: number, projectId: number): Promise<{ csv: string; rows: number }> {
  const project = await core.projects.get(tenantId, projectId);
  const zone = project?.timezone ?? "UTC";
  const items = await db.selectFrom("feedback_items").selectAll().where("tenant_id", "=", tenantId).where("project_id", "=", projectId).orderBy("number").execute();
  const counts = new Map<string, number>();
  for (let i = 0; i < items.length; i += 1000) {
    const ids = items.slice(i, i + 1000).map((r) => r.id);
    const rows = await db.selectFrom("feedback_followers").select((eb) => ["item_id", eb.fn.countAll<string>().as("n")]).where("item_id", "in", ids).groupBy("item_id").execute();
    for (const r of rows) counts.set(String(r.item_id), Number(r.n));
  }
  const names = new Map<number, string>();
  for (const id of new Set(items.flatMap((i) => [i.reporter_id, i.owner_id]).filter((x): x is number => x !== null))) names.set(id, (await core.people.get(tenantId, id))?.displayName ?? "");
  const keyOf = new Map(items.map((i) => [i.id, i.key]));
  const lines = [HEADER.join(",")];
  for (const i of items) {
    const status = i.status === "merged" && i.duplicate_of ? `merged into ${keyOf.get(i.duplicate_of) ?? ""}` : i.status;
    lines.push(
      [i.key, localStamp(i.created_at, zone), i.reporter_id === null ? "" : (names.get(i.reporter_id) ?? ""), i.type, i.module, i.priority, status, i.owner_id === null ? "" : (names.get(i.owner_id) ?? ""), 1 + (counts.get(i.id) ?? 0), i.triaged_at ? localStamp(i.triaged_at, zone) : null, i.resolved_at ? localStamp(i.resolved_at, zone) : null, i.task_key, i.text]
        .map(cell)
        .join(","),
    );
  }
  return { csv: `${BOM}${lines.join("\r\n")}\r\n`, rows: items.length };
}
