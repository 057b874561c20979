import { addDays, utcDate } from "../core/dates.js";
import type { OutboundMessage } from "../core/message.js";
import type { JobQueue } from "../core/queue.js";
import type { CalendarService, PersonRules } from "../calendar/service.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import { dueLocalTimes, zonedTimeToInstant, type DueLocalTime } from "../calendar/zones.js";
import { isWorkingDay } from "../calendar/working-time.js";
import { claimAndNotify, withOutbox } from "../schedule/claim-and-notify.js";
import { claimOnce } from "../schedule/claims.js";
import type { Schedule, TickWindow } from "../schedule/tick.js";
import type { DirectTarget } from "../people/direct-targets.js";
import { createNagData, type LadderData } from "./nag-data.js";
import { escalationMessage, headsUpMessage, MAX_LISTED, overdueMessage, sponsorMessage, type NagItem } from "./nag-messages.js";
import { checkedKey, nagKey, planNags, type DayMemo, type NagKind, type PlannedNag } from "./nag-plan.js";
import { rulesForPeople } from "./people-rules.js";
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
  /** Their DM; null when they were never seen on their tenant's platform (the nag is claimed and not sent). */
  to: DirectTarget | null;
  kind: NagKind;
  message: OutboundMessage;
}

const BUILDERS: Record<NagKind, (locale: PersonRules["locale"], items: NagItem[]) => OutboundMessage> = {
  headsup: headsUpMessage,
  overdue: overdueMessage,
  escalation: escalationMessage,
  sponsor: sponsorMessage,
};

/** What the last nag tick did, for logs and the benchmark. */
export interface NagTickStats {
  candidates: number;
  due: number;
  planned: number;
  claimed: number;
  computeMs: number;
  sendMs: number;
}

/**
 * The nag ladder as a tick schedule. Each tick: who might be nagged (two indexed queries), their rules (a team
 * at a time), whose work start fell in the window on one of their working days (holidays, make-up workdays and
 * leave counted) and before their work end; then their tasks, one message per (person, local date, kind),
 * claimed with `claimOnce` and written through the notifier in the same transaction — so replicas, restarts
 * and replayed ticks never send twice. A (person, date) whose nags all went out is marked checked, so the
 * look-back ticks after a work start skip it without loading its tasks again.
 */
