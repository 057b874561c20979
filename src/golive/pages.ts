import type { Occurrence, OccurrenceSchedule } from "../schedule/occurrence.js";
import { localeOf, namesOf, type GoliveDeps } from "./deps.js";
import { t } from "./i18n.js";
import { rolesOf } from "./warroom-state.js";

const MINUTE = 60_000;
const UNSET_NAG_MINUTES = 10;
const UNSET_NAG_TIMES = 5;
/** While a sev1 is open the commander is asked for an update at least this often, unless `warroom cadence N --sev 1` says otherwise. */
export const SEV1_CADENCE_MINUTES = 30;

/** The cadence in force: the room's, or the shortest per-severity cadence of the open issues' severities. */
export function cadenceMinutes(room: { cadence_minutes: number; sev_cadence: Record<string, number> }, openSeverities: readonly number[]): number {
  const bySev = (sev: number): number => room.sev_cadence[String(sev)] ?? (sev === 1 ? SEV1_CADENCE_MINUTES : Infinity);
  return Math.min(room.cadence_minutes, ...openSeverities.map(bySev));
}

const person = (tenantId: number, personId: number) => ({ person: { tenantId, personId } });

/**
 * What the war room asks of people on the clock: an open sev1 past its target pages its owner and the commander
 * again; an issue with no severity is nagged every 10 minutes (at most 5 times) to the commander; the commander is
 * asked for an update every cadence. Keys carry the instant, so a replayed tick or a clock jump sends each once.
 */
export function warroomPages(deps: GoliveDeps): OccurrenceSchedule {
  const { db } = deps;
  const commanderOrPm = async (tenantId: number, projectId: number, warroomId: string): Promise<number[]> => {
    const commander = (await rolesOf(db, warroomId)).get("commander");
    return commander ? [commander] : (await deps.core.projects.members(tenantId, projectId, "pm")).map((m) => m.personId);
  };

  return {
    name: "golive-warroom",
    late: "send",
    async *due(window) {
      const occurrences: Occurrence[] = [];
      const rooms = await db.selectFrom("warrooms").selectAll().where("status", "=", "open").execute();
      for (const room of rooms) {
        const leads = await commanderOrPm(room.tenant_id, room.project_id, room.id);
        const sev1 = await db.selectFrom("warroom_issues").selectAll().where("warroom_id", "=", room.id).where("status", "=", "open").where("severity", "=", 1).where("target_at", ">", window.from).where("target_at", "<=", window.to).execute();
        for (const issue of sev1) {
          const names = await namesOf(db, [issue.owner_id]);
          for (const personId of new Set([...(issue.owner_id ? [issue.owner_id] : []), ...leads])) {
            const locale = await localeOf(deps, room.tenant_id, personId);
            occurrences.push({
              key: `golive:page:${issue.id}:${personId}`,
              dueAt: issue.target_at!,
              to: person(room.tenant_id, personId),
              locale,
              timeZone: "UTC",
              message: () => ({ title: t(locale, "golive.page.sev1_title", { key: issue.key }), locale, urgent: true, blocks: [{ type: "text", markdown: t(locale, "golive.page.sev1", { key: issue.key, text: issue.text, owner: names.get(issue.owner_id ?? 0) ?? "—" }) }, { type: "actions", buttons: [{ label: t(locale, "golive.page.resolve"), command: `warroom resolve ${issue.key}` }] }] }),
            });
          }
        }
        const unset = await db.selectFrom("warroom_issues").selectAll().where("warroom_id", "=", room.id).where("status", "=", "open").where("severity", "is", null).where("created_at", ">", new Date(window.from.getTime() - UNSET_NAG_MINUTES * UNSET_NAG_TIMES * MINUTE)).execute();
        for (const issue of unset) {
          for (let n = 1; n <= UNSET_NAG_TIMES; n++) {
            const at = new Date(issue.created_at.getTime() + n * UNSET_NAG_MINUTES * MINUTE);
            if (at <= window.from || at > window.to) continue;
            for (const personId of leads) {
              const locale = await localeOf(deps, room.tenant_id, personId);
              occurrences.push({ key: `golive:unset:${issue.id}:${n}:${personId}`, dueAt: at, to: person(room.tenant_id, personId), locale, timeZone: "UTC", message: () => ({ locale, blocks: [{ type: "text", markdown: t(locale, "golive.page.unset", { key: issue.key, text: issue.text }) }] }) });
            }
          }
        }
        // The cadence counts from the last update (or the opening), or from a "remind me in …" the commander chose;
        // after a clock jump only the latest point in the window is sent, once.
        const base = (room.updated_at ?? room.opened_at).getTime();
        const snoozed = room.remind_at && room.remind_at.getTime() > base ? room.remind_at.getTime() : null;
        const open = await db.selectFrom("warroom_issues").select("severity").distinct().where("warroom_id", "=", room.id).where("status", "=", "open").where("severity", "is not", null).execute();
        const step = cadenceMinutes(room, open.flatMap((i) => (i.severity === null ? [] : [i.severity]))) * MINUTE;
        const anchor = snoozed ?? base;
        const points: number[] = [];
        if (snoozed !== null && snoozed > window.from.getTime() && snoozed <= window.to.getTime()) points.push(snoozed);
        const latest = anchor + Math.floor((window.to.getTime() - anchor) / step) * step;
        if (latest > anchor && latest > window.from.getTime()) points.push(latest);
        for (const point of points.slice(-1)) {
          for (const personId of leads) {
            const locale = await localeOf(deps, room.tenant_id, personId);
            occurrences.push({
              key: `golive:cadence:${room.id}:${point}:${personId}`,
              dueAt: new Date(point),
              to: person(room.tenant_id, personId),
              locale,
              timeZone: "UTC",
              message: () => ({
                title: t(locale, "golive.page.cadence_title"),
                locale,
                blocks: [
                  { type: "text", markdown: t(locale, "golive.page.cadence", { minutes: Math.round((point - base) / MINUTE) }) },
                  { type: "form", form: { title: t(locale, "golive.page.cadence_title"), submitLabel: t(locale, "golive.page.send_update"), command: "warroom update", fields: ["conditions", "actions", "needs"].map((name) => ({ name, label: t(locale, `golive.page.field_${name}`), kind: "textarea" as const })) } },
                  { type: "actions", buttons: [30, 60, 120].map((minutes) => ({ label: t(locale, "golive.page.remind_in", { minutes }), command: `warroom remind ${minutes}` })) },
                ],
              }),
            });
          }
        }
      }
      // A group the platform refused: the PM who opened it is told why, and the room is closed so that nothing is
      // left half-done and `warroom open` can try again.
      for (const room of rooms) {
        const state = await deps.core.notify.groupFor(room.group_key);
        if (state?.status !== "failed") continue;
        const opener = room.opened_by ?? (await commanderOrPm(room.tenant_id, room.project_id, room.id))[0];
        if (!opener) continue;
        const locale = await localeOf(deps, room.tenant_id, opener);
        occurrences.push({
          key: `golive:group-failed:${room.id}`,
          dueAt: window.to,
          to: person(room.tenant_id, opener),
          locale,
          timeZone: "UTC",
          claimed: async (trx) => void (await trx.updateTable("warrooms").set({ status: "closed", closed_at: window.to }).where("id", "=", room.id).execute()),
          message: () => ({ locale, blocks: [{ type: "text", markdown: t(locale, "golive.warroom.group_failed", { error: state.error ?? "—" }) }] }),
        });
      }
      if (occurrences.length > 0) yield { occurrences };
    },
  };
}
