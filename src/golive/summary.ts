import type { Database } from "../db/database.js";
import { t, type Locale } from "./i18n.js";
import type { Warroom } from "./warroom-state.js";

export interface IssueCounts {
  /** By severity 1–4, then "?" for none yet. */
  open: Record<string, number>;
  resolved: Record<string, number>;
  created: Record<string, number>;
}

const bucket = (sev: number | null) => (sev === null ? "?" : String(sev));
const empty = () => ({ "1": 0, "2": 0, "3": 0, "4": 0, "?": 0 }) as Record<string, number>;

/** Issue counts by severity: open now, and created / resolved since `since`. */
export async function issueCounts(db: Database, warroomId: string, since: Date): Promise<IssueCounts> {
  const rows = await db.selectFrom("warroom_issues").select(["severity", "status", "created_at", "resolved_at"]).where("warroom_id", "=", warroomId).execute();
  const out = { open: empty(), resolved: empty(), created: empty() };
  for (const r of rows) {
    if (r.status === "open") out.open[bucket(r.severity)]! += 1;
    if (r.resolved_at && r.resolved_at >= since) out.resolved[bucket(r.severity)]! += 1;
    if (r.created_at >= since) out.created[bucket(r.severity)]! += 1;
  }
  return out;
}

const line = (counts: Record<string, number>) => ["1", "2", "3", "4", "?"].map((s) => `S${s} ${counts[s]}`).join(" · ");

export function countsText(locale: Locale, counts: IssueCounts): string {
  return [t(locale, "golive.summary.created", { counts: line(counts.created) }), t(locale, "golive.summary.open", { counts: line(counts.open) }), t(locale, "golive.summary.resolved", { counts: line(counts.resolved) })].join("\n");
}

/** Whether the hypercare exit criteria hold: no sev1/sev2 open, and none open at any time in the last `days` working days. */
export async function exitCriteriaMet(db: Database, room: Warroom, since: Date): Promise<boolean> {
  const recent = await db
    .selectFrom("warroom_issues")
    .select("id")
    .where("warroom_id", "=", room.id)
    .where("severity", "in", [1, 2])
    .where((eb) => eb.or([eb("status", "=", "open"), eb("resolved_at", ">=", since)]))
    .executeTakeFirst();
  return recent === undefined;
}
