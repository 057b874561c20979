import "./i18n.js";
import type { CalendarService } from "../calendar/service.js";
import { UserError } from "../core/command.js";
import type { OutboundMessage } from "../core/message.js";
import type { Database } from "../db/database.js";
import type { Person } from "../people/service.js";
import type { RaciTaskPort } from "../raci/task-port.js";
import type { CoreServices } from "../services.js";
import type { Locale } from "./i18n.js";
import "./i18n.js";

/** What the feedback flows need: the database, the core services, RACI's task port and the calendars. */
export interface FeedbackDeps {
  db: Database;
  core: CoreServices;
  tasks: RaciTaskPort;
  calendars: Pick<CalendarService, "rulesFor">;
}

/** The project member an option names (`--owner @x`), or a UserError naming the option and the person. */
export async function memberNamed(deps: FeedbackDeps, tenantId: number, projectId: number, ref: string, option: string): Promise<Person> {
  const found = await deps.core.findPerson(tenantId, ref.trim());
  if (found.kind === "none") throw new UserError("feedback.errors.person_unknown", { option, who: ref });
  if (found.kind === "ambiguous") throw new UserError("feedback.errors.person_ambiguous", { option, who: ref, names: found.people.map((p) => p.displayName).join(", ") });
  const members = await deps.core.projects.members(tenantId, projectId);
  if (!members.some((m) => m.personId === found.person.id)) throw new UserError("feedback.errors.person_not_member", { option, name: found.person.displayName });
  return found.person;
}

/** Display names by id, for views. */
export async function namesOf(deps: FeedbackDeps, tenantId: number, ids: readonly (number | null)[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids.filter((id): id is number => id !== null))];
  const people = await Promise.all(unique.map((id) => deps.core.people.get(tenantId, id)));
  return new Map(people.filter((p): p is Person => p !== null).map((p) => [p.id, p.displayName]));
}

/**
 * One DM to each person in their own language, all under one key: a person named twice (reporter of one item and
 * follower of the other, in a merge) still hears of the change once, and a retried change sends nothing again.
 */
export async function tellEach(deps: FeedbackDeps, tenantId: number, personIds: readonly (number | null)[], key: string, build: (locale: Locale, personId: number) => OutboundMessage): Promise<number[]> {
  const told: number[] = [];
  for (const personId of new Set(personIds.filter((id): id is number => id !== null))) {
    const locale = await deps.core.people.localeOf(tenantId, personId, deps.core.defaults.locale);
    const sent = await deps.core.notify.toPerson(tenantId, personId, { ...build(locale, personId), locale }, { key: `${key}:p${personId}` });
    if (sent === true) told.push(personId);
  }
  return told;
}
