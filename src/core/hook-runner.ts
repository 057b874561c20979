import type { InboundEvent } from "./adapter.js";
import { isTransientError } from "./transient.js";
import type { Role } from "./command.js";
import type { FeatureHooks, HookContext, HookResult, InboundHooks, ReplyTarget, SentMessage, SentMessageLookup } from "./hooks.js";
import type { Locale } from "./i18n.js";
import type { OutboundMessage } from "./message.js";

/** What the runner needs from the dispatcher's resolved context. */
interface Resolved {
  tenant: { id: number };
  actor: { personId: number };
  project: { id: number } | null;
  roles: readonly Role[];
  locale: Locale;
}

type Say = (event: InboundEvent, locale: Locale, message: OutboundMessage | string, suffix?: string) => Promise<void>;

/**
 * Hands one inbound event to the features that observe it (src/core/hooks.ts). Each hook runs on its own: an error
 * is reported through onError and never stops the next hook; a hook's reply is posted under a key of its own.
 */
export function createHookRunner(deps: { hooks: readonly FeatureHooks[]; say: Say; findSent?: SentMessageLookup; onError?: (error: unknown, command: string) => void }) {
  const registered = (name: keyof InboundHooks): FeatureHooks[] => deps.hooks.filter((f) => typeof f.hooks[name] === "function");

  const sentMessage = async (event: InboundEvent, messageId: string): Promise<SentMessage | null> => {
    if (!deps.findSent) return null;
    try {
      return await deps.findSent(event.conversation, messageId);
    } catch (error) {
      deps.onError?.(error, "hook:find-sent");
      return null;
    }
  };

  /** Runs `call` for each feature; true when at least one ran. Replies go to `where` (the event's conversation unless told). */
  const each = async (kind: keyof InboundHooks, features: FeatureHooks[], event: InboundEvent, ctx: HookContext, call: (f: FeatureHooks) => Promise<HookResult> | undefined): Promise<boolean> => {
    const where: InboundEvent = ctx.conversation === event.conversation ? event : { ...event, conversation: ctx.conversation };
    for (const feature of features) {
      try {
        const result = await call(feature);
        // A reaction on a message in an unnamed chat (Feishu names none) has nowhere to answer.
        if (result !== undefined && result !== null && where.conversation.conversationId !== "") await deps.say(where, ctx.locale, result, `:hook:${feature.feature}:${kind}`);
      } catch (error) {
        if (isTransientError(error)) throw error;
        deps.onError?.(error, `hook:${feature.feature}:${kind}`);
      }
    }
    return features.length > 0;
  };

  return {
    /** Delivers the event to every hook registered for its kind; true when any hook saw it. */
    async observe(event: InboundEvent, resolved: Resolved): Promise<boolean> {
      const base: HookContext = {
        event,
        tenantId: resolved.tenant.id,
        personId: resolved.actor.personId,
        projectId: resolved.project?.id ?? null,
        roles: resolved.roles,
        locale: resolved.locale,
        conversation: event.conversation,
      };
      if (event.kind === "members_joined") {
        return each("membersJoined", registered("membersJoined"), event, base, (f) => f.hooks.membersJoined?.({ ...base, userIds: [...event.userIds] }));
      }
      if (event.kind === "reaction") {
        const features = registered("reaction");
        if (features.length === 0) return false;
        const sent = await sentMessage(event, event.messageId);
        const ctx: HookContext = sent && event.conversation.conversationId === "" ? { ...base, conversation: sent.conversation } : base;
        const fields = { messageId: event.messageId, emoji: event.emoji, added: event.added, ...(sent ? { target: { deliveryKey: sent.deliveryKey } } : {}), ...(event.authorId ? { authorId: event.authorId } : {}) };
        return each("reaction", features, event, ctx, (f) => f.hooks.reaction?.({ ...ctx, ...fields }));
      }
      if (event.kind !== "message") return false;
      const inGroup = event.conversation.kind === "group" ? registered("groupMessage") : [];
      const onReply = event.replyTo ? registered("reply") : [];
      if (inGroup.length === 0 && onReply.length === 0) return false;
      let replyTo: ReplyTarget | undefined;
      if (event.replyTo) {
        const sent = await sentMessage(event, event.replyTo.messageId);
        replyTo = { ...event.replyTo, ...(sent ? { deliveryKey: sent.deliveryKey } : {}) };
      }
      const text = event.text;
      const sawGroup = await each("groupMessage", inGroup, event, base, (f) => f.hooks.groupMessage?.({ ...base, text, mentionsBot: event.mentionsBot, ...(replyTo ? { replyTo } : {}) }));
      const sawReply = replyTo ? await each("reply", onReply, event, base, (f) => f.hooks.reply?.({ ...base, text, replyTo })) : false;
      return sawGroup || sawReply;
    },
  };
}
