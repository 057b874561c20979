import { RefusalError, UserError } from "../core/command.js";
import { tellEach, type FeedbackDeps } from "./deps.js";
import { t } from "./i18n.js";
import { isTriager, type Asker } from "./model.js";
import { follow, followerCounts, followersOf, itemByKey, recordEvent, type ItemRow } from "./store.js";
import { snippet } from "./views.js";

const CLOSED = new Set(["resolved", "wont_fix"]);

/** "Me too" (`feedback +1`, `同问`) and merging duplicates (`feedback dup`). */
export function createVotes(deps: FeedbackDeps) {
  const { db, core } = deps;

  /** Follows the item a merged one points to, so a late "me too" lands where the work is. */
  const live = async (item: ItemRow): Promise<ItemRow> => {
    let current = item;
    for (let hops = 0; current.status === "merged" && current.duplicate_of !== null && hops < 10; hops++) {
      const next = await db.selectFrom("feedback_items").selectAll().where("id", "=", current.duplicate_of).executeTakeFirst();
      if (!next) break;
      current = next;
    }
    return current;
  };

  /** Moves a duplicate's reporter and followers over to the item it duplicates, and marks it merged, in one transaction. */
  const mergeInto = async (dup: ItemRow, into: ItemRow, by: number): Promise<number[]> => {
    const at = core.clock.now();
    return db.transaction().execute(async (trx) => {
      const people = [dup.reporter_id, ...(await followersOf(trx, dup.id))].filter((id): id is number => id !== null && id !== into.reporter_id);
      for (const personId of people) await follow(trx, into, personId, at);
      await trx.updateTable("feedback_items").set({ status: "merged", duplicate_of: into.id }).where("id", "=", dup.id).execute();
      await recordEvent(trx, dup, by, "merged", into.key, at);
      await recordEvent(trx, into, by, "merged_in", dup.key, at);
      return people;
    });
  };

  const plusOne = async (asker: Asker, key: string, from: string | undefined): Promise<string> => {
    const item = await live(await itemByKey(db, asker.projectId, key));
    if (CLOSED.has(item.status)) throw new UserError("feedback.errors.closed_vote", { key: item.key });
    // "Same as FB-12?" under your own new item: that item folds into FB-12 instead of staying a second copy.
    if (from) {
      const own = await itemByKey(db, asker.projectId, from);
      if (own.id !== item.id && own.reporter_id === asker.personId && own.status === "new" && (await followersOf(db, own.id)).length === 0) {
        await mergeInto(own, item, asker.personId);
        const people = 1 + ((await followerCounts(db, [item.id])).get(item.id) ?? 0);
        return t(asker.locale, "feedback.vote.merged_own", { own: own.key, key: item.key, count: people });
      }
    }
    if (item.reporter_id === asker.personId) return t(asker.locale, "feedback.vote.own", { key: item.key });
    const added = await db.transaction().execute((trx) => follow(trx, item, asker.personId, core.clock.now()));
    const people = 1 + ((await followerCounts(db, [item.id])).get(item.id) ?? 0);
    return t(asker.locale, added ? "feedback.vote.added" : "feedback.vote.already", { key: item.key, count: people });
  };

  /** Merges a duplicate into another item: its reporter and followers follow the other; both sides are told once. */
  const dup = async (asker: Asker, dupKey: string, intoKey: string): Promise<string> => {
    if (!isTriager(asker.roles)) throw new RefusalError("feedback.errors.not_triager", { key: dupKey }, { item: dupKey });
    const dupItem = await itemByKey(db, asker.projectId, dupKey);
    const into = await live(await itemByKey(db, asker.projectId, intoKey));
    if (dupItem.id === into.id) throw new UserError("feedback.errors.same_item", { key: dupItem.key });
    if (dupItem.status === "merged") throw new UserError("feedback.errors.merged", { key: dupItem.key });
    const moved = await mergeInto(dupItem, into, asker.personId);
    const everyone = [into.reporter_id, ...(await followersOf(db, into.id))].filter((id) => id !== asker.personId);
    const project = await core.projects.get(asker.tenantId, asker.projectId);
    await tellEach(deps, asker.tenantId, everyone, `feedback:merge:${dupItem.id}`, (locale, personId) => ({
      title: t(locale, "feedback.notice.title", { key: into.key, project: project?.name ?? "" }),
      blocks: [{ type: "text", markdown: t(locale, moved.includes(personId) ? "feedback.notice.merged_yours" : "feedback.notice.merged_in", { dup: dupItem.key, key: into.key, text: snippet(into.text, 120) }) }],
    }));
    return t(asker.locale, "feedback.dup.done", { dup: dupItem.key, key: into.key, count: moved.length });
  };

  return { plusOne, dup, live };
}

export type Votes = ReturnType<typeof createVotes>;
