import { sql } from "kysely";
import { text, type OutboundMessage } from "../core/message.js";
import type { FeedbackDeps } from "./deps.js";
import { t, type Locale } from "./i18n.js";
import type { Asker } from "./model.js";
import type { FeedbackStatus } from "./schema.js";
import { DEFAULT_TARGETS, moduleLabel } from "./settings.js";
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

const OPEN_LIST: readonly FeedbackStatus[] = ["new", "triaged", "in_progress", "planned", "needs_info"];
/** How many of the latest triaged (resolved) items the median time to triage (resolve) is taken over. */
export const MEDIAN_SAMPLE = 2000;
const groupKey = (by: StatsRow["by"], value: string | null) => `${by}:${value ?? ""}`;

/** One row of the stats statement: a rollup count, a count of new items still within target, or a median. */
interface StatsPart {
  part: "count" | "fresh" | "triage" | "resolve";
  type: string | null;
  module: string | null;
  status: string | null;
  late: boolean | null;
  n: number | string | null;
  g_type: number | null;
  g_module: number | null;
  /** Median seconds. */
  m: number | string | null;
}

/** The latest items that reached `column` (the medians' sample), as seconds from filing. */
const sample = (projectId: number, column: "triaged_at" | "resolved_at") => sql`
  select coalesce(type, '') as type, coalesce(module, '') as module, extract(epoch from ${sql.ref(column)} - created_at) as s from feedback_items
  where project_id = ${projectId} and ${sql.ref(column)} is not null and status <> 'merged'
  order by ${sql.ref(column)} desc limit ${MEDIAN_SAMPLE}`;

const medianOf = (part: "triage" | "resolve", from: string) => sql`
  select ${part}::text as part, type, module, null::text as status, null::boolean as late, null::bigint as n,
    grouping(type) as g_type, grouping(module) as g_module, percentile_cont(0.5) within group (order by s) as m
  from ${sql.table(from)} group by grouping sets ((type), (module), ())`;

/**
 * `feedback stats` in one statement: the rollup's counts, the new items still within their response target (the
 * settings' targets, or the defaults), and the medians over the latest MEDIAN_SAMPLE triaged and resolved items.
 * Exported for the bench's EXPLAIN ANALYZE.
 */
export function statsQuery(projectId: number, now: Date) {
  return sql<StatsPart>`
    with targets as (
      select make_interval(hours => coalesce(max(urgent_hours), ${DEFAULT_TARGETS.urgentHours})) as urgent, make_interval(days => coalesce(max(other_days), ${DEFAULT_TARGETS.otherDays})) as other
      from feedback_settings where project_id = ${projectId}
    ), triaged as (${sample(projectId, "triaged_at")}), resolved as (${sample(projectId, "resolved_at")})
    select 'count'::text as part, type, module, status, late, n::bigint as n, null::int as g_type, null::int as g_module, null::float8 as m
    from feedback_rollup where project_id = ${projectId} and n > 0 and status <> 'merged'
    union all
    select 'fresh', coalesce(i.type, ''), coalesce(i.module, ''), null, null, count(*), null, null, null
    from feedback_items i, targets
    where i.project_id = ${projectId} and i.status = 'new' and i.created_at > ${now}::timestamptz - greatest(targets.urgent, targets.other)
      and ${now}::timestamptz - i.created_at <= case when i.priority = 'urgent' then targets.urgent else targets.other end
    group by coalesce(i.type, ''), coalesce(i.module, '')
    union all ${medianOf("triage", "triaged")}
    union all ${medianOf("resolve", "resolved")}`;
}

/** The numbers of `feedback stats` (and of the read API's `stats`): one statement over the rollup and the latest items. */
export function createStats(deps: FeedbackDeps) {
  const { db, core } = deps;

  /**
   * Counts from the rollup the triggers keep (a few hundred rows however many items); breaches of untriaged items as
   * the rollup's new items less those still within their target (a short range of the open-items index, not every
   * new item); medians over the latest items. One statement, one round trip, folded per type, per module and in total.
   */
  const rows = async (projectId: number): Promise<StatsRow[]> => {
    const result = await statsQuery(projectId, core.clock.now()).execute(db);
    const out = new Map<string, StatsRow>();
    const rowOf = (by: StatsRow["by"], value: string | null) => {
      const key = groupKey(by, value);
      const row = out.get(key) ?? { by, value, new: 0, open: 0, resolved: 0, medianHoursToTriage: null, medianHoursToResolve: null, slaBreaches: 0 };
      out.set(key, row);
      return row;
    };
    const each = (type: string | null, module: string | null, apply: (row: StatsRow) => void) => [rowOf("type", type || null), rowOf("module", module || null), rowOf("total", null)].forEach(apply);
    const medians: StatsPart[] = [];
    for (const r of result.rows) {
      const n = Number(r.n);
      if (r.part === "count") {
        const status = r.status as FeedbackStatus;
        each(r.type, r.module, (row) => {
          if (status === "new") {
            row.new += n;
            // Every untriaged item is a breach unless it is still within its target (the "fresh" part below).
            row.slaBreaches += n;
          }
          if (OPEN_LIST.includes(status)) row.open += n;
          if (status === "resolved") row.resolved += n;
          if (r.late) row.slaBreaches += n;
        });
      } else if (r.part === "fresh") each(r.type, r.module, (row) => void (row.slaBreaches -= n));
      else medians.push(r);
    }
    // Medians after the counts: a group with medians but no count row (all merged since) is not shown.
    for (const r of medians) {
      const key = groupKey(Number(r.g_type) === 0 ? "type" : Number(r.g_module) === 0 ? "module" : "total", Number(r.g_type) === 0 ? r.type || null : Number(r.g_module) === 0 ? r.module || null : null);
      const row = out.get(key);
      if (!row || r.m === null) continue;
      const hours = Math.round((Number(r.m) / 3600) * 10) / 10;
      if (r.part === "triage") row.medianHoursToTriage = hours;
      else row.medianHoursToResolve = hours;
    }
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

  return { rows, message };
}

export type Stats = ReturnType<typeof createStats>;
