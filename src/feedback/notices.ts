import { actions, button, text, type Button } from "../core/message.js";
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

/** The reporter and every follower hear of a change, each once, in their own language. */
export async function tellWatchers(deps: FeedbackDeps, item: ItemRow, change: Change): Promise<number[]> {
  const followers = await followersOf(deps.db, item.id);
  const project = await deps.core.projects.get(item.tenant_id, item.project_id);
  const audience = [item.reporter_id, ...followers, ...(change.also ?? [])].filter((id): id is number => id !== null && id !== change.by);
  return tellEach(deps, item.tenant_id, audience, `feedback:change:${change.key}`, (locale, personId) => {
    const extra = change.buttons?.(locale, personId) ?? [];
    return {
      title: t(locale, "feedback.notice.title", { key: item.key, project: project?.name ?? "" }),
      blocks: [
        text(t(locale, `feedback.notice.${change.kind}`, { key: item.key, text: snippet(item.text, 120), ...(change.vars?.(locale) ?? {}) })),
        actions(...extra, button(t(locale, "feedback.btn.show"), `feedback show ${item.key}${project ? ` --project ${project.key}` : ""}`)),
      ],
    };
  });
}
