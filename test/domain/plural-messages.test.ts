import { describe, expect, it } from "vitest";
import { toPlainText } from "../../src/core/plain-text.js";
import type { TaskWithPeople } from "../../src/raci/model.js";
import { headsUpMessage, overdueMessage, type NagItem } from "../../src/raci/nag-messages.js";
import { summaryMessage, type TeamDay } from "../../src/standups/summary-message.js";

// These builders are called directly, with no runtime: importing them must be enough to find their texts.
function nagItem(n: number, overdueDays: number): NagItem {
  const task: TaskWithPeople = {
    id: String(n), tenantId: 1, projectId: 1, number: n, key: `T-${n}`, title: `Task ${n}`, phase: null,
    dueDate: "2026-06-19", dueTime: null, dueAt: null, status: "open", snoozedUntil: null, blockedNote: null, doneAt: null,
    people: { R: [{ id: 1, name: "Ann" }], A: [{ id: 2, name: "Bo" }], C: [], I: [] },
  };
  return { task, projectName: "Acme", projectKey: null, blockers: [], overdueDays };
}

function teamDay(blockerDays: number[]): TeamDay {
  return {
    team: "Sales Ops", date: "2026-06-19", answered: [], skipped: [], away: [], missing: ["Cy"], later: [],
    blockers: blockerDays.map((days, i) => ({ key: `B-${i + 1}`, owner: "Ann", text: "waiting for the VPN", days })),
  };
}

describe("plural-aware messages", () => {
  it("the RACI heads-up counts its tasks: 1 task, 3 tasks; zh-CN the same words for both", () => {
    expect(headsUpMessage("en", [nagItem(1, 0)]).title).toBe("Coming due: 1 task");
    expect(headsUpMessage("en", [1, 2, 3].map((n) => nagItem(n, 0))).title).toBe("Coming due: 3 tasks");
    expect(headsUpMessage("zh-CN", [nagItem(1, 0)]).title).toBe("即将到期：1 项任务");
    expect(headsUpMessage("zh-CN", [1, 2, 3].map((n) => nagItem(n, 0))).title).toBe("即将到期：3 项任务");
  });

  it("the overdue nag says 1 working day / 3 working days overdue per task", () => {
    const en = toPlainText(overdueMessage("en", [nagItem(1, 1), nagItem(2, 3)]));
    expect(en).toContain("Overdue: 2 tasks of yours");
    expect(en).toContain("1 working day overdue");
    expect(en).toContain("3 working days overdue");
    expect(toPlainText(overdueMessage("en", [nagItem(1, 1)]))).toContain("Overdue: 1 task of yours");
    const zh = toPlainText(overdueMessage("zh-CN", [nagItem(1, 1), nagItem(2, 3)]));
    expect(zh).toContain("你有 2 项任务已逾期");
    expect(zh).toContain("已逾期 1 个工作日");
    expect(zh).toContain("已逾期 3 个工作日");
  });

  it("the stand-up summary says how long each blocker has been open: 1 working day, 3 working days", () => {
    const en = toPlainText(summaryMessage("en", teamDay([1, 3])));
    expect(en).toContain("B-1 · Ann: waiting for the VPN (1 working day open)");
    expect(en).toContain("B-2 · Ann: waiting for the VPN (3 working days open)");
    const zh = toPlainText(summaryMessage("zh-CN", teamDay([1, 3])));
    expect(zh).toContain("B-1 · Ann：waiting for the VPN（已持续 1 个工作日）");
    expect(zh).toContain("B-2 · Ann：waiting for the VPN（已持续 3 个工作日）");
  });
});
