import { addDays, weekOf } from "../core/dates.js";
import type { WeekCache } from "./week-cache.js";
import type { DecisionBoard, DecisionPage } from "../core/decisions.js";
import type { Locale } from "../core/i18n.js";
import type { FeatureReads } from "../feature/reads.js";
import type { AdoptionReads, AdoptionTrend, AdoptionWeek } from "../adoption/feature.js";
import type { GoliveDigest, GoliveReads } from "../golive/feature.js";
import type { GovernanceReads } from "../governance/feature.js";
import type { RaciReads } from "../raci/feature.js";
import type { RaciDelivery } from "../raci/digest-read.js";
import type { ProjectParticipation } from "../standups/stats.js";
import type { StandupReads } from "../standups/standups.js";

type Delivery = Awaited<ReturnType<RaciReads["delivery"]>>;
type Risks = Awaited<ReturnType<GovernanceReads["risks"]>>;
type Changes = Awaited<ReturnType<GovernanceReads["changesAwaitingDecision"]>>;
type TeamTrend = AdoptionTrend & { teamId: number; teamName: string };

/**
 * What the digest reads of other features, each read once per digest however many sections use it (a section and
 * the RAG rules share one go-live read). A source is null when its feature is not in the build.
 */
export interface DigestSources {
  golive(): Promise<GoliveDigest | null>;
  delivery(): Promise<(RaciDelivery & { counts: Delivery["counts"] }) | null>;
  /** The oldest decisions waiting for the deciders (as many as the web report lists) and the counts of all of them. */
  decisions(): Promise<DecisionPage & { total: number }>;
  adoption(): Promise<{ week: AdoptionTrend; series: AdoptionWeek[]; teams: TeamTrend[] } | null>;
  risks(): Promise<Risks | null>;
  changes(): Promise<Changes | null>;
  participation(): Promise<ProjectParticipation | null>;
  /** Any other feature's read API (a later section's, e.g. feedback), or null when it is not in the build. */
  read<R>(feature: string): R | null;
  /** Runs `load` once per digest under `key`: a later section's own shared read. */
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** How long each read took (ms), for the logs and the bench. */
  timings(): Record<string, number>;
}

export interface SourceQuery {
  tenantId: number;
  projectId: number;
  /** Whose decisions: the reader when a sponsor, else every sponsor of the project. */
  deciders: readonly number[];
  locale: Locale;
  week: { from: string; to: string };
  now: Date;
  /** Past weeks' figures kept a short while (none: read every time). */
  weeks?: WeekCache;
}

/** Decisions listed in the web report (the chat shows the first few); the rest are counted. */
export const DECISIONS_LISTED = 500;

/** The sources of one digest over the features' read APIs and the decision board. */
export function createSources(reads: FeatureReads, decisions: DecisionBoard, q: SourceQuery): DigestSources {
  const memo = new Map<string, Promise<unknown>>();
  const took: Record<string, number> = {};
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let hit = memo.get(key) as Promise<T> | undefined;
    if (!hit) {
      const start = performance.now();
      memo.set(key, (hit = load().finally(() => void (took[key] = Math.round(performance.now() - start)))));
    }
    return hit;
  };
  const read = <R>(feature: string): R | null => (reads.has(feature) ? reads.get<R>(feature) : null);
  return {
    read,
    once,
    timings: () => ({ ...took }),
    golive: () => once("golive", async () => (await read<GoliveReads>("golive")?.digest(q.tenantId, q.projectId)) ?? null),
    delivery: () => once("delivery", async () => (await read<RaciReads>("raci")?.delivery(q.projectId, { from: q.week.from, to: q.week.to, endsAt: q.now, now: q.now })) ?? null),
    // Counted where they live; only the listed ones are built (thousands of escalated tasks are a number, not a list).
    decisions: () => once("decisions", () => decisions.pageFor({ tenantId: q.tenantId, personIds: q.deciders, projectId: q.projectId, locale: q.locale }, DECISIONS_LISTED)),
    adoption: () =>
      once("adoption", async () => {
        const adoption = read<AdoptionReads>("adoption");
        if (!adoption) return null;
        // The last whole ISO week: on a Monday, the week that just ended.
        const lastFullWeek = addDays(weekOf(q.week.to).from, -1);
        const load = () => Promise.all([adoption.series(q.tenantId, q.projectId, { date: lastFullWeek, weeks: 8 }), adoption.teams(q.tenantId, q.projectId, { date: lastFullWeek })]);
        const [series, teams] = await (q.weeks ? q.weeks.get(`adoption:${q.projectId}:${lastFullWeek}`, q.now, load) : load());
        const current = series.at(-1);
        const previous = series.at(-2);
        if (!current || !previous) return null;
        return { week: { ...current, previous }, series, teams };
      }),
    risks: () => once("risks", async () => (await read<GovernanceReads>("governance")?.risks(q.tenantId, q.projectId)) ?? null),
    changes: () => once("changes", async () => (await read<GovernanceReads>("governance")?.changesAwaitingDecision(q.projectId)) ?? null),
    participation: () => once("participation", async () => (await read<StandupReads>("standups")?.participation(q.tenantId, q.projectId, q.week.from, q.week.to)) ?? null),
  };
}
