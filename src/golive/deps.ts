import { UserError } from "../core/command.js";
import type { Locale } from "../core/i18n.js";
import type { Database } from "../db/database.js";
import type { Project } from "../projects/service.js";
import { createProjectPeopleResolver } from "../raci/people-refs.js";
import type { RaciTaskPort } from "../raci/task-port.js";
import type { CoreServices } from "../services.js";
import "./i18n.js";
import type { GoliveAsker } from "./model.js";

/** What the go-live flows need: the database, the core services and RACI's task port. */
export interface GoliveDeps {
  db: Database;
  core: CoreServices;
  tasks: RaciTaskPort;
}

export async function projectOf(deps: GoliveDeps, who: Pick<GoliveAsker, "tenantId" | "projectId">): Promise<Project> {
  const project = await deps.core.projects.get(who.tenantId, who.projectId);
  if (!project) throw new Error(`project ${who.projectId} not found`);
  return project;
}

/** People named as typed (`@liuyang`, `刘洋`, `a;b`), each a member of the project, or a UserError naming the one that is not. */
export async function membersNamed(deps: GoliveDeps, who: Pick<GoliveAsker, "tenantId" | "projectId">, text: string): Promise<{ id: number; name: string }[]> {
  const resolve = createProjectPeopleResolver(deps.core, who.tenantId, who.projectId);
  const refs = text.split(/[;,，；\s]+/).map((r) => r.trim()).filter(Boolean);
  if (refs.length === 0) throw new UserError("golive.errors.person_none", { who: text });
  const out: { id: number; name: string }[] = [];
  for (const ref of refs) {
    const found = await resolve(ref);
    if (found.kind === "none") throw new UserError("golive.errors.person_none", { who: ref });
    if (found.kind === "ambiguous") throw new UserError("golive.errors.person_ambiguous", { who: ref, names: found.names.join(", ") });
    if (found.kind === "not_member") throw new UserError("golive.errors.person_not_member", { who: found.name });
    if (!out.some((p) => p.id === found.person.id)) out.push({ id: found.person.id, name: found.person.displayName });
  }
  return out;
}

/** Display names by person id (a missing id reads "—"). */
export async function namesOf(db: Database, ids: readonly (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom("people").select(["id", "display_name"]).where("id", "in", wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** A person's language: their own, else their team's, else the tenant's (src/people/settings.ts). */
export async function localeOf(deps: GoliveDeps, tenantId: number, personId: number): Promise<Locale> {
  return deps.core.people.localeOf(tenantId, personId, deps.core.defaults.locale);
}

// Building an Intl.DateTimeFormat costs far more than using one: a timeline of hundreds of events reuses one per zone.
const stampFormats = new Map<string, Intl.DateTimeFormat>();

/** Project-local `YYYY-MM-DD HH:MM` of an instant. */
export function localStamp(at: Date, timeZone: string): string {
  let format = stampFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    stampFormats.set(timeZone, format);
  }
  return format.format(at).replace(",", "");
}
