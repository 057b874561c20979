import type { ConversationRef } from "../core/adapter.js";
import type { HookContext, InboundHooks } from "../core/hooks.js";
import type { FeedbackDeps } from "./deps.js";
import type { Filing } from "./file.js";
import { t } from "./i18n.js";
import { MAX_TEXT, type Asker } from "./model.js";
import { settingsOf } from "./settings.js";

const FILE_WORDS = new Set(["feedback", "反馈", "/feedback"]);
/** How long heard group messages are kept for capture (also the retention default). */
export const HEARD_DAYS = 7;

const conversationKey = (c: ConversationRef) => `${c.platform}:${c.tenantId}:${c.conversationId}`;

/**
 * Capture in groups: a reply `@bot feedback` files the message replied to, and the project's reaction (🎫 by default)
 * files the message it is put on, each with the message's author as the reporter and the filer noted. A message is
 * filed once however often it is flagged; the bot's own messages are not filed.
 */
export function captureHooks(deps: FeedbackDeps, filing: Filing): InboundHooks {
  const { db, core } = deps;

  const askerFor = async (ctx: HookContext, projectId: number): Promise<Asker | null> => {
    const project = await core.projects.get(ctx.tenantId, projectId);
    if (!project) return null;
    return { tenantId: ctx.tenantId, projectId, projectKey: project.key, projectName: project.name, personId: ctx.personId, locale: ctx.locale, roles: ctx.roles, conversation: ctx.conversation };
  };

  /** The person behind a platform user id, when they have been seen. */
  const personOf = async (tenantId: number, platform: ConversationRef["platform"], userId: string | undefined): Promise<number | null> =>
    userId ? ((await core.people.findByUser(tenantId, platform, userId))?.id ?? null) : null;

  const heardMessage = async (tenantId: number, conversation: ConversationRef, messageId: string) => {
    let query = db.selectFrom("feedback_heard").selectAll().where("tenant_id", "=", tenantId).where("message_id", "=", messageId);
    // Feishu reactions name no chat: the message id alone is unique there.
    if (conversation.conversationId !== "") query = query.where("conversation", "=", conversationKey(conversation));
    return query.executeTakeFirst();
  };

  const capture = async (ctx: HookContext, projectId: number, found: { messageId: string; text: string | undefined; authorUserId: string | undefined; conversation: string | null }, source: "reply" | "reaction") => {
    const asker = await askerFor(ctx, projectId);
    if (!asker) return null;
    const heard = await heardMessage(ctx.tenantId, ctx.conversation, found.messageId);
    const body = found.text?.trim() || heard?.text;
    if (!body) return t(ctx.locale, "feedback.capture.unseen");
    const author = (await personOf(ctx.tenantId, ctx.conversation.platform, found.authorUserId)) ?? heard?.person_id ?? ctx.personId;
    const where = found.conversation ?? heard?.conversation ?? conversationKey(ctx.conversation);
    const filed = await filing.file(asker, { text: body.slice(0, MAX_TEXT), reporterId: author, source, sourceRef: `${where}:${found.messageId}` });
    return filing.answer(asker, filed);
  };

  return {
    async groupMessage(ctx) {
      if (ctx.projectId === null) return null;
      const event = ctx.event;
      if (event.kind === "message" && event.messageId && ctx.text.trim()) {
        await db
          .insertInto("feedback_heard")
          .values({ tenant_id: ctx.tenantId, project_id: ctx.projectId, conversation: conversationKey(ctx.conversation), message_id: event.messageId, person_id: ctx.personId, text: ctx.text.slice(0, MAX_TEXT), at: core.clock.now() })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      if (!ctx.mentionsBot || !FILE_WORDS.has(ctx.text.trim().toLowerCase())) return null;
      if (!ctx.replyTo) return t(ctx.locale, "feedback.capture.reply_hint");
      if (ctx.replyTo.deliveryKey) return t(ctx.locale, "feedback.capture.bot_message");
      return capture(ctx, ctx.projectId, { messageId: ctx.replyTo.messageId, text: ctx.replyTo.text, authorUserId: ctx.replyTo.authorId, conversation: conversationKey(ctx.conversation) }, "reply");
    },

    async reaction(ctx) {
      if (!ctx.added || ctx.projectId === null || ctx.target) return null;
      const settings = await settingsOf(db, ctx.projectId);
      if (ctx.emoji !== settings.reaction) return null;
      const answer = await capture(ctx, ctx.projectId, { messageId: ctx.messageId, text: undefined, authorUserId: ctx.authorId, conversation: ctx.conversation.conversationId === "" ? null : conversationKey(ctx.conversation) }, "reaction");
      if (answer === null || ctx.conversation.conversationId !== "") return answer;
      // A reaction in a chat the platform does not name (Feishu): the answer goes to the filer's DM.
      await core.notify.toPerson(ctx.tenantId, ctx.personId, typeof answer === "string" ? { blocks: [{ type: "text", markdown: answer }] } : answer, { key: `feedback:reaction:${ctx.event.dedupeKey}` });
      return null;
    },
  };
}
