import type { Locale } from "../core/i18n.js";
import type { ProjectService } from "../projects/service.js";
import type { DigestSettings } from "./settings.js";
import { READER_ROLES } from "./settings.js";

/** Someone who gets the project's digest, in their language and zone. */
export interface Recipient {
  personId: number;
  name: string;
  locale: Locale;
  timeZone: string;
  /** A sponsor's own copy, or a copy for the PM / an admin. */
  sponsor: boolean;
}

/** People whose language and zone the calendar knows (their own, else their team's, else the tenant's). */
export type RulesOf = (tenantId: number, personIds: readonly number[]) => Promise<Map<number, { locale: Locale; timeZone: string }>>;

/** The project's sponsors, and the holders of the roles the PM opted in, each once; only reader roles ever receive. */
export async function recipientsOf(deps: { projects: Pick<ProjectService, "members">; rulesOf: RulesOf }, tenantId: number, projectId: number, settings: DigestSettings): Promise<Recipient[]> {
  const members = await deps.projects.members(tenantId, projectId);
  const chosen = members.filter((m) => m.roles.includes("sponsor") || m.roles.some((r) => settings.roles.includes(r) && READER_ROLES.includes(r)));
  if (chosen.length === 0) return [];
  const rules = await deps.rulesOf(tenantId, chosen.map((m) => m.personId));
  return chosen.flatMap((m) => {
    const r = rules.get(m.personId);
    return r ? [{ personId: m.personId, name: m.displayName, locale: r.locale, timeZone: r.timeZone, sponsor: m.roles.includes("sponsor") }] : [];
  });
}
