import type { PersonFinder } from "../people/find-person.js";
import type { Mapping } from "./mapping.js";

export type MappingImport = { ok: true; mapped: number } | { ok: false; line: number; value: string; problem: "columns" | "person" };

/**
 * Mappings from a CSV: `crm_user,person` per line (a header line naming them is skipped; the person as @id, name,
 * e-mail or mobile). Every line is resolved first; nothing is written unless all are.
 */
export async function importMappings(deps: { mapping: Mapping; findPerson: PersonFinder }, tenantId: number, text: string): Promise<MappingImport> {
  const rows: { user: string; personId: number }[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const [user = "", who = ""] = line.split(/[,\t]/).map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
    if (i === 0 && /^crm[_ ]?user$/i.test(user)) continue;
    if (!user || !who) return { ok: false, line: i + 1, value: line, problem: "columns" };
    const found = await deps.findPerson(tenantId, who);
    if (found.kind !== "found") return { ok: false, line: i + 1, value: who, problem: "person" };
    rows.push({ user, personId: found.person.id });
  }
  for (const row of rows) await deps.mapping.map(tenantId, row.user, row.personId);
  return { ok: true, mapped: rows.length };
}
