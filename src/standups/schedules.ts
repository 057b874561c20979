import { addDays, utcDate } from "../core/dates.js";
import type { OutboundMessage } from "../core/message.js";
import type { JobQueue } from "../core/queue.js";
import type { CalendarService, PersonRules } from "../calendar/service.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import { dueLocalTimes, localParts, zonedTimeToInstant, type DueLocalTime } from "../calendar/zones.js";
import { isWorkingDay } from "../calendar/working-time.js";
import type { ProjectService } from "../projects/service.js";
import { claimAndNotify, claimMany, withOutbox } from "../schedule/claim-and-notify.js";
import type { Pacer } from "../schedule/pacer.js";
import type { Schedule, TickWindow } from "../schedule/tick.js";
import type { BlockerService } from "./blockers.js";
import { blockerFlagCard, promptCard, questionsFor, reminderCard } from "./messages.js";
import type { StandupConfig, StandupService, StandupTeam } from "./service.js";
import type { Summaries } from "./summary.js";
import { isStandupDay, personTimes, type StandupTimes } from "./timing.js";

/**
 * How far back each tick looks again. Occurrences are claimed by key, so looking again costs one query; an
 * occurrence whose claim failed (its transaction rolled back) is retried instead of being lost.
 */
export const RETRY_LOOKBACK_MS = 15 * 60 * 1000;
/** A blocker open more than this many working days is flagged to the project's PM. */
export const FLAG_AFTER_WORKING_DAYS = 2;

/** Claim and delivery keys of the per-person occurrences. */
export function personKey(teamId: number, personId: number, date: string, kind: "prompt" | "reminder"): string {
  return `standup:${teamId}:${personId}:${date}:${kind}`;
}

/** What the stand-up schedules are built from. */
export interface StandupScheduleDeps {
  db: Database;
  queue: JobQueue;
  logger: Logger;
  standups: StandupService;
  blockers: BlockerService;
  calendars: CalendarService;
  projects: ProjectService;
  summaries: Summaries;
  pacer: Pacer;
}

interface Member {
  personId: number;
  name: string;
  rules: PersonRules;
  times: StandupTimes;
}

/** One person's prompt or reminder on one local date, with its claim key and the message to send. */
interface Occurrence {
  m: Member;
  date: string;
  key: string;
  card: () => OutboundMessage;
}

/** Occurrences claimed and written per transaction. */
const BATCH = 50;

/** dueLocalTimes, computed once per (zone, wall time) in a tick: a thousand people in one zone cost one call. */
function dueMemo(window: TickWindow) {
  const memo = new Map<string, DueLocalTime[]>();
  return (time: string, zone: string): DueLocalTime[] => {
    const key = `${zone}|${time}`;
    let due = memo.get(key);
    if (!due) memo.set(key, (due = dueLocalTimes(window.from, window.to, time, zone)));
    return due;
  };
}

