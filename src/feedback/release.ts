import { zonedTimeToInstant } from "../calendar/zones.js";
import { RefusalError, UserError } from "../core/command.js";
import { isRealDate } from "../core/dates.js";
import { text, type OutboundMessage } from "../core/message.js";
import { tellEach, type FeedbackDeps } from "./deps.js";
import { t, type Locale } from "./i18n.js";
import { isTriager, readKey, type Asker } from "./model.js";
import { followerCounts, recordEvent, type ItemRow } from "./store.js";
import { snippet, typeLabel } from "./views.js";

export interface ReleaseInput {
  name: string;
  keys?: string | undefined;
  since?: string | undefined;
}

const MAX_ITEMS = 100;

/**
 * `feedback release`: the loop closes. "What changed because of your feedback" goes to the project's groups (each in
 * its team's language), and each reporter and follower of an item in it gets a DM naming their items.
 */
export function createReleases(deps: FeedbackDeps) {
  const { db, core } = deps;

  const itemsOf = async (asker: Asker, input: ReleaseInput): Promise<ItemRow[]> => {
    const keys = (input.keys ?? "").split(/[\s,，;；]+/).filter(Boolean);
    if (input.since !== undefined) {
      const since = input.since.trim();
      if (!isRealDate(since)) throw new UserError("feedback.errors.bad_since", { value: since });
      const project = await core.projects.get(asker.tenantId, asker.projectId);
      const from = zonedTimeToInstant(since, "00:00", project?.timezone ?? "UTC");
      return db.selectFrom("feedback_items").selectAll().where("project_id", "=", asker.projectId).where("status", "=", "resolved").where("resolved_at", ">=", from).orderBy("number").limit(MAX_ITEMS).execute();
    }
    if (keys.length === 0) throw new UserError("feedback.errors.release_empty");
    const numbers = [...new Set(keys.map(readKey))];
    const rows = await db.selectFrom("feedback_items").selectAll().where("project_id", "=", asker.projectId).where("number", "in", numbers).orderBy("number").execute();
    const missing = numbers.filter((n) => !rows.some((r) => r.number === n));
    if (missing.length > 0) throw new UserError("feedback.errors.no_item", { key: missing.map((n) => `FB-${n}`).join(", ") });
    const open = rows.filter((r) => r.status !== "resolved");
    if (open.length > 0) throw new UserError("feedback.errors.release_unresolved", { keys: open.map((r) => r.key).join(", ") });
    return rows;
  };

  const lines = (locale: Locale, items: readonly ItemRow[], people: Map<string, number>) =>
    items.map((i) => `• **${i.key}** [${typeLabel(locale, i.type)}] ${snippet(i.text, 100)}${(people.get(i.id) ?? 0) > 0 ? ` · ${t(locale, "feedback.view.people", { count: 1 + (people.get(i.id) ?? 0) })}` : ""}`).join("\n");

  const release = async (asker: Asker, input: ReleaseInput): Promise<string> => {
    if (!isTriager(asker.roles)) throw new RefusalError("feedback.errors.not_triager_release", {}, {});
    const name = input.name.trim();
    const items = await itemsOf(asker, input);
    if (items.length === 0) throw new UserError("feedback.errors.release_none", { since: input.since ?? "" });
    const at = core.clock.now();
    const release = await db.transaction().execute(async (trx) => {
      const row = await trx.insertInto("feedback_releases").values({ tenant_id: asker.tenantId, project_id: asker.projectId, name, items: JSON.stringify(items.map((i) => i.key)), released_by: asker.personId, at }).onConflict((oc) => oc.doNothing()).returning("id").executeTakeFirst();
      if (!row) return null;
      for (const item of items) await recordEvent(trx, item, asker.personId, "released", name, at);
      return row;
    });
    if (!release) throw new UserError("feedback.errors.release_exists", { name });
    const people = await followerCounts(db, items.map((i) => i.id));
    const note = (locale: Locale): OutboundMessage => ({ title: t(locale, "feedback.release.title", { name, project: asker.projectName }), blocks: [text(t(locale, "feedback.release.intro", { count: items.length })), text(lines(locale, items, people)), text(t(locale, "feedback.release.outro"))], locale });
    let groups = 0;
    const seen = new Set<string>();
    for (const team of await core.teams.list(asker.tenantId, asker.projectId)) {
      if (!team.home || seen.has(team.home.conversationId)) continue;
      seen.add(team.home.conversationId);
      await core.notify.toConversation(team.home, note(team.locale), { key: `feedback:release:${release.id}:${team.home.conversationId}`, tenantId: asker.tenantId });
      groups++;
    }
    // Each reporter and follower: one DM naming their own items in it.
    const mine = new Map<number, ItemRow[]>();
    const followers = await db.selectFrom("feedback_followers").select(["item_id", "person_id"]).where("item_id", "in", items.map((i) => i.id)).execute();
    for (const item of items) {
      const ids = [item.reporter_id, ...followers.filter((f) => f.item_id === item.id).map((f) => f.person_id)];
      for (const id of ids) if (id !== null) mine.set(id, [...(mine.get(id) ?? []), item]);
    }
    const told = await tellEach(deps, asker.tenantId, [...mine.keys()], `feedback:release:${release.id}:dm`, (locale, personId) => ({
      title: t(locale, "feedback.release.title", { name, project: asker.projectName }),
      blocks: [text(t(locale, "feedback.release.yours", { count: mine.get(personId)?.length ?? 0, name })), text(lines(locale, mine.get(personId) ?? [], people))],
    }));
    return t(asker.locale, "feedback.release.done", { name, count: items.length, groups, people: told.length });
  };

  return { release };
}
