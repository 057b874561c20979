import { actions, button, text, type Button, type OutboundMessage } from "../core/message.js";
import { tellEach, type FeedbackDeps } from "./deps.js";
import { t, type Locale } from "./i18n.js";
import { followersOf, type ItemRow } from "./store.js";
import { snippet } from "./views.js";

export interface Change {
  /** The feedback_events row of the change (or any key unique to it): the notices' idempotency key. */
  key: string;
  /** `feedback.notice.<kind>`, given `key`, `text` and `vars`. */
  kind: string;
  vars?: (locale: Locale) => Record<string, string | number>;
  /** Who made the change: they are not told of their own change. */
  by: number | null;
  /** Besides the reporter and the followers (the owner when the reporter reopens it). */
  also?: readonly number[];
  /** Buttons per recipient (the reporter's "Fixed? [Yes] [Not yet]"). */
  buttons?: (locale: Locale, personId: number) => Button[];
}

/** The idempotency key of one person's notice of one change (the same from a flow and from the notice schedule). */
export const noticeKey = (changeKey: string, personId: number) => `feedback:change:${changeKey}:p${personId}`;

/** What one person reads of a change, in their language. */
export function changeMessage(item: ItemRow, change: Omit<Change, "key" | "by" | "also">, locale: Locale, personId: number, project: { name: string; key: string } | null): OutboundMessage {
  const extra = change.buttons?.(locale, personId) ?? [];
  return {
    title: t(locale, "feedback.notice.title", { key: item.key, project: project?.name ?? "" }),
    blocks: [
      text(t(locale, `feedback.notice.${change.kind}`, { key: item.key, text: snippet(item.text, 120), ...(change.vars?.(locale) ?? {}) })),
      actions(...extra, button(t(locale, "feedback.btn.show"), `feedback show ${item.key}${project ? ` --project ${project.key}` : ""}`)),
    ],
    locale,
  };
}

/** The reporter and every follower (and `also`), without the person who made the change. */
export async function audienceOf(deps: Pick<FeedbackDeps, "db">, item: ItemRow, by: number | null, also: readonly number[] = []): Promise<number[]> {
  const followers = await followersOf(deps.db, item.id);
  return [...new Set([item.reporter_id, ...followers, ...also].filter((id): id is number => id !== null && id !== by))];
}

/** "Fixed? [Yes] [Not yet]" for the reporter of a resolved item. */
export const fixedButtons = (item: ItemRow) => (locale: Locale, personId: number): Button[] =>
  personId === item.reporter_id ? [button(t(locale, "feedback.btn.fixed_yes"), `feedback fixed ${item.key} yes`, "primary"), button(t(locale, "feedback.btn.fixed_no"), `feedback fixed ${item.key} no`)] : [];

/** The reporter and every follower hear of a change, each once, in their own language. */
export async function tellWatchers(deps: FeedbackDeps, item: ItemRow, change: Change): Promise<number[]> {
  const project = await deps.core.projects.get(item.tenant_id, item.project_id);
  const audience = await audienceOf(deps, item, change.by, change.also);
  return tellEach(deps, item.tenant_id, audience, `feedback:change:${change.key}`, (locale, personId) => changeMessage(item, change, locale, personId, project));
}
