import { addDays, utcDate } from "../core/dates.js";
import type { OutboundMessage } from "../core/message.js";
import type { CalendarService, PersonRules } from "../calendar/service.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import { dueMemo, zonedTimeToInstant } from "../calendar/zones.js";
import { isWorkingDay } from "../calendar/working-time.js";
import { claimMany } from "../schedule/claim-and-notify.js";
import { claimedAmong } from "../schedule/claims.js";
import type { Occurrence, OccurrenceSchedule, ScheduleWindow } from "../schedule/occurrence.js";
import { createNagData, type LadderData, type SponsorDirectory } from "./nag-data.js";
import { escalationMessage, headsUpMessage, MAX_LISTED, overdueMessage, rememberingTranslator, sponsorMessage, type NagItem } from "./nag-messages.js";
import type { Translate } from "./i18n.js";
import { checkedKey, headsUpReach, nagKey, planNags, type DayMemo, type NagKind, type PlannedNag } from "./nag-plan.js";
import type { TaskService } from "./service.js";
import { RACI_SETTING_LIMITS } from "./settings.js";

/** How far back each tick looks again; occurrences are claimed by key, so a failed claim is retried, never doubled. */
export const NAG_LOOKBACK_MS = 15 * 60 * 1000;
/** Calendar days ahead the tick looks for heads-ups: the longest lead across the longest holiday run. */
const HEADS_UP_HORIZON_DAYS = RACI_SETTING_LIMITS.headsUpDays[1] + 25;
/** Nags claimed and written per transaction. */
const CLAIM_BATCH = 200;
/** Transactions writing nags at once (a pg pool has ten connections; PGlite serialises them anyway). */
const SEND_CONCURRENCY = 4;

/** One nag ready to claim: its key, who gets it, and the message. */
export interface NagSend {
  key: string;
  tenantId: number;
  personId: number;
  kind: NagKind;
  message: OutboundMessage;
  /** The person's work start on the nag's date; past their work end it is skipped, not sent late. */
  dueAt: Date;
  expiresAt?: Date;
  rules: Pick<PersonRules, "locale" | "timeZone">;
}

const BUILDERS: Record<NagKind, (locale: PersonRules["locale"], items: NagItem[], t: Translate) => OutboundMessage> = {
  headsup: headsUpMessage,
  overdue: overdueMessage,
  escalation: escalationMessage,
  sponsor: sponsorMessage,
};

/** What the last nag run computed, for logs and the benchmark. */
export interface NagTickStats {
  candidates: number;
  due: number;
  planned: number;
  computeMs: number;
}

/**
 * The nag ladder as an occurrence schedule. Each run: who might be nagged (two indexed queries), their rules (a
 * team at a time), whose work start fell in the window on one of their working days (holidays, make-up workdays
 * and leave counted); then their tasks, one message per (person, local date, kind). The scheduler claims and
 * writes them (replicas, restarts and replayed ticks never send twice) and skips, counting them, those whose
 * work end has passed. A (person, date) whose nags all went out is marked checked, so the look-back runs after a
 * work start skip it without loading its tasks again.
 */
