import type { InboundHooks } from "../core/hooks.js";
import type { GoliveDeps } from "./deps.js";
import { t } from "./i18n.js";
import type { IssueFlows } from "./issues.js";
import { liveWarroom, logEvent, groupOf } from "./warroom-state.js";

const ISSUE_WORDS = new Set(["issue", "问题"]);
const LOG_WORDS = new Set(["log", "记录"]);

/**
 * In the war room group, a message replied to with `@bot issue` becomes an issue and one replied to with `@bot log`
 * goes on the timeline. The words are also hidden commands that say nothing, so the parser does not answer
 * "unknown command"; this hook does the work because only it sees the message replied to.
 */
export function warroomHooks(deps: GoliveDeps, issues: IssueFlows): InboundHooks {
  return {
    async groupMessage(ctx) {
      const word = ctx.text.trim().toLowerCase();
      if (!ctx.mentionsBot || ctx.projectId === null || (!ISSUE_WORDS.has(word) && !LOG_WORDS.has(word))) return null;
      const room = await liveWarroom(deps.db, ctx.projectId);
      const group = room ? await groupOf(deps, room) : null;
      if (!room || !group || group.conversationId !== ctx.conversation.conversationId) return null;
      if (!ctx.replyTo) return t(ctx.locale, "golive.issue.reply_hint");
      const quoted = ctx.replyTo.text?.trim() || t(ctx.locale, "golive.issue.quoted", { id: ctx.replyTo.messageId });
      if (LOG_WORDS.has(word)) {
        await logEvent(deps, room, ctx.personId, "log", quoted);
        return t(ctx.locale, "golive.timeline.logged");
      }
      const { issue } = await issues.raiseFromReply(room, { tenantId: ctx.tenantId, projectId: ctx.projectId, personId: ctx.personId }, quoted, null, null);
      return t(ctx.locale, "golive.issue.raised_unset", { key: issue.key });
    },
  };
}
