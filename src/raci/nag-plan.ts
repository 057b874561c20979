import type { PersonRules } from "../calendar/service.js";
import { addWorkingDays, workingDaysBetween } from "../calendar/working-time.js";
import type { CalendarFile } from "../calendar/calendar-file.js";
import type { TaskWithPeople } from "./model.js";
import type { RaciSettings } from "./settings.js";

/** The rungs of the ladder: heads-up and overdue to R, escalation to A, "needs your decision" to the sponsor. */
export type NagKind = "headsup" | "overdue" | "escalation" | "sponsor";
export const NAG_KINDS: readonly NagKind[] = ["headsup", "overdue", "escalation", "sponsor"];

/** A task as the ladder sees it: with its project's settings. */
export interface LadderTask {
  task: TaskWithPeople;
  settings: RaciSettings;
}

/** One rung's message for one person on one local date: the tasks it lists, each with its working days overdue. */
export interface PlannedNag {
  kind: NagKind;
  items: { entry: LadderTask; overdueDays: number }[];
}

/** The claim and delivery key of a nag: one per (person, local date, kind). */
export function nagKey(personId: number, date: string, kind: NagKind): string {
  return `raci:nag:${personId}:${date}:${kind}`;
}

/** Marks a (person, local date) whose nags were all computed and claimed; later look-back ticks skip it. */
export function checkedKey(personId: number, date: string): string {
  return `raci:nag:${personId}:${date}:checked`;
}

/** True while a snooze holds on that local date (nags resume on `snoozedUntil`). */
export function isSnoozedOn(task: Pick<TaskWithPeople, "snoozedUntil">, date: string): boolean {
  return task.snoozedUntil !== null && date < task.snoozedUntil;
}

/**
 * Working days a task is overdue on `date`: working days after its due date up to `date`, on the reader's
 * calendar (holidays and make-up workdays; leave does not make a task less late).
 */
export function overdueWorkingDays(task: Pick<TaskWithPeople, "dueDate">, date: string, rules: Pick<PersonRules, "calendar">, memo?: DayMemo): number {
  const due = task.dueDate;
  if (!due || due >= date) return 0;
  return remember(memo, rules.calendar, `o|${due}|${date}`, () => workingDaysBetween(due, date, { calendar: rules.calendar }));
}

const NO_LEAVE: NonNullable<PersonRules["leave"]> = [];
const leaveKeys = new WeakMap<object, string>();
/** A person's leave as a memo key, built once per leave list (not once per task). */
function leaveKeyOf(leave: NonNullable<PersonRules["leave"]>): string {
  let key = leaveKeys.get(leave);
  if (key === undefined) leaveKeys.set(leave, (key = leave.map((l) => `${l.from}~${l.to}`).join(",")));
  return key;
}

/** True when `date` is the working day (leave counted) `headsUpDays` working days before the due date. */
export function isHeadsUpDay(dueDate: string, date: string, rules: Pick<PersonRules, "calendar" | "leave">, headsUpDays: number, memo?: DayMemo): boolean {
  if (headsUpDays <= 0 || date >= dueDate) return false;
  const leave = leaveKeyOf(rules.leave ?? NO_LEAVE);
  return remember(memo, rules.calendar, `h|${leave}|${dueDate}|${headsUpDays}`, () => addWorkingDays(dueDate, -headsUpDays, rules)) === date;
}

/**
 * The last due date a heads-up can be for on these people's dates: `lead` working days (holidays, make-up workdays
 * and leave counted) after the latest of them — isHeadsUpDay read the other way round. Null for nobody.
 */
export function headsUpReach(people: readonly { date: string; rules: Pick<PersonRules, "calendar" | "leave"> }[], lead: number, memo?: DayMemo): string | null {
  let reach: string | null = null;
  for (const { date, rules } of people) {
    const leave = leaveKeyOf(rules.leave ?? NO_LEAVE);
    const last = remember(memo, rules.calendar, `r|${leave}|${date}|${lead}`, () => addWorkingDays(date, lead, rules));
    if (reach === null || last > reach) reach = last;
  }
  return reach;
}

/** Working-day answers shared within one tick, per calendar: thousands of tasks share a few dozen due dates. */
export type DayMemo = Map<CalendarFile, Map<string, number | string>>;

function remember<T extends number | string>(memo: DayMemo | undefined, calendar: CalendarFile, key: string, compute: () => T): T {
  if (!memo) return compute();
  let answers = memo.get(calendar);
  if (!answers) memo.set(calendar, (answers = new Map()));
  const known = answers.get(key);
  if (known !== undefined) return known as T;
  const value = compute();
  answers.set(key, value);
  return value;
}

const byLateness = (a: { entry: LadderTask; overdueDays: number }, b: { entry: LadderTask; overdueDays: number }) =>
  b.overdueDays - a.overdueDays || (a.entry.task.dueAt?.getTime() ?? 0) - (b.entry.task.dueAt?.getTime() ?? 0) || a.entry.task.number - b.entry.task.number;

/**
 * What one person gets at their work start on one working day: the tasks they are Responsible for coming due
 * (heads-up) or overdue (not blocked, not snoozed), the overdue tasks they are Accountable for past the
 * project's N working days, and, as a sponsor, those past M days (blocked ones included). Pure.
 */
export function planNags(input: { date: string; now: Date; rules: PersonRules; asR: readonly LadderTask[]; asA: readonly LadderTask[]; asSponsor: readonly LadderTask[]; memo?: DayMemo }): PlannedNag[] {
  const { date, now, rules, memo } = input;
  const live = (e: LadderTask, statuses: readonly string[]) => statuses.includes(e.task.status) && e.task.dueAt !== null && e.task.dueDate !== null && !isSnoozedOn(e.task, date);
  const overdue = (e: LadderTask) => (e.task.dueAt?.getTime() ?? Infinity) <= now.getTime();
  const working = ["open", "in_progress"];
  const plans: PlannedNag[] = [];
  const add = (kind: NagKind, items: { entry: LadderTask; overdueDays: number }[]) => {
    if (items.length > 0) plans.push({ kind, items: items.sort(byLateness) });
  };
  const liveAsR = input.asR.filter((e) => live(e, working));
  add(
    "headsup",
    liveAsR.filter((e) => !overdue(e) && isHeadsUpDay(e.task.dueDate ?? "", date, rules, e.settings.headsUpDays, memo)).map((entry) => ({ entry, overdueDays: 0 })),
  );
  add("overdue", liveAsR.filter((e) => overdue(e)).map((entry) => ({ entry, overdueDays: overdueWorkingDays(entry.task, date, rules, memo) })));
  add(
    "escalation",
    input.asA
      .filter((e) => live(e, working) && overdue(e))
      .map((entry) => ({ entry, overdueDays: overdueWorkingDays(entry.task, date, rules, memo) }))
      .filter((i) => i.overdueDays >= i.entry.settings.escalateAfter),
  );
  add(
    "sponsor",
    input.asSponsor
      .filter((e) => live(e, [...working, "blocked"]) && overdue(e))
      .map((entry) => ({ entry, overdueDays: overdueWorkingDays(entry.task, date, rules, memo) }))
      .filter((i) => i.overdueDays >= i.entry.settings.sponsorAfter),
  );
  return plans;
}
