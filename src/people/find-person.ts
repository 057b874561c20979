import type { Directory } from "./directory.js";
import { readPersonReference, type Person, type PeopleService } from "./service.js";
import type { TenantService } from "../tenants/service.js";

export type FindPersonResult =
  | { kind: "found"; person: Person; created: boolean }
  | { kind: "ambiguous"; people: Person[] }
  | { kind: "none" };

/**
 * Finds the person a command names (@user-id, email, mobile or name). An email or mobile nobody in the
 * tenant has yet is looked up in the platform's directory, and the person is created and linked.
 */
export function createPersonFinder(people: PeopleService, tenants: TenantService, directory: Directory) {
  return async (tenantId: number, text: string, options: { create?: boolean } = {}): Promise<FindPersonResult> => {
    const ref = readPersonReference(text);
    const tenant = await tenants.get(tenantId);
    const found = await people.lookup(tenantId, ref, tenant.platform);
    if (found.kind !== "none") return found.kind === "found" ? { ...found, created: false } : found;
    if (!options.create || (ref.kind !== "email" && ref.kind !== "mobile")) return { kind: "none" };
    const by = ref.kind === "email" ? { email: ref.value } : { mobile: ref.value };
    const userId = directory.canLookup(tenant.platform) ? await directory.lookup(tenant.platform, tenant.externalId, by) : null;
    if (userId) {
      const existing = await people.findByUser(tenantId, tenant.platform, userId);
      if (existing) return { kind: "found", person: existing, created: false };
    }
    const person = await people.create(tenantId, { displayName: ref.value, ...by });
    if (userId) await people.linkIdentity(tenantId, person.id, tenant.platform, userId);
    return { kind: "found", person, created: true };
  };
}

export type PersonFinder = ReturnType<typeof createPersonFinder>;
