import { localParts } from "../calendar/zones.js";
import { addDays } from "../core/dates.js";
import type { Locale } from "../core/i18n.js";
import type { FeatureReads } from "../feature/reads.js";
import type { Logger } from "../logger.js";
import type { Project } from "../projects/service.js";
import type { CoreServices } from "../services.js";
import { translator } from "./i18n.js";
import type { AnySection, ComputedSection, DigestContent, DigestScope } from "./model.js";
import type { RagStatus } from "./schema.js";
import { sections as defaultSections } from "./sections/index.js";
import { createSources } from "./sources.js";
import type { DigestStore } from "./store.js";
import type { WeekCache } from "./week-cache.js";

export interface DigestBuildDeps {
  core: Pick<CoreServices, "projects" | "decisions">;
  reads: FeatureReads;
  store: DigestStore;
  logger: Logger;
  sections?: readonly AnySection[];
  /** Past weeks' figures shared by the digests of one morning. */
  weeks?: WeekCache;
}

function sameFigures(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/**
 * A digest's content for one reader: every section computed in parallel (each reads its feature once, shared
 * through the sources), those with nothing to say left out. A section that fails is logged and left out too.
 */
export async function computeDigest(deps: DigestBuildDeps, q: { project: Project; readerId: number; locale: Locale; now: Date }): Promise<DigestContent> {
  const { project, now } = q;
  const today = localParts(now, project.timezone).date;
  const week = { from: addDays(today, -6), to: today };
  const [previous, override, sponsors, readerRoles] = await Promise.all([
    deps.store.previous(project.id, now),
    deps.store.override(project.id),
    deps.core.projects.members(project.tenantId, project.id, "sponsor"),
    deps.core.projects.rolesOf(project.tenantId, project.id, q.readerId),
  ]);
  const deciders = readerRoles.includes("sponsor") ? [q.readerId] : sponsors.map((s) => s.personId);
  const scope: DigestScope = {
    tenantId: project.tenantId,
    project,
    readerId: q.readerId,
    locale: q.locale,
    t: translator(q.locale),
    now,
    week,
    previous,
    override,
    sources: createSources(deps.reads, deps.core.decisions, { tenantId: project.tenantId, projectId: project.id, deciders, locale: q.locale, week, now, ...(deps.weeks ? { weeks: deps.weeks } : {}) }),
  };
  const list = deps.sections ?? defaultSections;
  const sectionMs: Record<string, number> = {};
  const results = await Promise.all(
    list.map(async (section) => {
      const start = performance.now();
      try {
        return await section.compute(scope);
      } catch (err) {
        deps.logger.error({ err, section: section.name, projectId: project.id }, "digest section failed; left out");
        return null;
      } finally {
        sectionMs[section.name] = Math.round(performance.now() - start);
      }
    }),
  );
  const computed: ComputedSection[] = list.flatMap((section, i) => (results[i] === null || results[i] === undefined ? [] : [{ section, data: results[i] }]));
  const figures: Record<string, number> = {};
  for (const { section, data } of computed) for (const [k, v] of Object.entries(section.figures?.(data) ?? {})) figures[`${section.name}.${k}`] = v;
  const status = ((computed.find((c) => c.section.name === "status")?.data as { status?: RagStatus } | undefined)?.status ?? "green") as RagStatus;
  const attention = computed.some(({ section, data }) => section.needsAttention?.(data) ?? false);
  const unchanged = previous !== null && !attention && sameFigures(figures, previous.figures);
  deps.logger.debug({ projectId: project.id, reads: scope.sources.timings(), sections: sectionMs }, "digest computed");
  return { scope, sections: computed, status, figures, unchanged, sectionMs };
}
