import type { CommandContext } from "../../core/command.js";
import type { PrivacyAsker } from "../flows.js";

/** The asker as the privacy flows need them. */
export function privacyAsker(ctx: Pick<CommandContext<unknown, unknown>, "tenant" | "actor" | "locale" | "conversation" | "now">): PrivacyAsker {
  return { tenant: ctx.tenant, actor: ctx.actor, locale: ctx.locale, conversation: ctx.conversation, now: ctx.now };
}
