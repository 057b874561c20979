import { translator, type Locale, type Translate } from "./i18n.js";
import { actions, button, text, type Block, type OutboundMessage } from "../core/message.js";
import { showDue } from "./due-warnings.js";
import { blockerLines, names, nagButtons, taskCommand } from "./messages.js";
import type { LinkedBlocker, PersonRef, TaskWithPeople } from "./model.js";

/** One task in a nag, with what the reader needs to act on it. */
export interface NagItem {
  task: TaskWithPeople;
  projectName: string;
  /** The project key buttons carry (`--project`), when the reader is in more than one project. */
  projectKey: string | null;
  blockers: readonly LinkedBlocker[];
  /** Working days overdue on the reader's calendar (0 before due). */
  overdueDays: number;
}

/**
 * A translator that remembers its answers: one nag tick formats the same few texts (buttons, titles, due dates,
 * "N working days overdue") thousands of times; each is formatted once per locale and reused. For one tick only.
 */
export function rememberingTranslator(locale: Locale): Translate {
  const t = translator(locale);
  const known = new Map<string, string>();
  return (key, vars) => {
    const id = vars === undefined ? key : `${key}\u0000${JSON.stringify(vars)}`;
    let text = known.get(id);
    if (text === undefined) known.set(id, (text = t(key, vars)));
    return text;
  };
}

/** Tasks listed with their own buttons; beyond this they are listed as lines only. */
export const MAX_WITH_BUTTONS = 10;
/** Tasks listed at all; beyond this "and N more". */
export const MAX_LISTED = 30;

/** Per translator (one per locale per nag tick): the due-date facts of the items, which thousands of items share. */
const dueFactsByTranslator = new WeakMap<Translate, Map<string, string>>();

/** "Due 6/16 · 3 working days overdue": formatted once per (due date, time, lateness) and translator. */
function dueFacts(t: Translate, dueDate: string | null, dueTime: string | null, overdueDays: number): string {
  let known = dueFactsByTranslator.get(t);
  if (!known) dueFactsByTranslator.set(t, (known = new Map()));
  const id = `${dueDate}|${dueTime}|${overdueDays}`;
  let facts = known.get(id);
  if (facts === undefined) {
    facts = t("raci.card.due_short", { due: showDue({ date: dueDate, time: dueTime }, t) });
    if (overdueDays > 0) facts += ` · ${t("raci.list.overdue_days", { days: overdueDays })}`;
    known.set(id, facts);
  }
  return facts;
}

function itemText(t: Translate, item: NagItem, parts: { project: boolean; lateness: boolean; r: boolean; a: boolean }): string {
  const { task } = item;
  const head = `${parts.project ? `[${item.projectName}] ` : ""}**${task.key}** ${task.title}`;
  const facts = [dueFacts(t, task.dueDate, task.dueTime, parts.lateness ? item.overdueDays : 0)];
  if (task.status === "blocked") facts.push(t("raci.status.blocked") + (task.blockedNote ? `: ${task.blockedNote}` : ""));
  const who: string[] = [];
  if (parts.r) who.push(`R: ${names(task.people.R)}`);
  if (parts.a) who.push(`A: ${names(task.people.A)}`);
  if (task.people.C.length > 0) who.push(t("raci.nag.consult", { names: names(task.people.C) }));
  const lines = [`${head} · ${facts.join(" · ")}`];
  if (who.length > 0) lines.push(`   ${who.join(" · ")}`);
  for (const line of blockerLines(t, item.blockers)) lines.push(`   ${line}`);
  return lines.join("\n");
}

function listing(t: Translate, items: readonly NagItem[], parts: { lateness: boolean; r: boolean; a: boolean }, buttonsFor: (item: NagItem) => ReturnType<typeof nagButtons>): Block[] {
  const project = new Set(items.map((i) => i.task.projectId)).size > 1;
  const blocks: Block[] = [];
  items.slice(0, MAX_LISTED).forEach((item, index) => {
    blocks.push(text(itemText(t, item, { ...parts, project })));
    if (index < MAX_WITH_BUTTONS) blocks.push(actions(...buttonsFor(item)));
  });
  if (items.length > MAX_LISTED) blocks.push(text(t("raci.nag.more", { count: items.length - MAX_LISTED })));
  return blocks;
}

