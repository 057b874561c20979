import type { CalendarService, PersonRules } from "../calendar/service.js";
import { dueMemo, zonedTimeToInstant } from "../calendar/zones.js";
import type { Occurrence, OccurrenceChunk, OccurrenceSchedule } from "../schedule/occurrence.js";
import { promptCard, questionsFor, reminderCard } from "./messages.js";
import { runKey, type RunRef, type StandupConfig, type StandupService, type StandupTeam } from "./service.js";
import { isStandupDay, personTimes, type StandupTimes } from "./timing.js";

/** Claim and delivery keys of the per-person occurrences. */
export function personKey(teamId: number, personId: number, date: string, kind: "prompt" | "reminder"): string {
  return `standup:${teamId}:${personId}:${date}:${kind}`;
}

/**
 * Occurrences claimed and written per transaction: a whole tick's due people of every team (claims, runs and outbox
 * rows are a statement or a few each, whatever the size; keys are claimed in sorted order); a failing batch is split
 * by the runner until the bad occurrence is alone.
 */
const FAN_OUT_BATCH = 5000;

interface Member {
  team: StandupTeam;
  config: StandupConfig;
  personId: number;
  name: string;
  rules: PersonRules;
  times: StandupTimes;
}

type DueAt = ReturnType<typeof dueMemo>;
type Active = Awaited<ReturnType<StandupService["active"]>>;

/** What the prompt and reminder schedules read. */
export interface PromptScheduleDeps {
  standups: StandupService;
  calendars: CalendarService;
}

