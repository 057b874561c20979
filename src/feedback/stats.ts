import { sql } from "kysely";
import { text, type OutboundMessage } from "../core/message.js";
import type { FeedbackDeps } from "./deps.js";
import { t, type Locale } from "./i18n.js";
import type { Asker } from "./model.js";
import { FEEDBACK_STATUSES, type FeedbackStatus } from "./schema.js";
import { moduleLabel, settingsOf } from "./settings.js";
import { typeLabel } from "./views.js";

/** One row of `feedback stats`: a type, a module, or the whole project. */
export interface StatsRow {
  by: "type" | "module" | "total";
  /** The type or module (null: none set yet, or the total row). */
  value: string | null;
  new: number;
  open: number;
  resolved: number;
  /** Median hours from filing to triage, and to resolution, over the latest 2,000 items that got there; null: none yet. */
  medianHoursToTriage: number | null;
  medianHoursToResolve: number | null;
  /** Items triaged later than their priority's target, or still untriaged past it (calendar time). */
  slaBreaches: number;
}

/** What the sponsor digest reads of feedback for one project. */
export interface FeedbackDigest {
  byStatus: Record<FeedbackStatus, number>;
  byType: Record<string, number>;
  openUrgent: number;
  oldestUntriaged: { key: string; createdAt: Date; ageHours: number } | null;
}

const OPEN = sql`('new','triaged','in_progress','planned','needs_info')`;
const OPEN_LIST: readonly FeedbackStatus[] = ["new", "triaged", "in_progress", "planned", "needs_info"];
/** How many of the latest triaged (resolved) items the median time to triage (resolve) is taken over. */
export const MEDIAN_SAMPLE = 2000;
const groupKey = (by: StatsRow["by"], value: string | null) => `${by}:${value ?? ""}`;

