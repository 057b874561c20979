import { UserError, type CommandTenant } from "../core/command.js";
import type { CoreServices } from "../services.js";

/** The person a command names, or a UserError saying why not (unknown, or which of several). */
export async function personNamed(services: Pick<CoreServices, "findPerson">, tenant: CommandTenant, who: string, create = false) {
  const found = await services.findPerson(tenant.id, who, { create });
  if (found.kind === "none") throw new UserError("errors.person_not_found", { who });
  if (found.kind === "ambiguous") {
    throw new UserError("errors.person_ambiguous", { who, names: found.people.map((p) => p.displayName).join(", ") });
  }
  return found;
}
