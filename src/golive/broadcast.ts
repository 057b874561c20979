import type { OutboundMessage } from "../core/message.js";
import { localeOf, type GoliveDeps } from "./deps.js";
import type { Locale } from "./i18n.js";

/** Posts a message, in each team's language, to every home conversation of the project's teams (its project groups). */
export async function postToProjectGroups(deps: GoliveDeps, tenantId: number, projectId: number, key: string, build: (locale: Locale) => OutboundMessage): Promise<number> {
  const teams = await deps.core.teams.list(tenantId, projectId);
  const seen = new Set<string>();
  for (const team of teams) {
    if (!team.home || seen.has(team.home.conversationId)) continue;
    seen.add(team.home.conversationId);
    await deps.core.notify.toConversation(team.home, build(team.locale), { key: `${key}:${team.home.conversationId}`, tenantId });
  }
  return seen.size;
}

/** A DM to each of these people in their own language, keyed once per person. */
export async function dmEach(deps: GoliveDeps, tenantId: number, personIds: readonly number[], key: string, build: (locale: Locale, personId: number) => OutboundMessage): Promise<void> {
  for (const personId of new Set(personIds)) {
    const locale = await localeOf(deps, tenantId, personId);
    await deps.core.notify.toPerson(tenantId, personId, build(locale, personId), { key: `${key}:p${personId}` });
  }
}
