import type { ConversationRef, InboundEvent } from "./adapter.js";
import type { Role } from "./command.js";
import type { Locale } from "./i18n.js";
import type { OutboundMessage } from "./message.js";

/** Who and where an inbound event is, as the dispatcher resolved it, for a feature's hook. */
export interface HookContext {
  event: InboundEvent;
  tenantId: number;
  personId: number;
  projectId: number | null;
  roles: readonly Role[];
  locale: Locale;
  conversation: ConversationRef;
}

/** The message a reply points at: its platform id, its text when the platform says, our delivery key when we sent it. */
export interface ReplyTarget {
  messageId: string;
  text?: string;
  deliveryKey?: string;
}

/** A reply to post in the conversation; null or nothing: no answer. */
export type HookResult = OutboundMessage | string | null | void;

/** What a feature sees besides commands. */
export interface InboundHooks {
  groupMessage?(ctx: HookContext & { text: string; mentionsBot: boolean; replyTo?: ReplyTarget }): Promise<HookResult>;
  reply?(ctx: HookContext & { text: string; replyTo: ReplyTarget }): Promise<HookResult>;
  reaction?(ctx: HookContext & { messageId: string; emoji: string; added: boolean; target?: { deliveryKey: string } }): Promise<HookResult>;
  membersJoined?(ctx: HookContext & { userIds: string[] }): Promise<HookResult>;
}
