import { dueMemo } from "../calendar/zones.js";
import { weekdayOf } from "../core/dates.js";
import { divider, text, type OutboundMessage } from "../core/message.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import { claimedAmong } from "../schedule/claims.js";
import type { Occurrence, OccurrenceSchedule } from "../schedule/occurrence.js";
import type { DigestFlows } from "./flows.js";
import { translator } from "./i18n.js";
import { createWeekCache } from "./week-cache.js";
import { mightBeDue, parseDigestSettings } from "./settings.js";
import type { DigestStore } from "./store.js";

/** ISO weekday (1 = Monday … 7 = Sunday) of a date. */
const isoWeekday = (date: string) => ((weekdayOf(date) + 6) % 7) + 1;
const day = (at: Date) => at.toISOString().slice(0, 10);
/** Projects whose digests are built ahead of the one being claimed. */
const BUILD_AHEAD = 4;

/**
 * The weekly digest: at each project's weekday and time (default Monday 09:00) in each recipient's own zone, the
 * sponsors and the opted-in roles get their digest. After an outage it goes out late, marked late, and never twice:
 * the key `digest:weekly:{project}:{person}:{local date}` is claimed once. Only unclaimed occurrences are built
 * (the content is computed before the claim's transaction: embedded PGlite has one connection), and each recipient's
 * web-report link is created in the claim's transaction with the digest's numbers.
 */
export function createDigestSchedule(deps: { db: Database; logger: Logger; flows: DigestFlows; store: DigestStore; projects: { get(tenantId: number, id: number): Promise<import("../projects/service.js").Project | null> } }): OccurrenceSchedule {
  return {
    name: "digest-weekly",
    late: "send",
    async *due(window) {
      const due = dueMemo(window);
      const weeks = createWeekCache();
      const rows = await deps.db.selectFrom("projects").select(["id", "tenant_id", "settings"]).orderBy("id").execute();
      // A few projects are built ahead while the runner claims the ones before (their reads overlap); yielded in order.
      const prepare = async (row: (typeof rows)[number]): Promise<Occurrence[]> => {
        const settings = parseDigestSettings((row.settings?.digest as Record<string, unknown> | undefined) ?? {});
        if (!mightBeDue(settings, window)) return [];
        const project = await deps.projects.get(row.tenant_id, row.id);
        if (!project) return [];
        const recipients = await deps.flows.recipients(project);
        if (!recipients.some((r) => r.sponsor)) return [];
        const wanted: { r: (typeof recipients)[number]; date: string; instant: Date }[] = [];
        for (const r of recipients) {
          // After a long outage only the latest missed digest goes out: last week's numbers are not news.
          const hit = due(settings.time, r.timeZone).filter((d) => isoWeekday(d.date) === settings.weekday).at(-1);
          if (hit) wanted.push({ r, ...hit });
        }
        if (wanted.length === 0) return [];
        const keyOf = (w: (typeof wanted)[number]) => `digest:weekly:${project.id}:${w.r.personId}:${w.date}`;
        const claimed = await claimedAmong(deps.db, wanted.map(keyOf));
        const occurrences: Occurrence[] = [];
        for (const w of wanted.filter((x) => !claimed.has(keyOf(x)))) {
          let built: Awaited<ReturnType<DigestFlows["build"]>>;
          try {
            built = await deps.flows.build(project, w.r, window.to, null, weeks);
          } catch (err) {
            deps.logger.error({ err, projectId: project.id, personId: w.r.personId }, "digest could not be built; the look-back retries it");
            continue;
          }
          let message: OutboundMessage = built.message;
          occurrences.push({
            key: keyOf(w),
            dueAt: w.instant,
            to: { person: { tenantId: project.tenantId, personId: w.r.personId } },
            locale: w.r.locale,
            timeZone: w.r.timeZone,
            pace: true,
            async claimed(trx) {
              await deps.store.record(trx, { tenantId: project.tenantId, projectId: project.id, period: `weekly:${w.date}`, kind: "weekly", status: built.content.status, figures: built.content.figures, at: window.to });
              const link = await deps.flows.linkFor(project, w.r.personId, window.to, trx);
              if (link) {
                const t = translator(w.r.locale);
                message = { ...message, blocks: [...message.blocks, divider(), text(t("digest.report_link", { url: link.url, date: day(link.expiresAt) }))] };
              }
            },
            message: () => message,
          });
        }
        return occurrences;
      };
      const ahead: Promise<Occurrence[]>[] = [];
      let next = 0;
      while (next < rows.length || ahead.length > 0) {
        while (ahead.length < BUILD_AHEAD && next < rows.length) {
          const built = prepare(rows[next++]!);
          built.catch(() => undefined); // awaited below in turn; not unhandled if the run stops first
          ahead.push(built);
        }
        const occurrences = await ahead.shift()!;
        if (occurrences.length > 0) yield { occurrences };
      }
    },
  };
}
