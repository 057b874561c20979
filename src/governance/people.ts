import "./i18n.js";
import { UserError } from "../core/command.js";
import type { Locale } from "./i18n.js";
import type { Person } from "../people/service.js";
import type { CoreServices } from "../services.js";

/** The project member an option names (`--owner @x`), or a UserError naming the option and the person. */
export async function memberNamed(core: Pick<CoreServices, "findPerson" | "projects">, tenantId: number, projectId: number, ref: string, option: string): Promise<Person> {
  const found = await core.findPerson(tenantId, ref.trim());
  if (found.kind === "none") throw new UserError("governance.errors.person_unknown", { option, who: ref });
  if (found.kind === "ambiguous") throw new UserError("governance.errors.person_ambiguous", { option, who: ref, names: found.people.map((p) => p.displayName).join(", ") });
  const members = await core.projects.members(tenantId, projectId);
  if (!members.some((m) => m.personId === found.person.id)) throw new UserError("governance.errors.person_not_member", { option, name: found.person.displayName });
  return found.person;
}

/** Display names by id (one query per call), for views. */
export async function namesOf(core: Pick<CoreServices, "people">, tenantId: number, ids: readonly (number | null)[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids.filter((id): id is number => id !== null))];
  const people = await Promise.all(unique.map((id) => core.people.get(tenantId, id)));
  return new Map(people.filter((p): p is Person => p !== null).map((p) => [p.id, p.displayName]));
}

/** Each person's language (theirs, else their team's, else the tenant's; the fallback for someone not there), for messages built per recipient. */
export async function localesOf(core: Pick<CoreServices, "people">, tenantId: number, ids: readonly number[], fallback: Locale): Promise<Map<number, Locale>> {
  const found = await core.people.localesOf(tenantId, ids);
  return new Map([...new Set(ids)].map((id) => [id, found.get(id) ?? fallback] as const));
}