const showButton = (t: Translate, item: NagItem) => [button(t("raci.btn.show"), taskCommand("show", item.task.key, item.projectKey))];

/** To each R, a working day before due: the tasks coming due, one message. */
export function headsUpMessage(locale: Locale, items: readonly NagItem[], t: Translate = translator(locale)): OutboundMessage {
  return {
    title: t("raci.nag.heads_up_title", { count: items.length }),
    locale,
    blocks: [text(t("raci.nag.heads_up_intro")), ...listing(t, items, { lateness: false, r: false, a: true }, (i) => [nagButtons(t, i.task.key, i.projectKey)[0]!, ...showButton(t, i)])],
  };
}

/** To each R at their work start on every working day: all their overdue tasks in one message, each with Done / Snooze 1d / Blocked. */
export function overdueMessage(locale: Locale, items: readonly NagItem[], t: Translate = translator(locale)): OutboundMessage {
  return {
    title: t("raci.nag.overdue_title", { count: items.length }),
    locale,
    blocks: [text(t("raci.nag.overdue_intro")), ...listing(t, items, { lateness: true, r: false, a: true }, (i) => nagButtons(t, i.task.key, i.projectKey))],
  };
}

/** To A, once a day after N working days overdue: the overdue tasks they are accountable for and who is responsible. */
export function escalationMessage(locale: Locale, items: readonly NagItem[], t: Translate = translator(locale)): OutboundMessage {
  return {
    title: t("raci.nag.escalation_title", { count: items.length }),
    locale,
    blocks: [text(t("raci.nag.escalation_intro")), ...listing(t, items, { lateness: true, r: true, a: false }, (i) => showButton(t, i))],
  };
}

/** To the sponsor, once a day after M working days overdue, separately: "needs your decision". */
export function sponsorMessage(locale: Locale, items: readonly NagItem[], t: Translate = translator(locale)): OutboundMessage {
  return {
    title: t("raci.nag.sponsor_title", { count: items.length }),
    locale,
    blocks: [text(t("raci.nag.sponsor_intro")), ...listing(t, items, { lateness: true, r: true, a: true }, (i) => showButton(t, i))],
  };
}

/** To A, once: a task they are accountable for is blocked (R is no longer nagged about it). */
export function blockedNotice(locale: Locale, item: NagItem, by: PersonRef | null): OutboundMessage {
  const t = translator(locale);
  const { task } = item;
  return {
    title: t("raci.notice.blocked_title", { key: task.key, title: task.title }),
    locale,
    blocks: [
      text(t("raci.notice.blocked_body", { who: by?.name ?? names(task.people.R), note: task.blockedNote ?? "—", r: names(task.people.R), project: item.projectName })),
      ...(task.people.C.length > 0 ? [text(t("raci.nag.consult", { names: names(task.people.C) }))] : []),
      ...(item.blockers.length > 0 ? [text(blockerLines(t, item.blockers).join("\n"))] : []),
      actions(button(t("raci.btn.show"), taskCommand("show", task.key, item.projectKey)), button(t("raci.btn.unblock"), taskCommand("status", task.key, item.projectKey, "in_progress"))),
    ],
  };
}

/** To each Informed person (and linked blockers' owners), once: the task is done. */
export function doneNotice(locale: Locale, item: NagItem, by: PersonRef | null): OutboundMessage {
  const t = translator(locale);
  const { task } = item;
  return {
    title: t("raci.notice.done_title", { key: task.key, title: task.title }),
    locale,
    blocks: [text(t("raci.notice.done_body", { who: by?.name ?? "—", project: item.projectName, r: names(task.people.R), a: names(task.people.A) }))],
  };
}