export function createNagSchedule(deps: { db: Database; queue: JobQueue; logger: Logger; tasks: TaskService; calendars: Pick<CalendarService, "rulesFor" | "rulesForTeam"> }) {
  const { db, queue, logger } = deps;
  const data = createNagData(db, deps.tasks);
  let last: NagTickStats = { candidates: 0, due: 0, planned: 0, claimed: 0, computeMs: 0, sendMs: 0 };

  const alreadyClaimed = async (keys: string[]): Promise<Set<string>> => {
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 1000) {
      for (const row of await db.selectFrom("claims").select("key").where("key", "in", keys.slice(i, i + 1000)).execute()) found.add(row.key);
    }
    return found;
  };

  /** Claims and writes one batch in one transaction; a failing batch is retried one by one so one bad row costs one nag. */
  const sendBatch = async (batch: NagSend[], failed: Set<string>): Promise<number> => {
    try {
      return await withOutbox(db, queue, async (notify, trx) => {
        let n = 0;
        for (const s of batch) {
          if (!(await claimOnce(trx, s.key))) continue;
          if (s.to) await notify.toUser(s.to.platform, s.to.tenantRef, s.to.userId, s.message, { key: s.key, tenantId: s.tenantId, personId: s.personId });
          n++;
        }
        return n;
      });
    } catch (error) {
      logger.warn({ err: error, size: batch.length }, "nag batch failed; claiming one by one");
      let n = 0;
      for (const s of batch) {
        try {
          if (await claimAndNotify(db, queue, s.key, async (notify) => (s.to ? notify.toUser(s.to.platform, s.to.tenantRef, s.to.userId, s.message, { key: s.key, tenantId: s.tenantId, personId: s.personId }) : false))) n++;
        } catch (single) {
          failed.add(s.key);
          logger.error({ err: single, key: s.key }, "nag failed; a later tick retries it");
        }
      }
      return n;
    }
  };

  /**
   * Claims and writes nags in batches, a few transactions at a time (disjoint keys in one global order, so
   * neither these nor another replica's batches can deadlock). Returns how many were claimed here and the keys
   * that failed.
   */
  const send = async (sends: NagSend[]): Promise<{ claimed: number; failed: Set<string> }> => {
    const sorted = [...sends].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const batches: NagSend[][] = [];
    for (let i = 0; i < sorted.length; i += CLAIM_BATCH) batches.push(sorted.slice(i, i + CLAIM_BATCH));
    const failed = new Set<string>();
    let claimed = 0;
    let next = 0;
    const worker = async () => {
      for (let batch = batches[next++]; batch; batch = batches[next++]) {
        const n = await sendBatch(batch, failed);
        claimed += n;
      }
    };
    await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, batches.length) }, worker));
    return { claimed, failed };
  };

  /** Marks (person, date) as fully nagged, so the look-back ticks that follow skip them without loading anything. */
  const markChecked = async (checked: string[]): Promise<void> => {
    for (let i = 0; i < checked.length; i += 1000) {
      await db
        .insertInto("claims")
        .values(checked.slice(i, i + 1000).map((key) => ({ key })))
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
    }
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
  const compute = async (window: TickWindow): Promise<{ sends: NagSend[]; checked: string[]; stats: Pick<NagTickStats, "candidates" | "due" | "planned"> }> => {
    const now = window.to;
    const horizon = addDays(utcDate(now), HEADS_UP_HORIZON_DAYS);
    const today = addDays(utcDate(now), 1);
    const candidates = await data.candidates(horizon, today);
    const memo = new Map<string, DueLocalTime[]>();
    const dueAt = (time: string, zone: string) => {
      const key = `${zone}|${time}`;
      let due = memo.get(key);
      if (!due) memo.set(key, (due = dueLocalTimes(window.from, window.to, time, zone)));
      return due;
    };
    const duePeople: { tenantId: number; personId: number; date: string; rules: PersonRules }[] = [];
    let candidateCount = 0;
    for (const [tenantId, people] of candidates) {
      candidateCount += people.size;
      const rules = await rulesForPeople(db, deps.calendars, tenantId, [...people]);
      for (const [personId, own] of rules) {
        for (const { date } of dueAt(own.workStart, own.timeZone)) {
          if (!isWorkingDay(date, own)) continue;
          if (own.workEnd > own.workStart && now.getTime() >= zonedTimeToInstant(date, own.workEnd, own.timeZone).getTime()) continue;
          duePeople.push({ tenantId, personId, date, rules: own });
        }
      }
    }
    if (duePeople.length === 0) return { sends: [], checked: [], stats: { candidates: candidateCount, due: 0, planned: 0 } };
    const done = await alreadyClaimed(duePeople.map((p) => checkedKey(p.personId, p.date)));
    const open = duePeople.filter((p) => !done.has(checkedKey(p.personId, p.date)));
    if (open.length === 0) return { sends: [], checked: [], stats: { candidates: candidateCount, due: duePeople.length, planned: 0 } };
    const ladder = await data.load([...new Set(open.map((p) => p.personId))], horizon, today);
    const days: DayMemo = new Map();
    const planned = open.map((p) => ({
      p,
      plans: planNags({ date: p.date, now, rules: p.rules, asR: ladder.asR.get(p.personId) ?? [], asA: ladder.asA.get(p.personId) ?? [], asSponsor: ladder.asSponsor.get(p.personId) ?? [], memo: days }),
    }));
    await data.attachPeople(planned.flatMap(({ plans }) => plans.flatMap((plan) => plan.items.slice(0, MAX_LISTED).map((i) => i.entry))));
    const targets = await data.directTargets(planned.filter(({ plans }) => plans.length > 0).map(({ p }) => p.personId));
    const sends: NagSend[] = [];
    for (const { p, plans } of planned) {
      for (const plan of plans) {
        const key = nagKey(p.personId, p.date, plan.kind);
        sends.push({ key, tenantId: p.tenantId, personId: p.personId, to: targets.get(p.personId) ?? null, kind: plan.kind, message: BUILDERS[plan.kind](p.rules.locale, itemsOf(plan, p.personId, ladder)) });
      }
    }
    const checked = open.map((p) => checkedKey(p.personId, p.date));
    return { sends, checked, stats: { candidates: candidateCount, due: duePeople.length, planned: sends.length } };
  };

  const schedule: Schedule = {
    name: "raci-nags",
    async run(tickWindow) {
      const window = { from: new Date(tickWindow.from.getTime() - NAG_LOOKBACK_MS), to: tickWindow.to };
      const started = Date.now();
      const { sends, checked, stats } = await compute(window);
      const computed = Date.now();
      const { claimed, failed } = await send(sends);
      const failedPeople = new Set(sends.filter((s) => failed.has(s.key)).map((s) => checkedKey(s.personId, s.key.split(":")[3] ?? "")));
      await markChecked(checked.filter((key) => !failedPeople.has(key)));
      last = { ...stats, claimed, computeMs: computed - started, sendMs: Date.now() - computed };
      if (claimed > 0) logger.info(last, "RACI nags sent");
    },
  };

  return { schedule, compute, send, stats: () => last };
}

export type NagSchedule = ReturnType<typeof createNagSchedule>;