/** The tick's schedules for stand-ups: prompts and reminders, summaries at close, and blocker flags. */
export function createStandupSchedules(deps: StandupScheduleDeps): Schedule[] {
  const { db, queue, logger, standups, calendars } = deps;

  const alreadyClaimed = async (keys: string[]): Promise<Set<string>> => {
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      if (chunk.length === 0) continue;
      for (const row of await db.selectFrom("claims").select("key").where("key", "in", chunk).execute()) found.add(row.key);
    }
    return found;
  };

  /** The members with a prompt or reminder due in the window, with their rules (one cheap query when none is). */
  const dueMembers = async (team: StandupTeam, config: StandupConfig, due: ReturnType<typeof dueMemo>): Promise<Member[]> => {
    const candidates: { personId: number; name: string; times: StandupTimes }[] = [];
    for (const [personId, clock] of await calendars.clocksForTeam(team.id)) {
      const times = personTimes(config, team.workStart, clock.workStart);
      const reminders = times.reminderTime ? due(times.reminderTime, clock.timeZone) : [];
      if (due(times.promptTime, clock.timeZone).length > 0 || reminders.length > 0) candidates.push({ personId, name: clock.name, times });
    }
    if (candidates.length === 0) return [];
    const rules = await calendars.rulesForTeam(team.tenantId, team.id, candidates.map((c) => c.personId));
    return candidates.flatMap((c) => {
      const own = rules.get(c.personId);
      return own ? [{ ...c, rules: own }] : [];
    });
  };

  const safely = async (what: Record<string, unknown>, work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      logger.error({ err: error, ...what }, "stand-up occurrence failed; a later tick retries it");
    }
  };

  /**
   * Claims a batch of per-person occurrences and writes their outbox rows in one transaction: each claim
   * commits with its delivery or not at all (a failed batch is claimed again by a later tick's look-back).
   */
  const sendBatch = async (team: StandupTeam, kind: "prompt" | "reminder", batch: Occurrence[], now: Date): Promise<void> => {
    const recipients = await standups.recipients(team.tenantId, batch.map((o) => o.m.personId));
    await safely({ team: team.id, kind, count: batch.length }, () =>
      withOutbox(db, queue, async (notify, trx) => {
        const claimed = await claimMany(trx, batch.map((o) => o.key));
        const mine = batch.filter((o) => claimed.has(o.key));
        const runs = mine.map((o) => ({ personId: o.m.personId, date: o.date }));
        const waiting =
          kind === "prompt" ? await standups.openRuns(trx, { tenantId: team.tenantId, teamId: team.id, at: now, runs }) : await standups.prompted(trx, team.id, runs);
        const sends = mine.flatMap((o) => {
          // Someone never seen on the platform cannot get a DM; their run stays "prompted" and shows them missing.
          const to = recipients.get(o.m.personId);
          if (!to || !waiting.has(`${o.m.personId}|${o.date}`)) return [];
          const notBefore = deps.pacer.slot(to.platform);
          const target = { type: "direct" as const, platform: to.platform, tenantRef: to.tenantRef, userId: to.userId };
          return [{ target, message: o.card(), opts: { key: o.key, tenantId: team.tenantId, personId: o.m.personId, ...(notBefore ? { notBefore } : {}) } }];
        });
        await notify.enqueueMany(sends);
      }),
    );
  };

  const inBatches = async (team: StandupTeam, kind: "prompt" | "reminder", due: Occurrence[], now: Date): Promise<void> => {
    for (let i = 0; i < due.length; i += BATCH) {
      await sendBatch(team, kind, due.slice(i, i + BATCH), now);
      // Embedded PGlite answers without real I/O: let due timers (paced deliver jobs) run between batches.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  const promptTeam = async (team: StandupTeam, config: StandupConfig, members: Member[], window: TickWindow, due: ReturnType<typeof dueMemo>): Promise<void> => {
    const now = window.to;
    const occurrences = members.flatMap((m) => due(m.times.promptTime, m.rules.timeZone).map((d) => ({ m, date: d.date, key: personKey(team.id, m.personId, d.date, "prompt") })));
    const claimed = await alreadyClaimed(occurrences.map((o) => o.key));
    const toSend: Occurrence[] = [];
    for (const { m, date, key } of occurrences) {
      if (claimed.has(key)) continue;
      if (!isStandupDay(date, config.days, m.rules)) {
        const onLeave = isStandupDay(date, config.days, { calendar: m.rules.calendar });
        if (onLeave) await standups.openRun({ tenantId: team.tenantId, teamId: team.id, personId: m.personId, date, at: now, status: "away" });
        continue;
      }
      if (now.getTime() >= zonedTimeToInstant(date, m.times.closeTime, m.rules.timeZone).getTime()) continue;
      const card = () => promptCard({ locale: m.rules.locale, team: team.name, date, closeTime: m.times.closeTime, questions: questionsFor(config.questions, m.rules.locale) });
      toSend.push({ m, date, key, card });
    }
    await inBatches(team, "prompt", toSend, now);
  };

  const remindTeam = async (team: StandupTeam, config: StandupConfig, members: Member[], window: TickWindow, due: ReturnType<typeof dueMemo>): Promise<void> => {
    const now = window.to;
    const occurrences = members.flatMap((m) =>
      m.times.reminderTime ? due(m.times.reminderTime, m.rules.timeZone).map((d) => ({ m, date: d.date, key: personKey(team.id, m.personId, d.date, "reminder") })) : [],
    );
    if (occurrences.length === 0) return;
    const claimed = await alreadyClaimed(occurrences.map((o) => o.key));
    const runsByDate = new Map<string, Map<number, string>>();
    const toSend: Occurrence[] = [];
    for (const { m, date, key } of occurrences) {
      if (claimed.has(key) || !isStandupDay(date, config.days, m.rules)) continue;
      if (now.getTime() >= zonedTimeToInstant(date, m.times.closeTime, m.rules.timeZone).getTime()) continue;
      let statuses = runsByDate.get(date);
      if (!statuses) runsByDate.set(date, (statuses = new Map((await standups.runsOn(team.id, date)).map((r) => [r.personId, r.status] as const))));
      if (statuses.get(m.personId) !== "prompted") continue;
      toSend.push({ m, date, key, card: () => reminderCard({ locale: m.rules.locale, name: m.name, team: team.name, closeTime: m.times.closeTime }) });
    }
    await inBatches(team, "reminder", toSend, now);
  };

  const prompts: Schedule = {
    name: "standup-prompts",
    async run(tickWindow) {
      const window = { from: new Date(tickWindow.from.getTime() - RETRY_LOOKBACK_MS), to: tickWindow.to };
      const due = dueMemo(window);
      for (const { config, team } of await standups.active()) {
        await safely({ team: team.id }, async () => {
          const members = await dueMembers(team, config, due);
          if (members.length === 0) return;
          await promptTeam(team, config, members, window, due);
          await remindTeam(team, config, members, window, due);
        });
      }
    },
  };

  const summaries: Schedule = {
    name: "standup-summaries",
    async run(tickWindow) {
      const window = { from: new Date(tickWindow.from.getTime() - RETRY_LOOKBACK_MS), to: tickWindow.to };
      for (const { config, team } of await standups.active()) {
        const dates = dueLocalTimes(window.from, window.to, config.closeTime, team.timezone).map((d) => d.date);
        if (dates.length === 0 || !team.home) continue;
        const { calendar } = await calendars.calendar(team.tenantId, team.calendar);
        for (const date of dates) {
          if (!isStandupDay(date, config.days, { calendar })) continue;
          await safely({ team: team.id, date }, () => deps.summaries.post(team, config, date));
        }
      }
    },
  };

  const flags: Schedule = {
    name: "blocker-flags",
    async run(window) {
      const now = window.to;
      const candidates = await deps.blockers.awaitingFlag(addDays(utcDate(now), -(FLAG_AFTER_WORKING_DAYS - 1)));
      for (const blocker of candidates) {
        await safely({ blocker: blocker.id }, async () => {
          const rules = await calendars.rulesFor(blocker.tenantId, blocker.ownerId, blocker.teamId !== null ? { teamId: blocker.teamId } : {});
          const local = localParts(now, rules.timeZone);
          if (!isWorkingDay(local.date, rules) || local.time < rules.workStart) return;
          const days = deps.summaries.ageOf(blocker.openedOn, rules, now);
          if (days <= FLAG_AFTER_WORKING_DAYS) return;
          const members = await deps.projects.members(blocker.tenantId, blocker.projectId);
          const pms = members.filter((m) => m.roles.includes("pm"));
          const team = blocker.teamId !== null ? await standups.team(blocker.tenantId, blocker.teamId) : null;
          for (const pm of pms.length > 0 ? pms : members.filter((m) => m.roles.includes("admin"))) {
            const { locale } = await calendars.rulesFor(blocker.tenantId, pm.personId);
            const key = `blocker:${blocker.projectId}:${blocker.key}:flag:${pm.personId}`;
            const card = blockerFlagCard({ locale, blocker, days, team: team?.name ?? "—" });
            await claimAndNotify(db, queue, key, async (notify, trx) => {
              await deps.blockers.markFlagged(trx, blocker.id, now);
              return notify.toPerson(blocker.tenantId, pm.personId, card, { key });
            });
          }
        });
      }
    },
  };

  return [prompts, summaries, flags];
}
