import type { CalendarService, PersonRules } from "../calendar/service.js";
import { dueMemo, zonedTimeToInstant } from "../calendar/zones.js";
import type { Occurrence, OccurrenceChunk, OccurrenceSchedule } from "../schedule/occurrence.js";
import { promptCard, questionsFor, reminderCard } from "./messages.js";
import type { StandupConfig, StandupService, StandupTeam } from "./service.js";
import { isStandupDay, personTimes, type StandupTimes } from "./timing.js";

/** Claim and delivery keys of the per-person occurrences. */
export function personKey(teamId: number, personId: number, date: string, kind: "prompt" | "reminder"): string {
  return `standup:${teamId}:${personId}:${date}:${kind}`;
}

/**
 * Occurrences claimed and written per transaction: a whole team of 500 in one (claims, runs and outbox rows are one
 * statement each, whatever the size); a failing batch is retried one person at a time by the runner.
 */
const FAN_OUT_BATCH = 500;

interface Member {
  personId: number;
  name: string;
  rules: PersonRules;
  times: StandupTimes;
}

type DueAt = ReturnType<typeof dueMemo>;
type Clocks = Awaited<ReturnType<CalendarService["clocksForTeams"]>>;

/** What the prompt and reminder schedules read. */
export interface PromptScheduleDeps {
  standups: StandupService;
  calendars: CalendarService;
}

/** Stand-up prompts (paced, each opening the person's run) and reminders before close, per team. */
export function createPromptSchedules(deps: PromptScheduleDeps): OccurrenceSchedule[] {
  const { standups, calendars } = deps;

  /** The members with a time of `kind` due in the window, with their rules (one cheap query when none is). */
  const dueMembers = async (team: StandupTeam, config: StandupConfig, due: DueAt, kind: "prompt" | "reminder", clocks: Clocks): Promise<Member[]> => {
    // A team without reminders needs no look at its members' clocks.
    if (kind === "reminder" && !(config.reminderMinutes && config.reminderMinutes > 0)) return [];
    const candidates: { personId: number; name: string; times: StandupTimes }[] = [];
    for (const [personId, clock] of clocks.get(team.id) ?? []) {
      const times = personTimes(config, team.workStart, clock.workStart);
      const time = kind === "prompt" ? times.promptTime : times.reminderTime;
      if (time && due(time, clock.timeZone).length > 0) candidates.push({ personId, name: clock.name, times });
    }
    if (candidates.length === 0) return [];
    const rules = await calendars.rulesForTeam(team.tenantId, team.id, candidates.map((c) => c.personId));
    return candidates.flatMap((c) => {
      const own = rules.get(c.personId);
      return own ? [{ ...c, rules: own }] : [];
    });
  };

  const occurrence = (team: StandupTeam, m: Member, date: string, kind: "prompt" | "reminder", time: string, build: Occurrence["message"]): Occurrence => ({
    key: personKey(team.id, m.personId, date, kind),
    dueAt: zonedTimeToInstant(date, time, m.rules.timeZone),
    // A prompt or reminder after the team's close is pointless: skipped (and counted) rather than sent late.
    expiresAt: zonedTimeToInstant(date, m.times.closeTime, m.rules.timeZone),
    to: { person: { tenantId: team.tenantId, personId: m.personId } },
    locale: m.rules.locale,
    timeZone: m.rules.timeZone,
    pace: true,
    message: build,
  });

  /** The runs behind a chunk's occurrences, by key, so that a batch's claimed keys map back to `personId|date`. */
  const runIndex = () => {
    const runs = new Map<string, { personId: number; date: string }>();
    return {
      add: (o: Occurrence, personId: number, date: string) => void runs.set(o.key, { personId, date }),
      of: (claimed: readonly Occurrence[]) => claimed.flatMap((o) => runs.get(o.key) ?? []),
      waiting: (claimed: readonly Occurrence[], waiting: Set<string>) => new Set(claimed.filter((o) => waiting.has(`${runs.get(o.key)?.personId}|${runs.get(o.key)?.date}`)).map((o) => o.key)),
    };
  };

  const prompts: OccurrenceSchedule = {
    name: "standup-prompts",
    late: "skip",
    batchSize: FAN_OUT_BATCH,
    async *due(window) {
      const due = dueMemo(window);
      const active = await standups.active();
      // Every active team's clocks in one query, not one per team.
      const clocks = await calendars.clocksForTeams(active.map((a) => a.team.id));
      for (const { config, team } of active) {
        const members = await dueMembers(team, config, due, "prompt", clocks);
        const runs = runIndex();
        const occurrences: Occurrence[] = [];
        for (const m of members) {
          for (const { date } of due(m.times.promptTime, m.rules.timeZone)) {
            if (!isStandupDay(date, config.days, m.rules)) {
              // On leave on a stand-up day: the run says so (the summary lists them away); nothing is sent.
              if (isStandupDay(date, config.days, { calendar: m.rules.calendar })) await standups.openRun({ tenantId: team.tenantId, teamId: team.id, personId: m.personId, date, at: window.to, status: "away" });
              continue;
            }
            const card = () => promptCard({ locale: m.rules.locale, team: team.name, date, closeTime: m.times.closeTime, questions: questionsFor(config.questions, m.rules.locale) });
            const o = occurrence(team, m, date, "prompt", m.times.promptTime, card);
            runs.add(o, m.personId, date);
            occurrences.push(o);
          }
        }
        if (occurrences.length === 0) continue;
        const chunk: OccurrenceChunk = {
          occurrences,
          // Only a run this batch opened (or one still waiting) gets its prompt: someone who answered early is left alone.
          admit: async (trx, claimed) => runs.waiting(claimed, await standups.openRuns(trx, { tenantId: team.tenantId, teamId: team.id, at: window.to, runs: runs.of(claimed) })),
        };
        yield chunk;
      }
    },
  };

  const reminders: OccurrenceSchedule = {
    name: "standup-reminders",
    late: "skip",
    batchSize: FAN_OUT_BATCH,
    async *due(window) {
      const due = dueMemo(window);
      const active = await standups.active();
      const reminding = active.filter((a) => a.config.reminderMinutes && a.config.reminderMinutes > 0).map((a) => a.team.id);
      const clocks = await calendars.clocksForTeams(reminding);
      for (const { config, team } of active) {
        const members = await dueMembers(team, config, due, "reminder", clocks);
        const runsByDate = new Map<string, Map<number, string>>();
        const runs = runIndex();
        const occurrences: Occurrence[] = [];
        for (const m of members) {
          const time = m.times.reminderTime;
          if (!time) continue;
          for (const { date } of due(time, m.rules.timeZone)) {
            if (!isStandupDay(date, config.days, m.rules)) continue;
            let statuses = runsByDate.get(date);
            if (!statuses) runsByDate.set(date, (statuses = new Map((await standups.runsOn(team.id, date)).map((r) => [r.personId, r.status] as const))));
            if (statuses.get(m.personId) !== "prompted") continue;
            const o = occurrence(team, m, date, "reminder", time, () => reminderCard({ locale: m.rules.locale, name: m.name, team: team.name, closeTime: m.times.closeTime }));
            runs.add(o, m.personId, date);
            occurrences.push(o);
          }
        }
        if (occurrences.length === 0) continue;
        yield { occurrences, admit: async (trx, claimed) => runs.waiting(claimed, await standups.prompted(trx, team.id, runs.of(claimed))) };
      }
    },
  };

  return [prompts, reminders];
}