/** The numbers of `feedback stats` and of the digest: one pass over the project's items with grouping sets. */
export function createStats(deps: FeedbackDeps) {
  const { db, core } = deps;

  /** Median hours from filing to `column`, over the latest MEDIAN_SAMPLE items that got there, per type, module, total. */
  const medians = async (projectId: number, column: "triaged_at" | "resolved_at"): Promise<Map<string, number | null>> => {
    const result = await sql<{ g_type: number; g_module: number; type: string | null; module: string | null; s: number | null }>`
      with recent as (
        select type, module, extract(epoch from ${sql.ref(column)} - created_at) as s from feedback_items
        where project_id = ${projectId} and ${sql.ref(column)} is not null and status <> 'merged'
        order by ${sql.ref(column)} desc limit ${MEDIAN_SAMPLE}
      )
      select grouping(type) as g_type, grouping(module) as g_module, type, module, percentile_cont(0.5) within group (order by s) as s
      from recent group by grouping sets ((type), (module), ())`.execute(db);
    return new Map(result.rows.map((r) => [groupKey(Number(r.g_type) === 0 ? "type" : Number(r.g_module) === 0 ? "module" : "total", Number(r.g_type) === 0 ? r.type : r.module), r.s === null ? null : Math.round((Number(r.s) / 3600) * 10) / 10]));
  };

  /**
   * Counts from the rollup the triggers keep (a few hundred rows however many items), breaches of untriaged items
   * (those past their target now) from the open-items index, medians from the latest items; folded per type, per
   * module and in total.
   */
  const rows = async (projectId: number): Promise<StatsRow[]> => {
    const settings = await settingsOf(db, projectId);
    const now = core.clock.now();
    const target = sql`case when priority = 'urgent' then make_interval(hours => ${settings.urgentHours}) else make_interval(days => ${settings.otherDays}) end`;
    const [counts, waiting, triage, resolve] = await Promise.all([
      db.selectFrom("feedback_rollup").select(["type", "module", "status", "late", "n"]).where("project_id", "=", projectId).where("n", ">", 0).where("status", "<>", "merged").execute(),
      sql<{ type: string | null; module: string | null; n: string }>`
        select type, module, count(*) as n from feedback_items
        where project_id = ${projectId} and status = 'new' and created_at < ${new Date(now.getTime() - Math.min(settings.urgentHours * 3600_000, settings.otherDays * 86_400_000))}
          and ${now}::timestamptz - created_at > ${target}
        group by type, module`.execute(db),
      medians(projectId, "triaged_at"),
      medians(projectId, "resolved_at"),
    ]);
    const out = new Map<string, StatsRow>();
    const rowOf = (by: StatsRow["by"], value: string | null) => {
      const key = groupKey(by, value);
      const row = out.get(key) ?? { by, value, new: 0, open: 0, resolved: 0, medianHoursToTriage: triage.get(key) ?? null, medianHoursToResolve: resolve.get(key) ?? null, slaBreaches: 0 };
      out.set(key, row);
      return row;
    };
    const each = (type: string | null, module: string | null, apply: (row: StatsRow) => void) => [rowOf("type", type || null), rowOf("module", module || null), rowOf("total", null)].forEach(apply);
    for (const r of counts) {
      each(r.type, r.module, (row) => {
        if (r.status === "new") row.new += r.n;
        if (OPEN_LIST.includes(r.status)) row.open += r.n;
        if (r.status === "resolved") row.resolved += r.n;
        if (r.late) row.slaBreaches += r.n;
      });
    }
    for (const r of waiting.rows) each(r.type, r.module, (row) => void (row.slaBreaches += Number(r.n)));
    return [...out.values()];
  };

  const line = (locale: Locale, label: string, r: StatsRow) =>
    t(locale, "feedback.stats.line", { label, new: r.new, open: r.open, resolved: r.resolved, triage: r.medianHoursToTriage ?? "—", resolve: r.medianHoursToResolve ?? "—", breaches: r.slaBreaches });

  const message = async (asker: Asker): Promise<OutboundMessage> => {
    const l = asker.locale;
    const all = await rows(asker.projectId);
    const total = all.find((r) => r.by === "total");
    if (!total || total.new + total.open + total.resolved === 0 && all.length <= 1) return { blocks: [text(t(l, "feedback.stats.none"))], locale: l };
    const byType = all.filter((r) => r.by === "type").sort((a, b) => b.open - a.open).map((r) => line(l, typeLabel(l, r.value), r));
    const byModule = all.filter((r) => r.by === "module").sort((a, b) => b.open - a.open).map((r) => line(l, moduleLabel(l, r.value), r));
    return {
      title: t(l, "feedback.stats.title", { project: asker.projectName }),
      blocks: [text(line(l, t(l, "feedback.stats.total"), total)), text(`**${t(l, "feedback.stats.by_type")}**\n${byType.join("\n")}`), text(`**${t(l, "feedback.stats.by_module")}**\n${byModule.join("\n")}`), text(t(l, "feedback.stats.legend"))],
      locale: l,
    };
  };

  const digest = async (projectId: number): Promise<FeedbackDigest> => {
    const statuses = await db.selectFrom("feedback_items").select((eb) => ["status", eb.fn.countAll<string>().as("n")]).where("project_id", "=", projectId).groupBy("status").execute();
    const types = await db.selectFrom("feedback_items").select((eb) => ["type", eb.fn.countAll<string>().as("n")]).where("project_id", "=", projectId).where("status", "<>", "merged").groupBy("type").execute();
    const urgent = await db.selectFrom("feedback_items").select((eb) => eb.fn.countAll<string>().as("n")).where("project_id", "=", projectId).where("priority", "=", "urgent").where(sql<boolean>`status in ${OPEN}`).executeTakeFirstOrThrow();
    const oldest = await db.selectFrom("feedback_items").select(["key", "created_at"]).where("project_id", "=", projectId).where("status", "=", "new").orderBy("created_at").limit(1).executeTakeFirst();
    const byStatus = Object.fromEntries(FEEDBACK_STATUSES.map((s) => [s, 0])) as Record<FeedbackStatus, number>;
    for (const s of statuses) byStatus[s.status] = Number(s.n);
    const now = core.clock.now();
    return {
      byStatus,
      byType: Object.fromEntries(types.map((r) => [r.type ?? "untyped", Number(r.n)])),
      openUrgent: Number(urgent.n),
      oldestUntriaged: oldest ? { key: oldest.key, createdAt: oldest.created_at, ageHours: Math.floor((now.getTime() - oldest.created_at.getTime()) / 3600_000) } : null,
    };
  };

  return { rows, message, digest };
}

export type Stats = ReturnType<typeof createStats>;
