import type { ConversationRef } from "./adapter.js";

/** The scope of a guided conversation held in the person's DMs (wherever it was started from). */
export const DIRECT_SCOPE = "direct";

/**
 * Where a guided conversation lives: DIRECT_SCOPE for a DM, else the group it was started in. A thread of a group
 * counts as the group, so that an answer typed in the channel rather than the thread still reaches it.
 */
export function conversationScope(conversation: ConversationRef): string {
  if (conversation.kind === "direct") return DIRECT_SCOPE;
  return `group:${conversation.platform}:${conversation.tenantId}:${conversation.conversationId}`;
}
