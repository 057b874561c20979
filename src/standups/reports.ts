import type { Clock } from "../core/clock.js";
import { UserError, type Role } from "../core/command.js";
import { addDays, weekOf } from "../core/dates.js";
import { translator } from "./i18n.js";
import { text, type OutboundMessage } from "../core/message.js";
import type { CalendarService, PersonRules } from "../calendar/service.js";
import type { Database } from "../db/database.js";
import { localParts } from "../calendar/zones.js";
import type { BlockerService } from "./blockers.js";
import type { Asker, AnswerFlows } from "./flows.js";
import { blockerListMessage } from "./messages.js";
import type { StandupService } from "./service.js";
import { participation } from "./stats.js";
import { statsMessage, summaryMessage } from "./summary-message.js";
import type { Summaries } from "./summary.js";

export type ReportFlows = ReturnType<typeof createReportFlows>;

/** `standup status`, `standup stats`, `blocker list`, `blocker resolve`. */
export function createReportFlows(deps: { db: Database; clock: Clock; standups: StandupService; blockers: BlockerService; calendars: CalendarService; summaries: Summaries; answers: AnswerFlows }) {
  const { db, clock, standups, blockers, calendars, summaries } = deps;

  const todayOf = async (who: Asker): Promise<{ date: string; rules: PersonRules }> => {
    const rules = await calendars.rulesFor(who.tenantId, who.personId);
    return { date: localParts(clock.now(), rules.timeZone).date, rules };
  };

  return {
    /** Today's stand-up of the person's team as it stands, and their own answers in full. */
    async status(who: Asker, teamName?: string): Promise<OutboundMessage> {
      const t = translator(who.locale);
      const team = await deps.answers.pickTeam(who, teamName);
      const day = await deps.answers.dayOf(who, team);
      const rules = await summaries.rulesOf(team);
      const teamDay = await summaries.teamDay(team, day.config, day.date, db, rules);
      const message = summaryMessage(who.locale, teamDay, "status");
      const own = await standups.run(team.id, who.personId, day.date);
      // After the close, answers can no longer be changed: say so instead of "open until 11:00".
      const closed = clock.now().getTime() >= day.closeAt.getTime();
      const mine = own?.status === "answered" && own.answers
        ? t(closed ? "standup.status.yours_closed" : "standup.status.yours", { yesterday: own.answers.yesterday || "—", today: own.answers.today || "—", blockers: own.answers.blockers || "—", close: day.times.closeTime })
        : t(closed ? "standup.status.missed" : "standup.status.not_yet", { close: day.times.closeTime });
      return { ...message, blocks: [...message.blocks, text(mine)] };
    },

    /** Participation per team and person for the week holding `date` (this week by default; `last`: the one before). */
    async stats(who: Asker, projectName: string, options: { date?: string; last?: boolean } = {}): Promise<OutboundMessage> {
      const anchor = options.date ?? (await todayOf(who)).date;
      const { from, to } = weekOf(options.last ? addDays(anchor, -7) : anchor);
      const result = await participation(db, who.tenantId, who.projectId, from, to);
      return statsMessage(who.locale, { project: projectName, from, to, teams: result.teams, people: result.people });
    },

    /** Open blockers (all with `all`), each with its age in its owner's working days. */
    async list(who: Asker, projectName: string, all: boolean): Promise<OutboundMessage> {
      const t = translator(who.locale);
      const found = await blockers.list(who.tenantId, who.projectId, { all });
      const rulesByOwner = new Map<number, PersonRules>();
      const listed = [];
      for (const blocker of found) {
        let rules = rulesByOwner.get(blocker.ownerId);
        if (!rules) rulesByOwner.set(blocker.ownerId, (rules = await calendars.rulesFor(who.tenantId, blocker.ownerId, blocker.teamId !== null ? { teamId: blocker.teamId } : {})));
        listed.push({ blocker, age: blocker.resolvedOn ? 0 : summaries.ageOf(blocker.openedOn, rules, clock.now()) });
      }
      return blockerListMessage(t, projectName, listed, all);
    },

    /** Resolves a blocker: its owner, the PM or an admin may. */
    async resolve(who: Asker, key: string, roles: readonly Role[]): Promise<string> {
      const t = translator(who.locale);
      const blocker = await blockers.find(who.tenantId, who.projectId, key);
      if (!blocker) throw new UserError("blocker.not_found", { key: key.toUpperCase() });
      if (blocker.resolvedOn) throw new UserError("blocker.already_resolved", { key: blocker.key, date: blocker.resolvedOn });
      if (blocker.ownerId !== who.personId && !roles.includes("pm") && !roles.includes("admin")) {
        throw new UserError("blocker.not_yours", { key: blocker.key, owner: blocker.ownerName });
      }
      const { date } = await todayOf(who);
      const on = date < blocker.openedOn ? blocker.openedOn : date;
      await blockers.resolve(blocker.id, who.personId, on);
      if (blocker.teamId !== null) {
        const latest = await standups.summary(blocker.teamId, on);
        if (latest) await summaries.refresh(who.tenantId, blocker.teamId, on);
      }
      return t("blocker.resolved", { key: blocker.key, owner: blocker.ownerName, days: summaries.ageOf(blocker.openedOn, (await todayOf(who)).rules, clock.now()) });
    },
  };
}
