import { describe, expect, it } from "vitest";
import type { PersonRules } from "../../src/calendar/service.js";
import { BUNDLED_CALENDARS } from "../../src/calendar/bundled.js";
import { dueInstant } from "../../src/raci/due.js";
import { noPeople, type TaskWithPeople } from "../../src/raci/model.js";
import { planNags, type LadderTask } from "../../src/raci/nag-plan.js";
import { DEFAULT_RACI_SETTINGS } from "../../src/raci/settings.js";

const cn = BUNDLED_CALENDARS.get("cn");
if (!cn) throw new Error("the cn calendar is bundled");
const rules: PersonRules = { calendar: cn, leave: [], timeZone: "Asia/Shanghai", workStart: "09:00", workEnd: "18:00", teamId: null, locale: "zh-CN" };

function task(number: number, due: string, extra: Partial<TaskWithPeople> = {}): LadderTask {
  return {
    task: {
      id: String(number),
      tenantId: 1,
      projectId: 1,
      number,
      key: `T-${number}`,
      title: `Task ${number}`,
      phase: null,
      dueDate: due,
      dueTime: null,
      dueAt: dueInstant(due, null, "Asia/Shanghai"),
      status: "open",
      snoozedUntil: null,
      blockedNote: null,
      doneAt: null,
      people: noPeople(),
      ...extra,
    },
    settings: DEFAULT_RACI_SETTINGS,
  };
}

const at = (date: string) => new Date(`${date}T09:00:00+08:00`);
const plan = (date: string, input: { asR?: LadderTask[]; asA?: LadderTask[]; asSponsor?: LadderTask[] }) =>
  planNags({ date, now: at(date), rules, asR: input.asR ?? [], asA: input.asA ?? [], asSponsor: input.asSponsor ?? [] }).map((p) => ({ kind: p.kind, tasks: p.items.map((i) => `${i.entry.task.key}:${i.overdueDays}`) }));

describe("the nag ladder, planned for one person and one day", () => {
  it("gives the heads-up on the last working day before due, across the weekend and holidays", () => {
    expect(plan("2026-06-12", { asR: [task(1, "2026-06-15")] })).toEqual([{ kind: "headsup", tasks: ["T-1:0"] }]);
    expect(plan("2026-06-11", { asR: [task(1, "2026-06-15")] })).toEqual([]);
    // Monday 2026-06-22 after the Dragon Boat holiday (Fri 19th): the heads-up comes on Thursday the 18th.
    expect(plan("2026-06-18", { asR: [task(1, "2026-06-22")] })).toEqual([{ kind: "headsup", tasks: ["T-1:0"] }]);
  });

  it("lists every overdue task once, most overdue first, and leaves out blocked and snoozed ones", () => {
    const asR = [task(1, "2026-06-15"), task(2, "2026-06-10"), task(3, "2026-06-10", { status: "blocked" }), task(4, "2026-06-10", { snoozedUntil: "2026-06-17" })];
    expect(plan("2026-06-16", { asR })).toEqual([{ kind: "overdue", tasks: ["T-2:4", "T-1:1"] }]);
    expect(plan("2026-06-17", { asR })).toEqual([{ kind: "overdue", tasks: ["T-2:5", "T-4:5", "T-1:2"] }]);
  });

  it("escalates to A after N working days and to the sponsor after M, counting the calendar, not the weekend", () => {
    const late = [task(1, "2026-06-12")];
    expect(plan("2026-06-15", { asA: late, asSponsor: late })).toEqual([]);
    expect(plan("2026-06-16", { asA: late, asSponsor: late })).toEqual([{ kind: "escalation", tasks: ["T-1:2"] }]);
    expect(plan("2026-06-22", { asA: late, asSponsor: late })).toEqual([
      { kind: "escalation", tasks: ["T-1:5"] },
      { kind: "sponsor", tasks: ["T-1:5"] },
    ]);
    const blocked = [task(2, "2026-06-12", { status: "blocked" })];
    expect(plan("2026-06-22", { asA: blocked, asSponsor: blocked })).toEqual([{ kind: "sponsor", tasks: ["T-2:5"] }]);
  });

  it("a task with a due time is overdue from that minute", () => {
    const timed = task(1, "2026-06-16", { dueTime: "08:30", dueAt: new Date("2026-06-16T08:30:00+08:00") });
    expect(plan("2026-06-16", { asR: [timed] })).toEqual([{ kind: "overdue", tasks: ["T-1:0"] }]);
  });
});
