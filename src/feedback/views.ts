import { actions, button, fields, text, type Block, type OutboundMessage } from "../core/message.js";
import { t, type Locale } from "./i18n.js";
import { defuse } from "./model.js";
import { moduleLabel } from "./settings.js";
import type { ItemRow } from "./store.js";

/** Project-local `YYYY-MM-DD HH:MM` of an instant. */
export function localStamp(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at).replace(",", "");
}

export const typeLabel = (locale: Locale, type: string | null) => (type ? t(locale, `feedback.type.${type}`) : t(locale, "feedback.view.untyped"));
export const statusLabel = (locale: Locale, status: string) => t(locale, `feedback.status.${status}`);
export const priorityLabel = (locale: Locale, priority: string) => t(locale, `feedback.priority.${priority}`);

/** At most `max` characters of a feedback text, defused, on one line. */
export function snippet(value: string, max = 80): string {
  const line = defuse(value).replace(/\s+/g, " ").trim();
  return [...line].length > max ? `${[...line].slice(0, max - 1).join("")}…` : line;
}

/** `FB-3 [bug · high] Leads import is slow — new` */
export function itemLine(locale: Locale, item: ItemRow, people?: number): string {
  const extra = people !== undefined && people > 1 ? ` · ${t(locale, "feedback.view.people", { count: people })}` : "";
  return `**${item.key}** [${typeLabel(locale, item.type)} · ${priorityLabel(locale, item.priority)}] ${snippet(item.text)} — ${statusLabel(locale, item.status)}${extra}`;
}

export interface CardFacts {
  item: ItemRow;
  names: Map<number, string>;
  followers: number[];
  timeZone: string;
  task?: { key: string; status: string } | null;
  history?: { kind: string; note: string | null; at: Date; by: number | null }[];
  mergedInto?: string | null;
}

/** The item's card: its text, facts and (for `show`) its history and followers. */
export function itemCard(locale: Locale, facts: CardFacts, buttons: { label: string; command: string }[] = []): OutboundMessage {
  const { item, names } = facts;
  const name = (id: number | null) => (id === null ? "—" : (names.get(id) ?? "—"));
  const rows: [string, string][] = [
    [t(locale, "feedback.view.status"), statusLabel(locale, item.status) + (facts.mergedInto ? ` → ${facts.mergedInto}` : "")],
    [t(locale, "feedback.view.type"), typeLabel(locale, item.type)],
    [t(locale, "feedback.view.module"), moduleLabel(locale, item.module)],
    [t(locale, "feedback.view.priority"), priorityLabel(locale, item.priority)],
    [t(locale, "feedback.view.reporter"), item.reporter_id === null ? t(locale, "feedback.view.former") : name(item.reporter_id)],
    [t(locale, "feedback.view.owner"), name(item.owner_id)],
    [t(locale, "feedback.view.followers"), facts.followers.length === 0 ? "—" : facts.followers.map(name).join(", ")],
  ];
  if (item.filed_by !== null && item.filed_by !== item.reporter_id) rows.push([t(locale, "feedback.view.filed_by"), name(item.filed_by)]);
  if (item.target_date) rows.push([t(locale, "feedback.view.target"), item.target_date]);
  if (facts.task) rows.push([t(locale, "feedback.view.task"), `${facts.task.key} (${facts.task.status})`]);
  if (item.attachments && item.attachments.length > 0) rows.push([t(locale, "feedback.view.files"), item.attachments.map((a) => a.name || "file").join(", ")]);
  const blocks: Block[] = [text(`> ${defuse(item.text).replace(/\n/g, "\n> ")}`), fields(rows)];
  if (facts.history && facts.history.length > 0) {
    const lines = facts.history.map((h) => `${localStamp(h.at, facts.timeZone)} · ${t(locale, `feedback.event.${h.kind}`)}${h.by !== null ? ` · ${name(h.by)}` : ""}${h.note ? ` — ${snippet(h.note, 200)}` : ""}`);
    blocks.push(text(`${t(locale, "feedback.view.history")}\n${lines.join("\n")}`));
  }
  if (buttons.length > 0) blocks.push(actions(...buttons.map((b) => button(b.label, b.command))));
  return { title: `${item.key} · ${snippet(item.text, 40)}`, blocks, locale };
}
