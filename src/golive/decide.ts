import { sql } from "kysely";
import { RefusalError, UserError } from "../core/command.js";
import type { DecisionSource, PendingDecision } from "../core/decisions.js";
import type { OutboundMessage } from "../core/message.js";
import { isRealDate } from "../core/dates.js";
import { dmEach, postToProjectGroups } from "./broadcast.js";
import { decisionMessage, roundMessage, voteAsk, type RoundView } from "./decide-messages.js";
import { localStamp, membersNamed, namesOf, projectOf, type GoliveDeps } from "./deps.js";
import type { Gates } from "./gates.js";
import { t } from "./i18n.js";
import { isPm, isSponsor, type GoliveAsker } from "./model.js";
import type { GoliveRoundsTable, Vote } from "./schema.js";
import type { Selectable } from "kysely";

type Round = Selectable<GoliveRoundsTable>;

/** Go/no-go: approvers (the sponsors and whoever the PM adds) vote; go is refused while a gate is open unless a sponsor overrides. */
export function createGoNoGo(deps: GoliveDeps, gates: Gates) {
  const { db, core } = deps;

  const approversOf = async (tenantId: number, projectId: number): Promise<number[]> => {
    const sponsors = (await core.projects.members(tenantId, projectId, "sponsor")).map((m) => m.personId);
    const extra = await db.selectFrom("golive_approvers").select("person_id").where("project_id", "=", projectId).execute();
    return [...new Set([...sponsors, ...extra.map((e) => e.person_id)])];
  };

  const openRound = (projectId: number) => db.selectFrom("golive_rounds").selectAll().where("project_id", "=", projectId).where("status", "=", "open").executeTakeFirst();

  const view = async (round: Round, projectName: string, timezone: string): Promise<RoundView> => {
    const votes = await db.selectFrom("golive_votes").selectAll().where("round_id", "=", round.id).orderBy("at").execute();
    const approvers = round.status === "open" ? await approversOf(round.tenant_id, round.project_id) : [];
    const waiting = approvers.filter((id) => !votes.some((v) => v.person_id === id));
    const names = await namesOf(db, [...votes.map((v) => v.person_id), ...waiting, round.override_by]);
    return {
      key: round.key,
      status: round.status,
      projectName,
      override: round.override_reason ? { reason: round.override_reason, by: names.get(round.override_by ?? 0) ?? "—" } : null,
      votes: votes.map((v) => ({ name: names.get(v.person_id) ?? "—", vote: v.vote, reason: v.reason, at: localStamp(v.at, timezone), newDate: v.new_date })),
      waiting: waiting.map((id) => names.get(id) ?? "—"),
      decidedAt: round.decided_at ? localStamp(round.decided_at, timezone) : null,
      newDate: round.new_date,
    };
  };

  /** Closes the round once every approver has voted: go when all say go, else no-go with the latest new date named. */
  const settle = async (round: Round, who: GoliveAsker): Promise<RoundView | null> => {
    const approvers = await approversOf(round.tenant_id, round.project_id);
    const votes = await db.selectFrom("golive_votes").selectAll().where("round_id", "=", round.id).execute();
    if (approvers.some((id) => !votes.some((v) => v.person_id === id))) return null;
    const nogo = votes.filter((v) => v.vote === "nogo");
    const newDate = nogo.map((v) => v.new_date).filter((d): d is string => d !== null).sort().at(-1) ?? null;
    const decided = await db
      .updateTable("golive_rounds")
      .set({ status: nogo.length > 0 ? "nogo" : "go", decided_at: core.clock.now(), new_date: newDate })
      .where("id", "=", round.id)
      .where("status", "=", "open")
      .returningAll()
      .executeTakeFirst();
    if (!decided) return null;
    const project = await projectOf(deps, who);
    if (decided.status === "nogo" && newDate) await core.projects.setGoLiveDate(who.tenantId, who.projectId, newDate);
    const shown = await view(decided, project.name, project.timezone);
    await postToProjectGroups(deps, who.tenantId, who.projectId, `golive:decision:${decided.id}`, (locale) => decisionMessage(locale, shown));
    const pms = (await core.projects.members(who.tenantId, who.projectId, "pm")).map((m) => m.personId);
    await dmEach(deps, who.tenantId, pms, `golive:decision:${decided.id}:dm`, (locale) => decisionMessage(locale, shown));
    return shown;
  };

  return {
    approversOf,

    /** `golive approvers @x @y` adds approvers (PM); without names it lists them. */
    async approvers(who: GoliveAsker, names: string | undefined): Promise<string> {
      if (names) {
        if (!isPm(who)) throw new RefusalError("golive.errors.pm_only");
        for (const person of await membersNamed(deps, who, names)) {
          await db.insertInto("golive_approvers").values({ project_id: who.projectId, tenant_id: who.tenantId, person_id: person.id, added_by: who.personId, added_at: core.clock.now() }).onConflict((oc) => oc.columns(["project_id", "person_id"]).doNothing()).execute();
        }
      }
      const all = await namesOf(db, await approversOf(who.tenantId, who.projectId));
      return t(who.locale, "golive.decide.approvers", { names: [...all.values()].join(", ") || "—" });
    },

    /** Opens a go/no-go round (PM) and asks every approver in a DM; a round already open is shown again. */
    async decide(who: GoliveAsker): Promise<OutboundMessage> {
      if (!isPm(who)) throw new RefusalError("golive.errors.pm_only");
      const project = await projectOf(deps, who);
      const status = await gates.status(who.tenantId, who.projectId);
      let round = await openRound(who.projectId);
      if (!round) {
        const last = await db.selectFrom("golive_rounds").select(sql<number>`coalesce(max(number), 0)`.as("n")).where("project_id", "=", who.projectId).executeTakeFirstOrThrow();
        const number = Number(last.n) + 1;
        round = await db
          .insertInto("golive_rounds")
          .values({ tenant_id: who.tenantId, project_id: who.projectId, number, key: `GO-${number}`, asked_by: who.personId, asked_at: core.clock.now(), gates_open: status.open.length, gates_total: status.total })
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      const shown = await view(round, project.name, project.timezone);
      const approvers = await approversOf(who.tenantId, who.projectId);
      if (approvers.length === 0) throw new UserError("golive.errors.no_approvers");
      await dmEach(deps, who.tenantId, approvers, `golive:ask:${round.id}`, (locale) => voteAsk(locale, shown, status));
      return roundMessage(who.locale, shown, status);
    },

    async vote(who: GoliveAsker, vote: Vote, reason: string | null, newDate: string | null): Promise<OutboundMessage | string> {
      const round = await openRound(who.projectId);
      if (!round) throw new UserError("golive.errors.no_round");
      if (!(await approversOf(who.tenantId, who.projectId)).includes(who.personId)) throw new RefusalError("golive.errors.not_approver", {}, { round: round.key });
      if (newDate !== null && !isRealDate(newDate)) throw new UserError("golive.errors.bad_date", { date: newDate });
      if (vote === "go" && !round.override_reason) {
        const status = await gates.status(who.tenantId, who.projectId);
        if (status.open.length > 0) throw new RefusalError("golive.errors.gates_open", { count: status.open.length, keys: status.open.slice(0, 8).map((i) => i.key).join(", ") }, { round: round.key, open: status.open.length });
      }
      const at = core.clock.now();
      await db
        .insertInto("golive_votes")
        .values({ round_id: round.id, tenant_id: who.tenantId, person_id: who.personId, vote, reason, new_date: newDate, at })
        .onConflict((oc) => oc.columns(["round_id", "person_id"]).doUpdateSet({ vote, reason, new_date: newDate, at }))
        .execute();
      const decided = await settle(round, who);
      if (decided) return decisionMessage(who.locale, decided);
      return t(who.locale, vote === "go" ? "golive.decide.vote_go_saved" : "golive.decide.vote_nogo_saved", { key: round.key });
    },

    /** A sponsor lets go be voted while gates are open, with a written reason: recorded on the round, audited, shown in every later summary. */
    async override(who: GoliveAsker, reason: string): Promise<string> {
      if (!isSponsor(who)) throw new RefusalError("golive.errors.sponsor_only");
      const round = await openRound(who.projectId);
      if (!round) throw new UserError("golive.errors.no_round");
      const status = await gates.status(who.tenantId, who.projectId);
      await db.updateTable("golive_rounds").set({ override_reason: reason, override_by: who.personId, override_at: core.clock.now() }).where("id", "=", round.id).execute();
      await core.audit.record({ tenantId: who.tenantId, personId: who.personId, projectId: who.projectId, action: "golive.override", outcome: "ok", details: { round: round.key, reason, openGates: status.open.map((i) => i.key) } });
      return t(who.locale, "golive.decide.overridden", { key: round.key, count: status.open.length });
    },

    /** The last decided round (for summaries): go or no-go, with its override. */
    async lastDecision(tenantId: number, projectId: number): Promise<Round | null> {
      return (await db.selectFrom("golive_rounds").selectAll().where("project_id", "=", projectId).where("tenant_id", "=", tenantId).where("status", "<>", "open").orderBy("number", "desc").executeTakeFirst()) ?? null;
    },

    /** Open rounds where the person is an approver who has not voted: `decision list` and the sponsor digest show them. */
    decisions: {
      async pendingFor(query): Promise<PendingDecision[]> {
        let rounds = db.selectFrom("golive_rounds").innerJoin("projects", "projects.id", "golive_rounds.project_id").select(["golive_rounds.id", "golive_rounds.key", "golive_rounds.project_id", "golive_rounds.asked_at", "projects.name"]).where("golive_rounds.tenant_id", "=", query.tenantId).where("golive_rounds.status", "=", "open");
        if (query.projectId !== undefined) rounds = rounds.where("golive_rounds.project_id", "=", query.projectId);
        const out: PendingDecision[] = [];
        for (const round of await rounds.execute()) {
          if (!(await approversOf(query.tenantId, round.project_id)).includes(query.personId)) continue;
          const voted = await db.selectFrom("golive_votes").select("person_id").where("round_id", "=", round.id).where("person_id", "=", query.personId).executeTakeFirst();
          if (voted) continue;
          out.push({
            feature: "golive",
            kind: "go",
            key: round.key,
            projectId: round.project_id,
            title: t(query.locale, "golive.decide.pending_title", { project: round.name }),
            askedAt: round.asked_at,
            actions: [{ label: t(query.locale, "golive.decide.go"), command: "golive vote go", style: "primary" }, { label: t(query.locale, "golive.decide.nogo"), command: "golive vote nogo", style: "danger" }],
          });
        }
        return out;
      },
    } satisfies DecisionSource,
  };
}

export type GoNoGo = ReturnType<typeof createGoNoGo>;
