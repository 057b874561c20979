import type { Capabilities, ChatAdapter, ConversationRef } from "../core/adapter.js";
import type { RateLimiter, RateWindow } from "./rate-limiter.js";
import type { MessageTarget } from "./target.js";

/** A conversation's own capabilities where the adapter tells them apart (a WeCom group has no buttons), else the adapter's. */
export function capabilitiesOf(adapter: ChatAdapter, conversation: ConversationRef | null): Capabilities {
  return conversation && adapter.capabilitiesFor ? adapter.capabilitiesFor(conversation) : adapter.capabilities;
}

function targetKey(target: MessageTarget): string {
  return target.type === "conversation"
    ? `${target.conversation.tenantId}/${target.conversation.conversationId}`
    : `${target.tenantRef}/${target.userId}`; // a person's window, shared with a DM addressed by conversation id = user id (WeCom)
}

/** The windows one send to `target` counts against: a platform rule's window is shared by all targets, a target rule's by one person or conversation. */
export function rateWindowsFor(adapter: ChatAdapter, target: MessageTarget): RateWindow[] {
  const key = targetKey(target);
  return capabilitiesOf(adapter, target.type === "conversation" ? target.conversation : null).rateLimits.map((rule, i) => ({
    key: rule.scope === "platform" ? `${adapter.platform}:${i}` : `${adapter.platform}:${i}:${key}`,
    limit: rule.limit,
    windowMs: rule.windowMs,
  }));
}

/** Where the deliver job takes a send slot: the limiter's windows for the target, at the instant `now` tells. */
export interface SendSlots {
  /** Reserves a slot at `now()`: 0 when reserved, otherwise how many ms to wait before the tightest window has room. */
  reserve(adapter: ChatAdapter, target: MessageTarget): Promise<number>;
}

/** Send slots over a limiter; `now` is the wall clock in production and a virtual one in tests that check slot times. */
export function createSendSlots(limiter: RateLimiter, now: () => number = Date.now): SendSlots {
  return {
    reserve: (adapter, target) => limiter.reserve(rateWindowsFor(adapter, target), now()),
  };
}
