import type { PeopleService, Person } from "../people/service.js";
import { readPersonReference } from "../people/service.js";
import type { ProjectService } from "../projects/service.js";
import type { TenantService } from "../tenants/service.js";

/** How one named person resolved: found (and a member of the project), or why not. */
export type PersonResolution =
  | { kind: "found"; person: Person }
  | { kind: "none"; ref: string }
  | { kind: "ambiguous"; ref: string; names: string[] }
  | { kind: "not_member"; ref: string; name: string };

/**
 * Resolves people named by email, mobile, platform user id (`@id` or bare) or display name, within one
 * project: a person must be a member to hold a letter on its tasks. Never creates anyone. Memoised, so an
 * import naming the same person on a thousand lines looks them up once.
 */
export function createProjectPeopleResolver(deps: { people: PeopleService; projects: ProjectService; tenants: TenantService }, tenantId: number, projectId: number) {
  const memo = new Map<string, Promise<PersonResolution>>();
  let members: Promise<Set<number>> | null = null;
  let platform: Promise<Awaited<ReturnType<TenantService["get"]>>["platform"]> | null = null;

  const resolveOne = async (ref: string): Promise<PersonResolution> => {
    platform ??= deps.tenants.get(tenantId).then((t) => t.platform);
    members ??= deps.projects.members(tenantId, projectId).then((list) => new Set(list.map((m) => m.personId)));
    const found = await deps.people.lookup(tenantId, readPersonReference(ref), await platform);
    if (found.kind === "none") return { kind: "none", ref };
    if (found.kind === "ambiguous") {
      const memberSet = await members;
      const inProject = found.people.filter((p) => memberSet.has(p.id));
      if (inProject.length === 1 && inProject[0]) return { kind: "found", person: inProject[0] };
      return { kind: "ambiguous", ref, names: found.people.map((p) => p.displayName) };
    }
    if (!(await members).has(found.person.id)) return { kind: "not_member", ref, name: found.person.displayName };
    return { kind: "found", person: found.person };
  };

  return (ref: string): Promise<PersonResolution> => {
    const key = ref.trim().toLowerCase();
    let result = memo.get(key);
    if (!result) memo.set(key, (result = resolveOne(ref.trim())));
    return result;
  };
}

export type ProjectPeopleResolver = ReturnType<typeof createProjectPeopleResolver>;
