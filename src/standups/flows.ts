import type { ConversationRef } from "../core/adapter.js";
import type { Clock } from "../core/clock.js";
import { UserError } from "../core/command.js";
import { translator, type Locale } from "./i18n.js";
import { text, type OutboundMessage } from "../core/message.js";
import type { CalendarService, PersonRules } from "../calendar/service.js";
import type { GuidedConversationStore } from "../conversations/store.js";
import type { Database } from "../db/database.js";
import type { StandupAnswers } from "./schema.js";
import { localParts, zonedTimeToInstant } from "../calendar/zones.js";
import type { TeamService } from "../teams/service.js";
import type { StandupAnswerEvents } from "./answer-events.js";
import { saysNoBlocker, type BlockerService } from "./blockers.js";
import { guideQuestion, questionsFor } from "./messages.js";
import type { StandupConfig, StandupService, StandupTeam } from "./service.js";
import type { Summaries } from "./summary.js";
import { isStandupDay, personTimes, type StandupTimes } from "./timing.js";

/** Who is asking, as a command or the guided conversation knows them. */
export interface Asker {
  tenantId: number;
  projectId: number;
  personId: number;
  locale: Locale;
  conversation?: ConversationRef;
}

/** The guided conversation's kind in the conversation store. */
export const GUIDE_KIND = "standup";
const GUIDE_MIN_MS = 30 * 60 * 1000;
const MAX_ANSWER = 2000;

/** A person's stand-up today in one team: their date, times, rules and when the window closes. */
export interface PersonDay {
  team: StandupTeam;
  config: StandupConfig;
  rules: PersonRules;
  times: StandupTimes;
  date: string;
  closeAt: Date;
}

/** What the answer flows are built from. */
export interface AnswerFlowDeps {
  db: Database;
  clock: Clock;
  standups: StandupService;
  blockers: BlockerService;
  calendars: CalendarService;
  teams: TeamService;
  summaries: Summaries;
  conversations: GuidedConversationStore;
  /** Told of every answer inside the transaction that saves it. */
  answerEvents: StandupAnswerEvents;
}

export type AnswerFlows = ReturnType<typeof createAnswerFlows>;

