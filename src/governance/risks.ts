import { RefusalError, UserError } from "../core/command.js";
import { translator } from "./i18n.js";
import { text, type OutboundMessage } from "../core/message.js";
import type { CalendarService } from "../calendar/service.js";
import { workingDaysAtLeast } from "../calendar/working-time.js";
import { localParts } from "../calendar/zones.js";
import type { Database } from "../db/database.js";
import type { CoreServices } from "../services.js";
import type { RaciTaskPort } from "../raci/task-port.js";
import { nextNumber } from "./counters.js";
import { isPm, readLevel, REVIEW_AFTER_WORKING_DAYS, type Asker } from "./model.js";
import { localesOf, memberNamed, namesOf } from "./people.js";
import { awaitingDecision, openRisks, recordRiskEvent, riskByKey, type RiskRow } from "./risk-store.js";
import { riskCard, riskLine, riskList } from "./risk-views.js";
import { linkedTasks, makeTask } from "./tasks.js";
import { labelKey, RISK_DECISION_LABEL } from "./labels.js";

export interface RiskDeps {
  db: Database;
  core: CoreServices;
  calendars: Pick<CalendarService, "rulesFor" | "rulesForPeople">;
  tasks: RaciTaskPort;
}

export interface RiskInput {
  text?: string | undefined;
  impact?: string | undefined;
  likelihood?: string | undefined;
  owner?: string | undefined;
  plan?: string | undefined;
}

