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
  /** Median hours from filing to triage, and to resolution; null when nothing got there yet. */
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

/** The numbers of `feedback stats` and of the digest: one pass over the project's items with grouping sets. */
export function createStats(deps: FeedbackDeps) {
  const { db, core } = deps;

  const rows = async (projectId: number): Promise<StatsRow[]> => {
    const settings = await settingsOf(db, projectId);
    const now = core.clock.now();
    const target = sql`case when priority = 'urgent' then make_interval(hours => ${settings.urgentHours}) else make_interval(days => ${settings.otherDays}) end`;
    const result = await sql<{ g_type: number; g_module: number; type: string | null; module: string | null; new_n: string; open_n: string; resolved_n: string; triage_s: number | null; resolve_s: number | null; breaches: string }>`
      select grouping(type) as g_type, grouping(module) as g_module, type, module,
        count(*) filter (where status = 'new') as new_n,
        count(*) filter (where status in ${OPEN}) as open_n,
        count(*) filter (where status = 'resolved') as resolved_n,
        percentile_cont(0.5) within group (order by extract(epoch from triaged_at - created_at)) filter (where triaged_at is not null) as triage_s,
        percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at)) filter (where resolved_at is not null) as resolve_s,
        count(*) filter (where (triaged_at is null and status in ${OPEN} and ${now}::timestamptz - created_at > ${target}) or (triaged_at - created_at > ${target})) as breaches
      from feedback_items where project_id = ${projectId} and status <> 'merged'
      group by grouping sets ((type), (module), ())`.execute(db);
    const hours = (s: number | null) => (s === null ? null : Math.round((Number(s) / 3600) * 10) / 10);
    return result.rows.map((r) => ({
      by: Number(r.g_type) === 0 ? ("type" as const) : Number(r.g_module) === 0 ? ("module" as const) : ("total" as const),
      value: Number(r.g_type) === 0 ? r.type : Number(r.g_module) === 0 ? r.module : null,
      new: Number(r.new_n),
      open: Number(r.open_n),
      resolved: Number(r.resolved_n),
      medianHoursToTriage: hours(r.triage_s),
      medianHoursToResolve: hours(r.resolve_s),
      slaBreaches: Number(r.breaches),
    }));
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
