import type { Clock } from "../core/clock.js";
import type { JobQueue } from "../core/queue.js";
import type { CalendarService, PersonRules } from "../calendar/service.js";
import type { Database } from "../db/database.js";
import { localParts, zonedTimeToInstant } from "../calendar/zones.js";
import { workingDaysBetween } from "../calendar/working-time.js";
import { withOutbox } from "../schedule/claim-and-notify.js";
import type { BlockerService } from "./blockers.js";
import type { StandupConfig, StandupService, StandupTeam } from "./service.js";
import { summaryMessage, type TeamDay } from "./summary-message.js";
import { isStandupDay, personTimes } from "./timing.js";

/** The delivery (and claim) key of a team's summary for a local date. */
export function summaryKey(teamId: number, date: string): string {
  return `standup:${teamId}:${date}:summary`;
}

/** What summaries are built from. */
export interface SummaryDeps {
  db: Database;
  queue: JobQueue;
  clock: Clock;
  standups: StandupService;
  blockers: BlockerService;
  calendars: CalendarService;
}

/** The rules of a team's members, and the team's own (for blockers of people who left it). */
export interface TeamRules {
  members: Map<number, PersonRules>;
  team: Pick<PersonRules, "calendar" | "leave" | "timeZone">;
}

export type Summaries = ReturnType<typeof createSummaries>;

/** Builds a team's day (who answered, skipped, is away or missing; open blockers) and posts or edits its summary. */
export function createSummaries(deps: SummaryDeps) {
  const { standups, blockers, calendars } = deps;

  /** Working days a blocker has been open, in its owner's calendar (the team's when the owner left it). */
  const ageOf = (openedOn: string, rules: Pick<PersonRules, "calendar" | "leave" | "timeZone">, now: Date): number =>
    workingDaysBetween(openedOn, localParts(now, rules.timeZone).date, rules);

  /** The members' rules and the team's own calendar; read before a transaction (PGlite has one connection). */
  const rulesOf = async (team: StandupTeam): Promise<TeamRules> => ({
    members: await calendars.rulesForTeam(team.tenantId, team.id),
    team: { calendar: (await calendars.calendar(team.tenantId, team.calendar)).calendar, leave: [], timeZone: team.timezone },
  });

  const teamDay = async (team: StandupTeam, config: StandupConfig, date: string, trx: Database, teamRules: TeamRules): Promise<TeamDay> => {
    const now = deps.clock.now();
    const members = await standups.members(team.id, trx);
    const runs = new Map((await standups.runsOn(team.id, date, trx)).map((r) => [r.personId, r] as const));
    const rules = teamRules.members;
    const day: TeamDay = { team: team.name, date, answered: [], skipped: [], away: [], missing: [], later: [], blockers: [] };
    for (const member of members) {
      const run = runs.get(member.personId);
      const own = rules.get(member.personId);
      if (run?.status === "answered" && run.answers) day.answered.push({ name: member.name, answers: run.answers, late: run.late });
      else if (run?.status === "skipped") day.skipped.push(member.name);
      else if (run?.status === "away") day.away.push(member.name);
      else if (run?.status === "prompted") day.missing.push(member.name);
      else if (own && !isStandupDay(date, config.days, own)) {
        if (isStandupDay(date, config.days, { calendar: own.calendar })) day.away.push(member.name);
      } else if (own) {
        const times = personTimes(config, team.workStart, own.workStart);
        const promptAt = zonedTimeToInstant(date, times.promptTime, own.timeZone);
        (promptAt.getTime() > now.getTime() ? day.later : day.missing).push(member.name);
      }
    }
    for (const b of await blockers.list(team.tenantId, team.projectId, { teamId: team.id }, trx)) {
      const ownerRules = rules.get(b.ownerId) ?? teamRules.team;
      day.blockers.push({ key: b.key, owner: b.ownerName, text: b.text, days: ageOf(b.openedOn, ownerRules, now) });
    }
    return day;
  };

  return {
    teamDay,
    rulesOf,
    ageOf,

    /**
     * After a late answer (or skip, or leave) on a date whose summary is out: edits the posted summary where the
     * platform can edit, posts the new version where it cannot. Each revision has its own delivery key.
     */
    async refresh(tenantId: number, teamId: number, date: string): Promise<boolean> {
      const team = await standups.team(tenantId, teamId);
      const config = await standups.config(teamId);
      const home = team?.home;
      if (!team || !home || !config || !(await standups.summary(teamId, date))) return false;
      const rules = await rulesOf(team);
      return withOutbox(deps.db, deps.queue, async (notify, trx) => {
        const bumped = await trx
          .updateTable("standup_summaries")
          .set((eb) => ({ revision: eb("revision", "+", 1) }))
          .where("team_id", "=", teamId)
          .where("local_date", "=", date)
          .returning(["delivery_key", "revision"])
          .executeTakeFirst();
        if (!bumped) return false;
        const day = await teamDay(team, config, date, trx, rules);
        return notify.toConversation(home, summaryMessage(team.locale, day), {
          key: `${bumped.delivery_key}:r${bumped.revision}`,
          editOf: bumped.delivery_key,
          tenantId,
        });
      });
    },
  };
}