/** The risk register: add, list by exposure, show, update and review, close, escalate to the sponsor, make a task. */
export function createRisks(deps: RiskDeps) {
  const { db, core } = deps;
  const now = () => core.clock.now();
  const timeZoneOf = async (asker: Asker) => (await core.projects.get(asker.tenantId, asker.projectId))?.timezone ?? "UTC";

  /** Keys of the risks whose last review is two working weeks old or more, on their owner's calendar. */
  const unreviewedAmong = async (tenantId: number, risks: readonly RiskRow[]): Promise<Set<string>> => {
    const rules = await deps.calendars.rulesForPeople(tenantId, [...new Set(risks.map((r) => r.owner_id))]);
    const out = new Set<string>();
    const at = now();
    // Each owner's today and each (owner, review date)'s answer once: hundreds of risks share a few dozen owners.
    const todays = new Map<number, string>();
    const answers = new Map<string, boolean>();
    for (const r of risks) {
      const own = rules.get(r.owner_id);
      if (!own) continue;
      let today = todays.get(r.owner_id);
      if (today === undefined) todays.set(r.owner_id, (today = localParts(at, own.timeZone).date));
      const reviewed = localParts(r.reviewed_at, own.timeZone).date;
      const memo = `${r.owner_id}:${reviewed}`;
      let stale = answers.get(memo);
      if (stale === undefined) answers.set(memo, (stale = workingDaysAtLeast(reviewed, today, REVIEW_AFTER_WORKING_DAYS, own)));
      if (stale) out.add(r.key);
    }
    return out;
  };

  /** The owner, the person who raised it or the PM may change a risk; anyone else is refused (and audited). */
  const mayChange = (asker: Asker, risk: RiskRow) => {
    if (risk.owner_id === asker.personId || risk.raised_by === asker.personId || isPm(asker)) return;
    throw new RefusalError("governance.errors.risk_not_yours", { key: risk.key }, { risk: risk.key });
  };
  const stillOpen = (risk: RiskRow) => {
    if (risk.status === "closed") throw new UserError("governance.errors.risk_closed", { key: risk.key });
  };

  const show = async (asker: Asker, key: string): Promise<OutboundMessage> => {
    const risk = await riskByKey(db, asker.projectId, key);
    const events = await db.selectFrom("risk_events").select(["kind", "note", "at", "person_id"]).where("risk_id", "=", risk.id).orderBy("id").execute();
    const names = await namesOf(core, asker.tenantId, [risk.owner_id, risk.raised_by, risk.decided_by, risk.closed_by, ...events.map((e) => e.person_id)]);
    const tasks = await linkedTasks(db, deps.tasks, asker.projectId, risk.key);
    return riskCard(asker.locale, { risk, names, timeZone: await timeZoneOf(asker), projectKey: asker.projectKey, tasks, events: events.map((e) => ({ kind: e.kind, note: e.note, at: e.at, by: e.person_id })) });
  };

  return {
    show,
    unreviewedAmong,

    async add(asker: Asker, input: Required<Pick<RiskInput, "text" | "impact" | "likelihood">> & RiskInput): Promise<OutboundMessage | string> {
      const impact = readLevel(input.impact, "impact");
      const likelihood = readLevel(input.likelihood, "likelihood");
      const owner = input.owner ? await memberNamed(core, asker.tenantId, asker.projectId, input.owner, "--owner") : null;
      const ownerId = owner?.id ?? asker.personId;
      const at = now();
      const risk = await db.transaction().execute(async (trx) => {
        const number = await nextNumber(trx, asker.projectId, "R");
        const row = await trx
          .insertInto("risks")
          .values({ tenant_id: asker.tenantId, project_id: asker.projectId, number, key: `R-${number}`, text: input.text.trim(), impact, likelihood, plan: input.plan?.trim() || null, owner_id: ownerId, raised_by: asker.personId, created_at: at, reviewed_at: at })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordRiskEvent(trx, row, asker.personId, "raised", null, at);
        return row;
      });
      const names = await namesOf(core, asker.tenantId, [ownerId]);
      const t = translator(asker.locale);
      if (ownerId !== asker.personId) {
        const ownerLocale = await core.people.localeOf(asker.tenantId, ownerId, asker.locale);
        const their = translator(ownerLocale);
        await core.notify.toPerson(asker.tenantId, ownerId, { title: their("governance.risk.owner_title", { key: risk.key }), blocks: [text(their("governance.risk.owner_body", { line: riskLine(ownerLocale, risk, names), plan: risk.plan ?? "—", project: asker.projectName }))] }, { key: `governance:risk-owner:${risk.id}:${ownerId}` });
      }
      return { blocks: [text(t("governance.risk.added", { line: riskLine(asker.locale, risk, names) }))] };
    },

    async list(asker: Asker, all: boolean): Promise<OutboundMessage | string> {
      const risks = all
        ? [...(await openRisks(db, asker.projectId)), ...(await db.selectFrom("risks").selectAll().where("project_id", "=", asker.projectId).where("status", "=", "closed").orderBy("number").execute())]
        : await openRisks(db, asker.projectId);
      const names = await namesOf(core, asker.tenantId, risks.map((r) => r.owner_id));
      return riskList(asker.locale, asker.projectName, risks, names, await unreviewedAmong(asker.tenantId, risks.filter((r) => r.status === "open")));
    },

    async update(asker: Asker, key: string, input: RiskInput): Promise<OutboundMessage | string> {
      const risk = await riskByKey(db, asker.projectId, key);
      stillOpen(risk);
      mayChange(asker, risk);
      const changes: Partial<{ text: string; impact: number; likelihood: number; plan: string; owner_id: number }> = {};
      if (input.text?.trim()) changes.text = input.text.trim();
      if (input.impact !== undefined) changes.impact = readLevel(input.impact, "impact");
      if (input.likelihood !== undefined) changes.likelihood = readLevel(input.likelihood, "likelihood");
      if (input.plan?.trim()) changes.plan = input.plan.trim();
      if (input.owner !== undefined) changes.owner_id = (await memberNamed(core, asker.tenantId, asker.projectId, input.owner, "--owner")).id;
      if (Object.keys(changes).length === 0) throw new UserError("governance.errors.nothing_to_update", { key: risk.key });
      const at = now();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("risks").set(changes).where("id", "=", risk.id).execute();
        await recordRiskEvent(trx, risk, asker.personId, "updated", Object.keys(changes).map((c) => c.replace("_id", "")).join(", "), at, true);
      });
      return show(asker, risk.key);
    },

    async review(asker: Asker, key: string, note: string | undefined): Promise<OutboundMessage | string> {
      const risk = await riskByKey(db, asker.projectId, key);
      stillOpen(risk);
      mayChange(asker, risk);
      await db.transaction().execute((trx) => recordRiskEvent(trx, risk, asker.personId, "reviewed", note?.trim() || null, now(), true));
      return translator(asker.locale)("governance.risk.reviewed_ok", { key: risk.key });
    },

    async close(asker: Asker, key: string, why: string): Promise<OutboundMessage | string> {
      const risk = await riskByKey(db, asker.projectId, key);
      stillOpen(risk);
      mayChange(asker, risk);
      const at = now();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("risks").set({ status: "closed", closed_at: at, closed_by: asker.personId, close_reason: why.trim() }).where("id", "=", risk.id).execute();
        await recordRiskEvent(trx, risk, asker.personId, "closed", why.trim(), at);
      });
      return { blocks: [text(translator(asker.locale)("governance.risk.closed_ok", { key: risk.key, reason: why.trim() }))] };
    },

    /** Puts the risk before the sponsors as a decision (`decision list`), and tells them. */
    async escalate(asker: Asker, key: string): Promise<OutboundMessage | string> {
      const risk = await riskByKey(db, asker.projectId, key);
      stillOpen(risk);
      mayChange(asker, risk);
      if (awaitingDecision(risk)) throw new UserError("governance.errors.risk_already_escalated", { key: risk.key });
      const at = now();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable("risks").set({ escalated_at: at, escalated_by: asker.personId }).where("id", "=", risk.id).execute();
        await recordRiskEvent(trx, risk, asker.personId, "escalated", null, at);
      });
      const names = await namesOf(core, asker.tenantId, [risk.owner_id, asker.personId]);
      const sponsors = await core.projects.members(asker.tenantId, asker.projectId, "sponsor");
      const locales = await localesOf(core, asker.tenantId, sponsors.map((s) => s.personId), asker.locale);
      const escalation = (personId: number): OutboundMessage => {
        const locale = locales.get(personId) ?? asker.locale;
        const t = translator(locale);
        return {
          title: t("governance.risk.escalated_title", { key: risk.key, project: asker.projectName }),
          blocks: [text(t("governance.risk.escalated_body", { line: riskLine(locale, risk, names), who: names.get(asker.personId) ?? "—", plan: risk.plan ?? "—" })), ...decisionButtons(locale, risk.key, asker.projectKey)],
        };
      };
      await core.notify.toRole(asker.tenantId, asker.projectId, "sponsor", escalation, { key: `governance:risk-escalated:${risk.id}:${at.getTime()}` });
      return translator(asker.locale)("governance.risk.escalated_ok", { key: risk.key });
    },

    /** The sponsor's answer to an escalated risk: accept it as it is, or ask for mitigation; a reason is required. */
    async decide(asker: Asker, key: string, choice: "accept" | "mitigate", reason: string): Promise<OutboundMessage | string> {
      const risk = await riskByKey(db, asker.projectId, key);
      stillOpen(risk);
      if (!asker.roles.includes("sponsor")) throw new RefusalError("governance.errors.not_decider", { key: risk.key }, { risk: risk.key });
      if (!awaitingDecision(risk)) throw new UserError("governance.errors.risk_not_escalated", { key: risk.key });
      const at = now();
      const done = await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("risks")
          .set({ decision: choice, decided_by: asker.personId, decided_at: at, decision_reason: reason.trim() })
          .where("id", "=", risk.id)
          .where((eb) => eb.or([eb("decided_at", "is", null), eb("decided_at", "<", eb.ref("escalated_at"))]))
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) return false;
        await recordRiskEvent(trx, risk, asker.personId, "decided", `${choice}: ${reason.trim()}`, at, true);
        return true;
      });
      if (!done) throw new UserError("governance.errors.risk_not_escalated", { key: risk.key });
      const t = translator(asker.locale);
      const their = translator(await core.people.localeOf(asker.tenantId, risk.owner_id, asker.locale));
      const who = (await core.people.get(asker.tenantId, asker.personId))?.displayName ?? "—";
      await core.notify.toPerson(asker.tenantId, risk.owner_id, { blocks: [text(their("governance.risk.decided_told", { key: risk.key, text: risk.text, who, decision: their(labelKey(RISK_DECISION_LABEL, choice)), reason: reason.trim() }))] }, { key: `governance:risk-decided:${risk.id}:${at.getTime()}` });
      return t("governance.risk.decided_ok", { key: risk.key, decision: t(labelKey(RISK_DECISION_LABEL, choice)) });
    },

    /** A materialised risk becomes a RACI task: R the owner (or --r), A the asker, due when given. */
    async task(asker: Asker, key: string, input: { title?: string | undefined; r?: string | undefined; due?: string | undefined }): Promise<OutboundMessage | string> {
      const risk = await riskByKey(db, asker.projectId, key);
      stillOpen(risk);
      mayChange(asker, risk);
      const r = input.r ? (await memberNamed(core, asker.tenantId, asker.projectId, input.r, "--r")).id : risk.owner_id;
      const created = await makeTask(deps, asker, risk.key, { title: input.title?.trim() || `${risk.key}: ${risk.plan ?? risk.text}`, r, due: input.due });
      await db.transaction().execute((trx) => recordRiskEvent(trx, risk, asker.personId, "task", created.key, now()));
      return translator(asker.locale)("governance.task_made", { task: created.key, item: risk.key });
    },
  };
}

/** The sponsor's answers to an escalated risk, as buttons; the reason follows as the next message. */
export function decisionButtons(locale: Asker["locale"], key: string, projectKey: string) {
  const t = translator(locale);
  const on = ` --project ${projectKey}`;
  return [{ type: "actions" as const, buttons: [{ label: t("governance.risk.decide_accept"), command: `risk decide ${key} accept${on}` }, { label: t("governance.risk.decide_mitigate"), command: `risk decide ${key} mitigate${on}` }, { label: t("governance.btn.show"), command: `risk show ${key}${on}` }] }];
}

export type RiskFlows = ReturnType<typeof createRisks>;
