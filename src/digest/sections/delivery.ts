import { fields, text, type Block } from "../../core/message.js";
import type { RaciDelivery } from "../../raci/digest-read.js";
import { ageDays, delta } from "../delta.js";
import { behind, esc, section } from "../html.js";
import { defineSection, type PreviousDigest } from "../model.js";
import type { Translate } from "./i18n.js";
import "./i18n.js";

/** Blockers named in chat (oldest first); all of them are in the web report. */
const BLOCKERS_IN_CHAT = 3;

export interface DeliveryData extends RaciDelivery {
  counts: { done: number; planned: number; overdue: number; blocked: number };
  now: Date;
}

/** Overdue tasks by their Accountable person, most first. */
function byAccountable(t: Translate, d: DeliveryData): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const task of d.overdue) {
    const name = task.accountableName ?? t("digest.delivery.no_accountable");
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

function summary(t: Translate, d: DeliveryData, previous: PreviousDigest | null): [string, string][] {
  const rows: [string, string][] = [
    [t("digest.delivery.done"), t("digest.delivery.done_of_planned", { done: d.counts.done, planned: d.counts.planned, plannedDone: d.plannedDone }) + delta(previous, "delivery.done", d.counts.done)],
  ];
  if (d.counts.overdue > 0) rows.push([t("digest.delivery.overdue"), `${d.counts.overdue}${delta(previous, "delivery.overdue", d.counts.overdue)} — ${byAccountable(t, d).slice(0, 3).map((a) => `${a.name} ${a.count}`).join(", ")}`]);
  if (d.counts.blocked > 0) rows.push([t("digest.delivery.blocked"), `${d.counts.blocked}${delta(previous, "delivery.blocked", d.counts.blocked)}`]);
  return rows;
}

const taskLine = (task: { key: string; title: string; dueDate: string | null }) => `${esc(task.key)} ${esc(task.title)}${task.dueDate ? ` <small>${esc(task.dueDate)}</small>` : ""}`;

/** Delivery: tasks done this week against those planned for it, overdue ones by Accountable, blockers and their age. */
export const deliverySection = defineSection<DeliveryData>({
  name: "delivery",
  async compute(scope) {
    const d = await scope.sources.delivery();
    if (!d || (d.open === 0 && d.counts.done === 0 && d.counts.planned === 0)) return null;
    return { ...d, now: scope.now };
  },
  figures: (d) => ({ done: d.counts.done, planned: d.counts.planned, plannedDone: d.plannedDone, overdue: d.counts.overdue, blocked: d.counts.blocked, open: d.open }),
  blocks(d, { t, previous }) {
    const blocks: Block[] = [text(`**${t("digest.delivery.title")}**`), fields(summary(t, d, previous))];
    const blockers = d.blocked.slice(0, BLOCKERS_IN_CHAT).map((b) => `• ${t("digest.delivery.blocker", { key: b.key, title: b.title, days: ageDays(b.since, d.now) })}`);
    if (blockers.length > 0) blocks.push(text(blockers.join("\n")));
    return blocks;
  },
  html(d, { t, previous }) {
    const rows = summary(t, d, previous).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("");
    return section(
      "delivery",
      t("digest.delivery.title"),
      `<table>${rows}</table>` +
        behind(t("digest.delivery.list_done", { count: d.counts.done }), d.done.map(taskLine)) +
        behind(t("digest.delivery.list_planned", { count: d.counts.planned }), d.planned.map((p) => `${taskLine(p)} <small>${esc(p.status)}</small>`)) +
        behind(t("digest.delivery.list_overdue", { count: d.counts.overdue }), d.overdue.map((o) => `${taskLine(o)} — ${esc(o.accountableName ?? t("digest.delivery.no_accountable"))}`)) +
        (d.counts.blocked === 0 ? "" : behind(t("digest.delivery.list_blocked", { count: d.counts.blocked }), d.blocked.map((b) => `${esc(t("digest.delivery.blocker", { key: b.key, title: b.title, days: ageDays(b.since, d.now) }))}${b.note ? ` — ${esc(b.note)}` : ""}`))),
    );
  },
});