export function createNagSchedule(deps: { db: Database; logger: Logger; tasks: TaskService; projects: SponsorDirectory; calendars: Pick<CalendarService, "rulesFor" | "rulesForTeam" | "rulesForPeople" | "anyWorkStartIn"> }) {
  const { db, logger } = deps;
  const data = createNagData(db, deps.tasks, deps.projects);
  let last: NagTickStats = { candidates: 0, due: 0, planned: 0, computeMs: 0 };

  const alreadyClaimed = (keys: string[]): Promise<Set<string>> => claimedAmong(db, keys);


  /** Marks (person, date) as fully nagged, so the look-back ticks that follow skip them without loading anything. */
  const markChecked = async (checked: string[]): Promise<void> => {
    for (let i = 0; i < checked.length; i += 1000) await claimMany(db, checked.slice(i, i + 1000));
  };


  const itemsOf = (plan: PlannedNag, personId: number, ladder: LadderData): NagItem[] =>
    plan.items.map(({ entry, overdueDays }) => {
      const project = ladder.projects.get(entry.task.projectId);
      return {
        task: entry.task,
        projectName: project?.name ?? "",
        projectKey: ladder.multiProject.has(personId) ? (project?.key ?? null) : null,
        blockers: ladder.blockers.get(`${entry.task.projectId}:${entry.task.key}`) ?? [],
        overdueDays,
      };
    });

  /** Computes every nag that fell due in the window (not yet claimed); exported for the benchmark. */
  const compute = async (window: ScheduleWindow): Promise<{ sends: NagSend[]; checked: string[]; stats: Pick<NagTickStats, "candidates" | "due" | "planned"> }> => {
    const now = window.to;
    if (!(await deps.calendars.anyWorkStartIn(window))) return { sends: [], checked: [], stats: { candidates: 0, due: 0, planned: 0 } };
    const horizon = addDays(utcDate(now), HEADS_UP_HORIZON_DAYS);
    const today = addDays(utcDate(now), 1);
    const candidates = await data.candidates(horizon, today);
    const dueAt = dueMemo(window);
    const duePeople: { tenantId: number; personId: number; date: string; rules: PersonRules }[] = [];
    let candidateCount = 0;
    for (const [tenantId, people] of candidates) {
      candidateCount += people.size;
      const rules = await deps.calendars.rulesForPeople(tenantId, [...people]);
      for (const [personId, own] of rules) {
        for (const { date } of dueAt(own.workStart, own.timeZone)) {
          if (!isWorkingDay(date, own)) continue;
          duePeople.push({ tenantId, personId, date, rules: own });
        }
      }
    }
    if (duePeople.length === 0) return { sends: [], checked: [], stats: { candidates: candidateCount, due: 0, planned: 0 } };
    const done = await alreadyClaimed(duePeople.map((p) => checkedKey(p.personId, p.date)));
    const open = duePeople.filter((p) => !done.has(checkedKey(p.personId, p.date)));
    if (open.length === 0) return { sends: [], checked: [], stats: { candidates: candidateCount, due: duePeople.length, planned: 0 } };
    const days: DayMemo = new Map();
    // Tasks due past the last heads-up anyone due now can get are not loaded (a third of R's tasks in the bench).
    const reach = headsUpReach(open, RACI_SETTING_LIMITS.headsUpDays[1], days);
    const ladder = await data.load([...new Set(open.map((p) => p.personId))], reach !== null && reach < horizon ? reach : horizon, today);
    const planned = open.map((p) => ({
      p,
      plans: planNags({ date: p.date, now, rules: p.rules, asR: ladder.asR.get(p.personId) ?? [], asA: ladder.asA.get(p.personId) ?? [], asSponsor: ladder.asSponsor.get(p.personId) ?? [], memo: days }),
    }));
    await data.attachPeople(planned.flatMap(({ plans }) => plans.flatMap((plan) => plan.items.slice(0, MAX_LISTED).map((i) => i.entry))));
    const sends: NagSend[] = [];
    // Work starts and ends: thousands of people share a few clocks.
    const instants = new Map<string, number>();
    const instantOf = (date: string, time: string, timeZone: string): Date => {
      const id = `${date}|${time}|${timeZone}`;
      let ms = instants.get(id);
      if (ms === undefined) instants.set(id, (ms = zonedTimeToInstant(date, time, timeZone).getTime()));
      return new Date(ms);
    };
    // Texts formatted once per locale for the whole tick, not once per person.
    const translators = new Map<PersonRules["locale"], Translate>();
    const translatorFor = (locale: PersonRules["locale"]): Translate => {
      let t = translators.get(locale);
      if (!t) translators.set(locale, (t = rememberingTranslator(locale)));
      return t;
    };
    for (const { p, plans } of planned) {
      for (const plan of plans) {
        const key = nagKey(p.personId, p.date, plan.kind);
        sends.push({
          key,
          tenantId: p.tenantId,
          personId: p.personId,
          kind: plan.kind,
          message: BUILDERS[plan.kind](p.rules.locale, itemsOf(plan, p.personId, ladder), translatorFor(p.rules.locale)),
          dueAt: instantOf(p.date, p.rules.workStart, p.rules.timeZone),
          ...(p.rules.workEnd > p.rules.workStart ? { expiresAt: instantOf(p.date, p.rules.workEnd, p.rules.timeZone) } : {}),
          rules: p.rules,
        });
      }
    }
    const checked = open.map((p) => checkedKey(p.personId, p.date));
    return { sends, checked, stats: { candidates: candidateCount, due: duePeople.length, planned: sends.length } };
  };

  const occurrenceOf = (s: NagSend): Occurrence => ({
    key: s.key,
    dueAt: s.dueAt,
    ...(s.expiresAt ? { expiresAt: s.expiresAt } : {}),
    // Someone never seen on their tenant's platform has no DM: the runner claims the nag and counts it unreachable.
    to: { person: { tenantId: s.tenantId, personId: s.personId } },
    locale: s.rules.locale,
    timeZone: s.rules.timeZone,
    message: () => s.message,
  });

  const schedule: OccurrenceSchedule = {
    name: "raci-nags",
    late: "skip",
    lookbackMs: NAG_LOOKBACK_MS,
    batchSize: CLAIM_BATCH,
    concurrency: SEND_CONCURRENCY,
    async *due(window) {
      const started = Date.now();
      const { sends, checked, stats } = await compute(window);
      last = { ...stats, computeMs: Date.now() - started };
      if (checked.length === 0) return;
      yield {
        occurrences: sends.map(occurrenceOf),
        async done(failed) {
          const failedPeople = new Set(sends.filter((s) => failed.has(s.key)).map((s) => checkedKey(s.personId, s.key.split(":")[3] ?? "")));
          await markChecked(checked.filter((key) => !failedPeople.has(key)));
          if (sends.length > 0) logger.info({ ...last, nags: sends.length, failed: failed.size }, "RACI nags run");
        },
      };
    },
  };

  return { schedule, compute, stats: () => last };
}

export type NagSchedule = ReturnType<typeof createNagSchedule>;
