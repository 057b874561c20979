import { sql } from "kysely";
import { RefusalError, UserError } from "../core/command.js";
import type { PendingDecision } from "../core/decisions.js";
import type { OutboundMessage } from "../core/message.js";
import { localParts } from "../calendar/zones.js";
import { parseDue } from "../raci/due.js";
import { dmEach, postToProjectGroups } from "./broadcast.js";
import { localStamp, membersNamed, namesOf, projectOf, type GoliveDeps } from "./deps.js";
import { t, type Locale } from "./i18n.js";
import { isPm, type GoliveAsker } from "./model.js";
import { liveWarroom, logEvent } from "./warroom-state.js";
import type { WarroomFlows } from "./warroom.js";
import type { RollbackSteps } from "./rollback-steps.js";

export interface PlanInput {
  triggers?: string;
  steps?: string;
  deciders?: string;
  pnr?: string;
}

const decideButtons = (locale: Locale, key: string) => [
  { label: t(locale, "golive.rollback.roll_back"), command: `rollback decide ${key} rollback`, style: "danger" as const },
  { label: t(locale, "golive.rollback.continue"), command: `rollback decide ${key} continue`, style: "primary" as const },
];

/** Rollback: the plan with its point of no return, proposals put to the deciders, and the permanent decision record. */
export function createRollback(deps: GoliveDeps, warroom: WarroomFlows, steps: RollbackSteps) {
  const { db, core } = deps;

  const planOf = (projectId: number) => db.selectFrom("rollback_plans").selectAll().where("project_id", "=", projectId).executeTakeFirst();
  const decidersOf = async (projectId: number) => (await db.selectFrom("rollback_deciders").select("person_id").where("project_id", "=", projectId).execute()).map((r) => r.person_id);

  const showPlan = async (who: GoliveAsker): Promise<OutboundMessage> => {
    const plan = await planOf(who.projectId);
    if (!plan) throw new UserError("golive.errors.no_plan");
    const project = await projectOf(deps, who);
    const names = await namesOf(db, await decidersOf(who.projectId));
    return {
      title: t(who.locale, "golive.rollback.plan_title", { project: project.name }),
      locale: who.locale,
      blocks: [{ type: "fields", fields: [
        { label: t(who.locale, "golive.rollback.triggers"), value: plan.triggers },
        { label: t(who.locale, "golive.rollback.steps"), value: plan.steps.split(/\s*;\s*/).map((s, i) => `${i + 1}. ${s}`).join("\n") },
        { label: t(who.locale, "golive.rollback.deciders"), value: [...names.values()].join(", ") || "—" },
        { label: t(who.locale, "golive.rollback.pnr"), value: localStamp(plan.point_of_no_return, project.timezone) },
      ] }],
    };
  };

  const postDecision = async (who: GoliveAsker, text: (locale: Locale) => string, key: string) => {
    const room = await liveWarroom(db, who.projectId);
    if (room) {
      await warroom.postInRoom(room, key, { blocks: [{ type: "text", markdown: text(await warroom.roomLocale(room)) }] });
      await warroom.refreshCard(room);
    }
    await postToProjectGroups(deps, who.tenantId, who.projectId, `golive:${key}`, (locale) => ({ locale, blocks: [{ type: "text", markdown: text(locale) }] }));
  };

  return {
    /** Records the plan (PM) — triggers, steps (`a; b; c`), deciders, the point of no return (not in the past) — or shows it. */
    async plan(who: GoliveAsker, input: PlanInput): Promise<OutboundMessage> {
      if (!input.triggers && !input.steps && !input.deciders && !input.pnr) return showPlan(who);
      if (!isPm(who)) throw new RefusalError("golive.errors.pm_only");
      const current = await planOf(who.projectId);
      const project = await projectOf(deps, who);
      const now = core.clock.now();
      let pnr = current?.point_of_no_return ?? null;
      if (input.pnr) {
        const parsed = parseDue(input.pnr, project.timezone, localParts(now, project.timezone).date);
        if (!parsed || !parsed.time) throw new UserError("golive.errors.bad_pnr", { pnr: input.pnr });
        if (parsed.at <= now) throw new UserError("golive.errors.pnr_past", { pnr: input.pnr, now: localStamp(now, project.timezone) });
        pnr = parsed.at;
      }
      const triggers = input.triggers ?? current?.triggers;
      const steps = input.steps ?? current?.steps;
      if (!triggers || !steps || !pnr) throw new UserError("golive.errors.plan_incomplete");
      const deciders = input.deciders ? await membersNamed(deps, who, input.deciders) : null;
      await db.transaction().execute(async (trx) => {
        const values = { triggers, steps, point_of_no_return: pnr, set_by: who.personId, set_at: now };
        await trx.insertInto("rollback_plans").values({ project_id: who.projectId, tenant_id: who.tenantId, ...values }).onConflict((oc) => oc.column("project_id").doUpdateSet(values)).execute();
        const ids = deciders?.map((d) => d.id) ?? (current ? null : (await core.projects.members(who.tenantId, who.projectId, "sponsor")).map((m) => m.personId));
        if (ids) {
          await trx.deleteFrom("rollback_deciders").where("project_id", "=", who.projectId).execute();
          if (ids.length > 0) await trx.insertInto("rollback_deciders").values(ids.map((id) => ({ project_id: who.projectId, tenant_id: who.tenantId, person_id: id }))).execute();
        }
      });
      const room = await liveWarroom(db, who.projectId);
      if (room) {
        await logEvent(deps, room, who.personId, "rollback_plan", localStamp(pnr, project.timezone));
        await warroom.refreshCard(room);
      }
      return showPlan(who);
    },

    async propose(who: GoliveAsker, reason: string): Promise<string> {
      const plan = await planOf(who.projectId);
      if (!plan) throw new UserError("golive.errors.no_plan");
      const open = await db.selectFrom("rollback_proposals").select("key").where("project_id", "=", who.projectId).where("status", "=", "open").executeTakeFirst();
      if (open) throw new UserError("golive.errors.proposal_open", { key: open.key });
      const deciders = await decidersOf(who.projectId);
      if (deciders.length === 0) throw new UserError("golive.errors.no_deciders");
      const last = await db.selectFrom("rollback_proposals").select(sql<number>`coalesce(max(number), 0)`.as("n")).where("project_id", "=", who.projectId).executeTakeFirstOrThrow();
      const number = Number(last.n) + 1;
      const proposal = await db.insertInto("rollback_proposals").values({ tenant_id: who.tenantId, project_id: who.projectId, number, key: `RB-${number}`, reason, proposed_by: who.personId, proposed_at: core.clock.now() }).returningAll().executeTakeFirstOrThrow();
      const project = await projectOf(deps, who);
      const names = await namesOf(db, [who.personId]);
      const after = plan.point_of_no_return <= core.clock.now();
      await dmEach(deps, who.tenantId, deciders, `golive:rollback:${proposal.id}`, (locale) => ({
        title: t(locale, "golive.rollback.ask_title", { key: proposal.key, project: project.name }),
        locale,
        blocks: [
          { type: "text", markdown: t(locale, "golive.rollback.ask", { name: names.get(who.personId) ?? "—", reason, pnr: localStamp(plan.point_of_no_return, project.timezone) }) },
          ...(after ? [{ type: "text" as const, markdown: t(locale, "golive.rollback.after_pnr", { key: proposal.key }) }] : []),
          { type: "actions", buttons: decideButtons(locale, proposal.key) },
        ],
      }));
      const room = await liveWarroom(db, who.projectId);
      if (room) await logEvent(deps, room, who.personId, "rollback_proposed", `${proposal.key} ${reason}`);
      return t(who.locale, "golive.rollback.proposed", { key: proposal.key, count: deciders.length });
    },

    /** A decider decides; after the point of no return only with an explicit override reason (audited). */
    async decide(who: GoliveAsker, key: string, choice: "rollback" | "continue", reason: string | null, override: string | null): Promise<string> {
      const proposal = await db.selectFrom("rollback_proposals").selectAll().where("project_id", "=", who.projectId).where("key", "=", key.trim().toUpperCase()).executeTakeFirst();
      if (!proposal) throw new UserError("golive.errors.no_proposal", { key: key.trim() });
      if (!(await decidersOf(who.projectId)).includes(who.personId)) throw new RefusalError("golive.errors.not_decider", {}, { proposal: proposal.key });
      if (proposal.status !== "open") throw new UserError("golive.errors.proposal_decided", { key: proposal.key });
      const plan = await planOf(who.projectId);
      const now = core.clock.now();
      const afterPnr = plan !== undefined && plan.point_of_no_return <= now;
      if (afterPnr && !override) throw new UserError("golive.errors.needs_override", { key: proposal.key, choice });
      await db.updateTable("rollback_proposals").set({ status: choice, decided_by: who.personId, decided_at: now, decision_reason: reason, override_reason: afterPnr ? override : null }).where("id", "=", proposal.id).where("status", "=", "open").execute();
      if (afterPnr) await core.audit.record({ tenantId: who.tenantId, personId: who.personId, projectId: who.projectId, action: "golive.rollback_override", outcome: "ok", details: { proposal: proposal.key, choice, override } });
      const room = await liveWarroom(db, who.projectId);
      if (room) await logEvent(deps, room, who.personId, `rollback_${choice}`, `${proposal.key} ${reason ?? ""}`.trim());
      const stepCount = choice === "rollback" && plan ? await steps.create(who, proposal, plan.steps) : 0;
      const project = await projectOf(deps, who);
      const names = await namesOf(db, [who.personId]);
      await postDecision(who, (locale) => t(locale, choice === "rollback" ? "golive.rollback.decided_rollback" : "golive.rollback.decided_continue", { key: proposal.key, name: names.get(who.personId) ?? "—", at: localStamp(now, project.timezone), reason: reason ?? "—" }) + (afterPnr && override ? `\n${t(locale, "golive.rollback.override_line", { reason: override })}` : ""), `rollback:${proposal.id}:decided`);
      return t(who.locale, "golive.rollback.decided", { key: proposal.key }) + (stepCount > 0 ? `\n${t(who.locale, "golive.rollback.steps_created", { count: stepCount })}` : "");
    },

    async pendingFor(query: { tenantId: number; personId: number; projectId?: number; locale: Locale }): Promise<PendingDecision[]> {
      let rows = db.selectFrom("rollback_proposals").innerJoin("rollback_deciders", (j) => j.onRef("rollback_deciders.project_id", "=", "rollback_proposals.project_id")).select(["rollback_proposals.key", "rollback_proposals.project_id", "rollback_proposals.reason", "rollback_proposals.proposed_at"]).where("rollback_proposals.tenant_id", "=", query.tenantId).where("rollback_proposals.status", "=", "open").where("rollback_deciders.person_id", "=", query.personId);
      if (query.projectId !== undefined) rows = rows.where("rollback_proposals.project_id", "=", query.projectId);
      return (await rows.execute()).map((r) => ({ feature: "golive", kind: "rollback", key: r.key, projectId: r.project_id, title: t(query.locale, "golive.rollback.pending_title", { reason: r.reason }), askedAt: r.proposed_at, actions: decideButtons(query.locale, r.key) }));
    },
  };
}

export type RollbackFlows = ReturnType<typeof createRollback>;
