import { RefusalError, UserError } from "../core/command.js";
import { translator } from "./i18n.js";
import { text, type OutboundMessage } from "../core/message.js";
import type { Database } from "../db/database.js";
import type { RaciTaskPort } from "../raci/task-port.js";
import type { CoreServices } from "../services.js";
import { awaitingSponsor, changeByKey, decided, mayDecide, readAmount, readDays, STATUS_OF, type ChangeDecision, type ChangeRow } from "./change-store.js";
import { changeCard, changeLine, changeList, decideButtons, reviewButtons } from "./change-views.js";
import { nextNumber } from "./counters.js";
import { isPm, type Asker } from "./model.js";
import { localesOf, memberNamed, namesOf } from "./people.js";
import { linkedTasks, makeTask } from "./tasks.js";
import { labelKey, CHANGE_STATUS_LABEL, RECOMMENDATION_LABEL } from "./labels.js";

export interface ChangeInput {
  text: string;
  impact_time: string;
  impact_cost: string;
  impact_scope: string;
}

/** Change control: anyone raises, the PM reviews, a sponsor (or the named decider) decides with a written reason. */
export function createChanges(deps: { db: Database; core: CoreServices; tasks: RaciTaskPort }) {
  const { db, core } = deps;
  const now = () => core.clock.now();
  const timeZoneOf = async (asker: Asker) => (await core.projects.get(asker.tenantId, asker.projectId))?.timezone ?? "UTC";

  /** A DM per recipient in their own language. */
  const tell = async (asker: Asker, personIds: readonly number[], key: string, build: (locale: Asker["locale"]) => OutboundMessage) => {
    if (personIds.length === 0) return;
    const locales = await localesOf(core, asker.tenantId, personIds, asker.locale);
    for (const personId of new Set(personIds)) await core.notify.toPerson(asker.tenantId, personId, build(locales.get(personId) ?? asker.locale), { key: `${key}:p${personId}` });
  };

  const alreadyDecided = async (row: ChangeRow, locale: Asker["locale"]) => {
    const names = await namesOf(core, row.tenant_id, [row.decided_by]);
    const t = translator(locale);
    return new UserError("governance.errors.change_already_decided", { key: row.key, status: t(labelKey(CHANGE_STATUS_LABEL, row.status)), who: names.get(row.decided_by ?? -1) ?? "—" });
  };

  return {
    async request(asker: Asker, input: ChangeInput): Promise<OutboundMessage | string> {
      const days = readDays(input.impact_time);
      const cost = readAmount(input.impact_cost);
      const row = await db.transaction().execute(async (trx) => {
        const number = await nextNumber(trx, asker.projectId, "CR");
        return trx
          .insertInto("change_requests")
          .values({ tenant_id: asker.tenantId, project_id: asker.projectId, number, key: `CR-${number}`, text: input.text.trim(), impact_days: days, impact_cost: cost, impact_scope: input.impact_scope.trim(), requested_by: asker.personId, created_at: now() })
          .returningAll()
          .executeTakeFirstOrThrow();
      });
      const pms = (await core.projects.members(asker.tenantId, asker.projectId, "pm")).map((m) => m.personId).filter((id) => id !== asker.personId);
      const names = await namesOf(core, asker.tenantId, [asker.personId]);
      await tell(asker, pms, `governance:change-raised:${row.id}`, (locale) => {
        const t = translator(locale);
        return { title: t("governance.change.review_title", { key: row.key, project: asker.projectName }), blocks: [text(t("governance.change.review_body", { line: changeLine(locale, row), who: names.get(asker.personId) ?? "—", scope: row.impact_scope })), reviewButtons(locale, row.key, asker.projectKey)] };
      });
      return translator(asker.locale)("governance.change.requested_ok", { key: row.key });
    },

    async list(asker: Asker): Promise<OutboundMessage | string> {
      const rows = await db.selectFrom("change_requests").selectAll().where("project_id", "=", asker.projectId).orderBy("number").execute();
      const order = (r: ChangeRow) => (r.status === "reviewed" ? 0 : r.status === "submitted" ? 1 : 2);
      return changeList(asker.locale, asker.projectName, rows.sort((a, b) => order(a) - order(b) || a.number - b.number));
    },

    async show(asker: Asker, key: string): Promise<OutboundMessage | string> {
      const row = await changeByKey(db, asker.projectId, key);
      const names = await namesOf(core, asker.tenantId, [row.requested_by, row.reviewed_by, row.decided_by, row.decider_id]);
      return changeCard(asker.locale, asker.projectKey, row, names, await timeZoneOf(asker), await linkedTasks(db, deps.tasks, asker.projectId, row.key));
    },

    /** The PM's recommendation (defer is the default answer to a change); then the deciders get Approve / Reject / Defer. */
    async review(asker: Asker, key: string, recommendation: string, note: string | undefined, decider: string | undefined): Promise<OutboundMessage | string> {
      const choice = recommendation.trim().toLowerCase();
      if (choice !== "defer" && choice !== "recommend" && choice !== "reject") throw new UserError("governance.errors.bad_recommendation", { value: recommendation });
      const row = await changeByKey(db, asker.projectId, key);
      if (decided(row)) throw await alreadyDecided(row, asker.locale);
      const deciderId = decider ? (await memberNamed(core, asker.tenantId, asker.projectId, decider, "--decider")).id : row.decider_id;
      const at = now();
      const reviewed = await db
        .updateTable("change_requests")
        .set({ status: "reviewed", recommendation: choice, review_note: note?.trim() || null, reviewed_by: asker.personId, reviewed_at: at, decider_id: deciderId })
        .where("id", "=", row.id)
        .where("status", "in", ["submitted", "reviewed"])
        .returningAll()
        .executeTakeFirst();
      if (!reviewed) throw await alreadyDecided(await changeByKey(db, asker.projectId, key), asker.locale);
      const sponsors = (await core.projects.members(asker.tenantId, asker.projectId, "sponsor")).map((m) => m.personId);
      const names = await namesOf(core, asker.tenantId, [row.requested_by, asker.personId]);
      await tell(asker, [...sponsors, ...(deciderId ? [deciderId] : [])], `governance:change-decide:${row.id}:${at.getTime()}`, (locale) => {
        const t = translator(locale);
        return {
          title: t("governance.change.decide_title", { key: row.key, project: asker.projectName }),
          blocks: [
            text(t("governance.change.decide_body", { line: changeLine(locale, reviewed), scope: reviewed.impact_scope, requester: names.get(row.requested_by) ?? "—", pm: names.get(asker.personId) ?? "—", recommendation: t(labelKey(RECOMMENDATION_LABEL, choice)), note: reviewed.review_note ?? "—" })),
            decideButtons(locale, row.key, asker.projectKey),
          ],
        };
      });
      return translator(asker.locale)("governance.change.reviewed_ok", { key: row.key, recommendation: translator(asker.locale)(labelKey(RECOMMENDATION_LABEL, choice)) });
    },

    /** A sponsor's (or the named decider's) decision with its reason; the first decision stands, the requester is told. */
    async decide(asker: Asker, key: string, choice: ChangeDecision, reason: string): Promise<OutboundMessage | string> {
      const row = await changeByKey(db, asker.projectId, key);
      if (!mayDecide(row, asker.personId, asker.roles)) throw new RefusalError("governance.errors.not_decider", { key: row.key }, { change: row.key });
      if (decided(row)) throw await alreadyDecided(row, asker.locale);
      if (!awaitingSponsor(row)) throw new UserError("governance.errors.change_not_reviewed", { key: row.key });
      const at = now();
      const done = await db
        .updateTable("change_requests")
        .set({ status: STATUS_OF[choice], decided_by: asker.personId, decided_at: at, decision_reason: reason.trim() })
        .where("id", "=", row.id)
        .where("status", "=", "reviewed")
        .returningAll()
        .executeTakeFirst();
      if (!done) throw await alreadyDecided(await changeByKey(db, asker.projectId, key), asker.locale);
      const names = await namesOf(core, asker.tenantId, [asker.personId]);
      const pms = (await core.projects.members(asker.tenantId, asker.projectId, "pm")).map((m) => m.personId);
      await tell(asker, [row.requested_by, ...pms].filter((id) => id !== asker.personId), `governance:change-decided:${row.id}`, (locale) => {
        const t = translator(locale);
        return { title: t("governance.change.decided_title", { key: row.key, status: t(labelKey(CHANGE_STATUS_LABEL, done.status)) }), blocks: [text(t("governance.change.decided_body", { text: row.text, who: names.get(asker.personId) ?? "—", reason: reason.trim(), status: t(labelKey(CHANGE_STATUS_LABEL, done.status)) }))] };
      });
      const t = translator(asker.locale);
      return t("governance.change.decided_ok", { key: row.key, status: t(labelKey(CHANGE_STATUS_LABEL, done.status)) });
    },

    /** Tasks that carry out an approved change (R: `--r`, else the requester; A: the asker). */
    async task(asker: Asker, key: string, input: { title?: string | undefined; r?: string | undefined; due?: string | undefined }): Promise<OutboundMessage | string> {
      const row = await changeByKey(db, asker.projectId, key);
      if (row.status !== "approved") throw new UserError("governance.errors.change_not_approved", { key: row.key });
      if (!isPm(asker) && row.requested_by !== asker.personId) throw new RefusalError("governance.errors.change_task_not_yours", { key: row.key }, { change: row.key });
      const r = input.r ? (await memberNamed(core, asker.tenantId, asker.projectId, input.r, "--r")).id : row.requested_by;
      const created = await makeTask(deps, asker, row.key, { title: input.title?.trim() || `${row.key}: ${row.text}`, r, due: input.due });
      return translator(asker.locale)("governance.task_made", { task: created.key, item: row.key });
    },
  };
}

export type ChangeFlows = ReturnType<typeof createChanges>;
