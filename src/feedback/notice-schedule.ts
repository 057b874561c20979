import type { Database } from "../db/database.js";
import type { Occurrence, OccurrenceSchedule } from "../schedule/occurrence.js";
import type { CoreServices } from "../services.js";
import { audienceOf, changeMessage, fixedButtons, noticeKey } from "./notices.js";
import type { ItemRow } from "./store.js";

const BATCH = 200;

/**
 * Changes made inside another feature's transaction (a linked RACI task done resolves the feedback) are told at the
 * next tick: the reporter ("Fixed? [Yes] [Not yet]") and every follower, once each, under the same keys a flow would
 * have used. The claim clears the change's pending mark in the same transaction.
 */
export function pendingNotices(deps: { db: Database; core: Pick<CoreServices, "people" | "projects" | "defaults"> }): OccurrenceSchedule {
  const { db } = deps;
  return {
    name: "feedback-pending-notices",
    late: "send",
    async *due() {
      const events = await db
        .selectFrom("feedback_events")
        .innerJoin("feedback_items", "feedback_items.id", "feedback_events.item_id")
        .selectAll("feedback_items")
        .select(["feedback_events.id as event_id", "feedback_events.kind as event_kind", "feedback_events.note as event_note", "feedback_events.person_id as event_by", "feedback_events.at as event_at"])
        .where("feedback_events.pending", "=", true)
        .orderBy("feedback_events.id")
        .limit(BATCH)
        .execute();
      for (const e of events) {
        const item: ItemRow = e;
        const eventId = String(e.event_id);
        const project = await deps.core.projects.get(item.tenant_id, item.project_id);
        const clear = async (trx: Database) => void (await trx.updateTable("feedback_events").set({ pending: false }).where("id", "=", eventId).execute());
        const audience = await audienceOf(deps, item, e.event_by);
        const occurrences: Occurrence[] = [];
        for (const personId of audience) {
          const locale = await deps.core.people.localeOf(item.tenant_id, personId, deps.core.defaults.locale);
          occurrences.push({
            key: noticeKey(eventId, personId),
            dueAt: e.event_at,
            to: { person: { tenantId: item.tenant_id, personId } },
            locale,
            timeZone: project?.timezone ?? deps.core.defaults.timezone,
            claimed: clear,
            message: () => changeMessage(item, { kind: e.event_kind, vars: () => ({ reason: e.event_note ?? "" }), ...(e.event_kind === "status_resolved" ? { buttons: fixedButtons(item) } : {}) }, locale, personId, project),
          });
        }
        if (occurrences.length === 0) occurrences.push({ key: `feedback:change:${eventId}:nobody`, dueAt: e.event_at, to: null, locale: deps.core.defaults.locale, timeZone: deps.core.defaults.timezone, claimed: clear, message: () => null });
        yield { occurrences };
      }
    },
  };
}
