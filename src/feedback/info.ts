import { DIRECT_SCOPE } from "../core/conversation-scope.js";
import type { ConversationHandler } from "../core/dispatcher.js";
import { text } from "../core/message.js";
import { tellEach, type FeedbackDeps } from "./deps.js";
import { t } from "./i18n.js";
import type { Asker } from "./model.js";
import { recordEvent, type ItemRow } from "./store.js";
import { snippet } from "./views.js";

/** The conversation kind of "the owner needs more information: your next message answers". */
export const INFO_KIND = "feedback_info";
const INFO_TTL_MS = 3 * 24 * 3600_000;
const CANCEL = new Set(["cancel", "stop", "取消", "算了"]);

interface InfoState {
  itemId: string;
  key: string;
  askedBy: number;
}

/** `needs_info`: the question goes to the reporter's DM, and their next DM line is attached to the item. */
export function createInfo(deps: FeedbackDeps) {
  const { db, core } = deps;

  const askReporter = async (item: ItemRow, asker: Asker, question: string): Promise<void> => {
    if (item.reporter_id === null) return;
    const state: InfoState = { itemId: item.id, key: item.key, askedBy: asker.personId };
    await core.conversations.start(item.tenant_id, item.reporter_id, INFO_KIND, state, new Date(core.clock.now().getTime() + INFO_TTL_MS), DIRECT_SCOPE);
    const who = (await core.people.get(asker.tenantId, asker.personId))?.displayName ?? "—";
    await tellEach(deps, item.tenant_id, [item.reporter_id], `feedback:ask:${item.id}:${core.clock.now().getTime()}`, (locale) => ({
      title: t(locale, "feedback.notice.title", { key: item.key, project: asker.projectName }),
      blocks: [text(t(locale, "feedback.info.question", { key: item.key, who, question, text: snippet(item.text, 120) }))],
    }));
  };

  const conversation: ConversationHandler = {
    async take({ text: line, tenantId, personId, locale, scope }) {
      if (scope !== DIRECT_SCOPE) return null;
      const open = await core.conversations.get(tenantId, personId, scope);
      if (open?.kind !== INFO_KIND) return null;
      await core.conversations.end(tenantId, personId, INFO_KIND, scope);
      const state = open.state as InfoState;
      if (CANCEL.has(line.trim().toLowerCase())) return t(locale, "feedback.info.cancelled", { key: state.key });
      const item = await db.selectFrom("feedback_items").selectAll().where("id", "=", state.itemId).where("tenant_id", "=", tenantId).executeTakeFirst();
      if (!item) return null;
      const answer = line.trim().slice(0, 2000);
      const at = core.clock.now();
      const eventId = await db.transaction().execute(async (trx) => {
        if (item.status === "needs_info") await trx.updateTable("feedback_items").set({ status: "triaged" }).where("id", "=", item.id).execute();
        return recordEvent(trx, item, personId, "info", answer, at);
      });
      const who = (await core.people.get(tenantId, personId))?.displayName ?? "—";
      await tellEach(deps, tenantId, [state.askedBy, item.owner_id].filter((id) => id !== personId), `feedback:info:${eventId}`, (l) => ({
        blocks: [text(t(l, "feedback.info.answered", { key: item.key, who, answer }))],
      }));
      return t(locale, "feedback.info.attached", { key: item.key });
    },
  };

  return { askReporter, conversation };
}