/** Answering (one line, form or guided), skipping, leave, and keeping a posted summary up to date. */
export function createAnswerFlows(deps: AnswerFlowDeps) {
  const { db, clock, standups, blockers, calendars, summaries, conversations } = deps;

  /** The team a command means: `--team` (name, id or unique prefix), else the person's first team with a stand-up. */
  const pickTeam = async (who: Asker, name: string | undefined, needStandup = true): Promise<StandupTeam> => {
    if (name) {
      const all = await deps.teams.list(who.tenantId, who.projectId);
      const wanted = name.trim().toLowerCase();
      const exact = all.filter((tm) => tm.name.toLowerCase() === wanted || String(tm.id) === wanted);
      const found = exact.length > 0 ? exact : all.filter((tm) => tm.name.toLowerCase().startsWith(wanted));
      const one = found.length === 1 ? found[0] : undefined;
      if (!one) throw new UserError("commands.team.not_found", { team: name });
      const team = await standups.team(who.tenantId, one.id);
      if (!team) throw new UserError("commands.team.not_found", { team: name });
      if (needStandup && !(await standups.config(team.id))?.active) throw new UserError("standup.not_configured", { team: team.name });
      return team;
    }
    if (needStandup) {
      const first = (await standups.teamsWithStandup(who.tenantId, who.projectId, who.personId))[0];
      if (!first) throw new UserError("standup.no_team");
      return first;
    }
    const own = (await deps.teams.teamsOf(who.tenantId, who.personId)).find((tm) => tm.projectId === who.projectId);
    const team = own ? await standups.team(who.tenantId, own.id) : null;
    if (!team) throw new UserError("standup.which_team");
    return team;
  };

  const dayOf = async (who: Asker, team: StandupTeam): Promise<PersonDay> => {
    const config = await standups.config(team.id);
    if (!config?.active) throw new UserError("standup.not_configured", { team: team.name });
    const rules = await calendars.rulesFor(who.tenantId, who.personId, { teamId: team.id });
    const times = personTimes(config, team.workStart, rules.workStart);
    const date = localParts(clock.now(), rules.timeZone).date;
    return { team, config, rules, times, date, closeAt: zonedTimeToInstant(date, times.closeTime, rules.timeZone) };
  };

  /** Checks that today's stand-up can still take an answer (or a skip); returns the run as it stands. */
  const openDay = async (who: Asker, day: PersonDay) => {
    const run = await standups.run(day.team.id, who.personId, day.date);
    const closed = clock.now().getTime() >= day.closeAt.getTime();
    if (!run && !isStandupDay(day.date, day.config.days, day.rules)) throw new UserError("standup.not_today", { team: day.team.name, date: day.date });
    if (closed && run && (run.status === "answered" || run.status === "skipped")) throw new UserError("standup.closed", { team: day.team.name, close: day.times.closeTime });
    return { run, closed };
  };

  const afterChange = async (who: Asker, teamId: number, date: string): Promise<void> => {
    await conversations.end(who.tenantId, who.personId, GUIDE_KIND);
    await summaries.refresh(who.tenantId, teamId, date);
  };

  /** Today's date for each of the person's teams that has a stand-up. */
  const todaysTeams = async (who: Asker): Promise<PersonDay[]> => {
    const teams = await standups.teamsWithStandup(who.tenantId, who.projectId, who.personId);
    return Promise.all(teams.map((team) => dayOf(who, team)));
  };

  return {
    pickTeam,
    dayOf,

    /** Records (or, until close, edits) today's answers; fields left out keep what was answered before. */
    async answer(who: Asker, input: Partial<StandupAnswers>, options: { team?: string; teamId?: number } = {}): Promise<OutboundMessage> {
      const t = translator(who.locale);
      const team = options.teamId !== undefined ? await standups.team(who.tenantId, options.teamId) : await pickTeam(who, options.team);
      if (!team) throw new UserError("standup.no_team");
      const day = await dayOf(who, team);
      const { run: existing, closed } = await openDay(who, day);
      const before = existing?.status === "answered" ? existing.answers : null;
      const clean = (v: string | undefined) => (v === undefined ? undefined : v.trim().slice(0, MAX_ANSWER));
      const answers: StandupAnswers = {
        yesterday: clean(input.yesterday) ?? before?.yesterday ?? "",
        today: clean(input.today) ?? before?.today ?? "",
        blockers: clean(input.blockers) ?? before?.blockers ?? "",
      };
      if (!answers.yesterday && !answers.today && !answers.blockers) throw new UserError("standup.empty");
      const hasBlocker = answers.blockers !== "" && !saysNoBlocker(answers.blockers);
      const raised = await db.transaction().execute(async (trx) => {
        const at = clock.now();
        const run = await standups.saveRun({ tenantId: who.tenantId, teamId: team.id, personId: who.personId, date: day.date, status: "answered", answers, late: closed, at }, trx);
        await deps.answerEvents.emit({ trx, tenantId: who.tenantId, projectId: team.projectId, teamId: team.id, personId: who.personId, date: day.date, at, late: closed });
        if (!hasBlocker) {
          await blockers.withdrawForRun(trx, run.id);
          return null;
        }
        return blockers.raise(trx, { tenantId: who.tenantId, projectId: team.projectId, teamId: team.id, ownerId: who.personId, runId: run.id, text: answers.blockers, openedOn: day.date });
      });
      await afterChange(who, team.id, day.date);
      const lines = [
        t(before ? "standup.answer.updated" : "standup.answer.recorded", { team: team.name, date: day.date }),
        closed ? t("standup.answer.late") : t("standup.answer.editable", { close: day.times.closeTime }),
      ];
      if (raised) lines.push(t(raised.created ? "standup.answer.blocker_opened" : "standup.answer.blocker_kept", { key: raised.blocker.key }));
      return { blocks: [text(lines.join("\n"))] };
    },

    /** Starts the guided conversation in the person's DM: one question at a time, "skip" allowed. */
    async startGuide(who: Asker, teamName?: string): Promise<string> {
      const t = translator(who.locale);
      if (who.conversation?.kind !== "direct") return t("standup.guide.in_dm");
      const team = await pickTeam(who, teamName);
      const day = await dayOf(who, team);
      await openDay(who, day);
      const questions = questionsFor(day.config.questions, who.locale);
      const expiresAt = new Date(Math.max(day.closeAt.getTime(), clock.now().getTime() + GUIDE_MIN_MS));
      await conversations.start(who.tenantId, who.personId, GUIDE_KIND, { teamId: team.id, step: 0, answers: [] }, expiresAt);
      return `${t("standup.guide.start", { team: team.name, date: day.date })}\n${guideQuestion(t, 0, questions)}`;
    },

    /** Skips today's stand-up. */
    async skip(who: Asker, teamName?: string): Promise<string> {
      const team = await pickTeam(who, teamName);
      const day = await dayOf(who, team);
      await openDay(who, day);
      await db.transaction().execute(async (trx) => {
        const run = await standups.saveRun({ tenantId: who.tenantId, teamId: team.id, personId: who.personId, date: day.date, status: "skipped", answers: null, at: clock.now() }, trx);
        await blockers.withdrawForRun(trx, run.id);
      });
      await afterChange(who, team.id, day.date);
      return translator(who.locale)("standup.skipped", { team: team.name, date: day.date });
    },

    /** Records leave (inclusive dates; today when none are given): no prompts on those days. */
    async away(who: Asker, range: { from: string; to: string } | null): Promise<string> {
      const t = translator(who.locale);
      const { timeZone } = await calendars.rulesFor(who.tenantId, who.personId);
      const today = localParts(clock.now(), timeZone).date;
      const { from, to } = range ?? { from: today, to: today };
      if (to < today) throw new UserError("standup.away.past", { to });
      const merged = await calendars.leave.add(who.tenantId, who.personId, from, to);
      for (const day of await todaysTeams(who)) {
        if (day.date < merged.from || day.date > merged.to) continue;
        const run = await standups.run(day.team.id, who.personId, day.date);
        if (run?.status === "answered") continue;
        await standups.saveRun({ tenantId: who.tenantId, teamId: day.team.id, personId: who.personId, date: day.date, status: "away", answers: null, at: clock.now() });
        await afterChange(who, day.team.id, day.date);
      }
      return from === to ? t("standup.away.day", { date: from }) : t("standup.away.range", { from: merged.from, to: merged.to });
    },

    /** Ends the leave that covers today. */
    async back(who: Asker): Promise<string> {
      const t = translator(who.locale);
      const { timeZone } = await calendars.rulesFor(who.tenantId, who.personId);
      const today = localParts(clock.now(), timeZone).date;
      const ended = await calendars.leave.endOn(who.tenantId, who.personId, today);
      if (ended.length === 0) throw new UserError("standup.back.not_away");
      for (const day of await todaysTeams(who)) {
        const run = await standups.run(day.team.id, who.personId, day.date);
        if (run?.status !== "away") continue;
        if (run.promptedAt) await standups.saveRun({ tenantId: who.tenantId, teamId: day.team.id, personId: who.personId, date: day.date, status: "prompted", answers: null, at: clock.now() });
        else await standups.deleteRun(run.id);
        await afterChange(who, day.team.id, day.date);
      }
      return t("standup.back.done");
    },
  };
}
