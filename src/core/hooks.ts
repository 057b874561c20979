import type { ConversationRef, InboundEvent } from "./adapter.js";
import type { Role } from "./command.js";
import type { Locale } from "./i18n.js";
import type { OutboundMessage } from "./message.js";

/** What every hook sees: the event, and who sent it as the dispatcher resolved them. */
export interface HookContext {
  event: InboundEvent;
  tenantId: number;
  personId: number;
  projectId: number | null;
  roles: readonly Role[];
  locale: Locale;
  conversation: ConversationRef;
}

/** The message a message replies to; `deliveryKey` when it is one the bot sent (its outbox key). */
export interface ReplyTarget {
  messageId: string;
  text?: string;
  deliveryKey?: string;
  /** The platform user id of its author, where the platform sends it. */
  authorId?: string;
}

/** A reply to post in the event's conversation; null or nothing: stay quiet. */
export type HookResult = OutboundMessage | string | null | void;

/**
 * What a feature may observe besides commands. Hooks are observers: each runs on its own (an error is logged and
 * never stops the others or the command), and a command addressed to the bot still runs as a command.
 */
export interface InboundHooks {
  /** Every typed message in a group, addressed to the bot or not (`mentionsBot` tells which). */
  groupMessage?(ctx: HookContext & { text: string; mentionsBot: boolean; replyTo?: ReplyTarget }): Promise<HookResult>;
  /** A message that replies to or quotes another, in a group or a DM. */
  reply?(ctx: HookContext & { text: string; replyTo: ReplyTarget }): Promise<HookResult>;
  /** An emoji put on or taken off a message; `target` when the message is one the bot sent. */
  reaction?(ctx: HookContext & { messageId: string; emoji: string; added: boolean; target?: { deliveryKey: string }; authorId?: string }): Promise<HookResult>;
  /** People who joined a group the bot is in (the actor is whoever added them, or the person who joined). */
  membersJoined?(ctx: HookContext & { userIds: string[] }): Promise<HookResult>;
}

/** One feature's hooks, named for logs and reply keys. */
export interface FeatureHooks {
  feature: string;
  hooks: InboundHooks;
}

/** A message the bot sent, found by the platform's id for it: its outbox key and where it was sent. */
export interface SentMessage {
  deliveryKey: string;
  conversation: ConversationRef;
}

/**
 * Finds a message the bot sent by the platform's message id (`conversation` narrows the search where a platform's
 * ids are only unique per channel, as Slack's ts); null when it is not one of ours.
 */
export type SentMessageLookup = (conversation: ConversationRef, messageId: string) => Promise<SentMessage | null>;