/** Stand-up prompts (paced, each opening the person's run) and reminders before close, for every team at once. */
export function createPromptSchedules(deps: PromptScheduleDeps): OccurrenceSchedule[] {
  const { standups, calendars } = deps;

  /**
   * The members of the active teams with a time of `kind` due in the window, with their rules. Set-based: the
   * distinct clocks among all members (one grouped query) decide what is due, and only the people on a due clock
   * are read, with their rules (one query, their leave, each calendar once) — a tick where nobody's time falls
   * costs one query, not a read of everyone.
   */
  const dueMembers = async (active: Active, due: DueAt, kind: "prompt" | "reminder"): Promise<Member[]> => {
    // A team without reminders needs no look at its members' clocks.
    const teams = kind === "reminder" ? active.filter((a) => a.config.reminderMinutes && a.config.reminderMinutes > 0) : active;
    if (teams.length === 0) return [];
    const byId = new Map(teams.map((a) => [a.team.id, a] as const));
    const timeOf = (a: Active[number], workStart: string): string | null => {
      const times = personTimes(a.config, a.team.workStart, workStart);
      return kind === "prompt" ? times.promptTime : times.reminderTime;
    };
    const dueKinds = (await calendars.clockKinds([...byId.keys()])).filter((k) => {
      const time = timeOf(byId.get(k.teamId)!, k.workStart);
      return time !== null && due(time, k.timeZone).length > 0;
    });
    if (dueKinds.length === 0) return [];
    const out: Member[] = [];
    for (const [teamId, members] of await calendars.rulesForTeamMembers(dueKinds)) {
      const a = byId.get(teamId);
      if (!a) continue;
      for (const [personId, { name, rules }] of members) out.push({ team: a.team, config: a.config, personId, name, rules, times: personTimes(a.config, a.team.workStart, rules.workStart) });
    }
    return out;
  };

  const occurrence = (m: Member, date: string, kind: "prompt" | "reminder", time: string, build: Occurrence["message"]): Occurrence => ({
    key: personKey(m.team.id, m.personId, date, kind),
    dueAt: zonedTimeToInstant(date, time, m.rules.timeZone),
    // A prompt or reminder after the team's close is pointless: skipped (and counted) rather than sent late.
    expiresAt: zonedTimeToInstant(date, m.times.closeTime, m.rules.timeZone),
    to: { person: { tenantId: m.team.tenantId, personId: m.personId } },
    locale: m.rules.locale,
    timeZone: m.rules.timeZone,
    pace: true,
    message: build,
  });

  /** The runs behind a batch's occurrences, by key, so that a batch's claimed keys map back to their runs. */
  const runIndex = () => {
    const runs = new Map<string, RunRef & { tenantId: number }>();
    return {
      add: (o: Occurrence, m: Member, date: string) => void runs.set(o.key, { tenantId: m.team.tenantId, teamId: m.team.id, personId: m.personId, date }),
      of: (claimed: readonly Occurrence[]) => claimed.flatMap((o) => runs.get(o.key) ?? []),
      waiting: (claimed: readonly Occurrence[], waiting: Set<string>) =>
        new Set(
          claimed.filter((o) => {
            const run = runs.get(o.key);
            return run !== undefined && waiting.has(runKey(run));
          }).map((o) => o.key),
        ),
    };
  };

  const prompts: OccurrenceSchedule = {
    name: "standup-prompts",
    late: "skip",
    batchSize: FAN_OUT_BATCH,
    async *due(window) {
      const due = dueMemo(window);
      const members = await dueMembers(await standups.active(window.to), due, "prompt");
      const runs = runIndex();
      const occurrences: Occurrence[] = [];
      // A prompt names no one: the members of a team who share a language, a date and a close time get the same
      // card, built once for them all (and serialised once by the outbox insert).
      const cards = new Map<string, ReturnType<typeof promptCard>>();
      for (const m of members) {
        const { team, config } = m;
        for (const { date } of due(m.times.promptTime, m.rules.timeZone)) {
          if (!isStandupDay(date, config.days, m.rules)) {
            // On leave on a stand-up day: the run says so (the summary lists them away); nothing is sent.
            if (isStandupDay(date, config.days, { calendar: m.rules.calendar })) await standups.openRun({ tenantId: team.tenantId, teamId: team.id, personId: m.personId, date, at: window.to, status: "away" });
            continue;
          }
          const card = () => {
            const cardKey = `${team.id}|${m.rules.locale}|${date}|${m.times.closeTime}`;
            let built = cards.get(cardKey);
            if (!built) cards.set(cardKey, (built = promptCard({ locale: m.rules.locale, team: team.name, date, closeTime: m.times.closeTime, questions: questionsFor(config.questions, m.rules.locale) })));
            return built;
          };
          const o = occurrence(m, date, "prompt", m.times.promptTime, card);
          runs.add(o, m, date);
          occurrences.push(o);
        }
      }
      if (occurrences.length === 0) return;
      const chunk: OccurrenceChunk = {
        occurrences,
        // Only a run this batch opened (or one still waiting) gets its prompt: someone who answered early is left alone.
        admit: async (trx, claimed) => runs.waiting(claimed, await standups.openRuns(trx, { at: window.to, runs: runs.of(claimed) })),
      };
      yield chunk;
    },
  };

  const reminders: OccurrenceSchedule = {
    name: "standup-reminders",
    late: "skip",
    batchSize: FAN_OUT_BATCH,
    async *due(window) {
      const due = dueMemo(window);
      const members = await dueMembers(await standups.active(window.to), due, "reminder");
      const candidates: { m: Member; date: string; time: string }[] = [];
      for (const m of members) {
        const time = m.times.reminderTime;
        if (!time) continue;
        for (const { date } of due(time, m.rules.timeZone)) if (isStandupDay(date, m.config.days, m.rules)) candidates.push({ m, date, time });
      }
      if (candidates.length === 0) return;
      // Every candidate's run in one query: only someone still waiting for an answer is reminded.
      const statuses = await standups.statusesOn(candidates.map((c) => ({ teamId: c.m.team.id, date: c.date })));
      const runs = runIndex();
      const occurrences: Occurrence[] = [];
      for (const { m, date, time } of candidates) {
        if (statuses.get(runKey({ teamId: m.team.id, personId: m.personId, date })) !== "prompted") continue;
        const o = occurrence(m, date, "reminder", time, () => reminderCard({ locale: m.rules.locale, name: m.name, team: m.team.name, closeTime: m.times.closeTime }));
        runs.add(o, m, date);
        occurrences.push(o);
      }
      if (occurrences.length === 0) return;
      yield { occurrences, admit: async (trx, claimed) => runs.waiting(claimed, await standups.prompted(trx, runs.of(claimed))) };
    },
  };

  return [prompts, reminders];
}
