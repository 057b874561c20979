import type { CalendarService, PersonRules } from "../calendar/service.js";
import type { Database } from "../db/database.js";

const CHUNK = 1000;

/**
 * `calendars.rulesFor` for many people at once, with the same answer: each person follows their first team
 * (lowest team id, as `rulesFor` picks it), loaded a whole team at a time with `rulesForTeam`; people in no
 * team go through `rulesFor` one by one. A thousand people in twenty teams cost twenty team loads.
 */
export async function rulesForPeople(db: Database, calendars: Pick<CalendarService, "rulesFor" | "rulesForTeam">, tenantId: number, personIds: readonly number[]): Promise<Map<number, PersonRules>> {
  const wanted = [...new Set(personIds)];
  const out = new Map<number, PersonRules>();
  const firstTeam = new Map<number, number>();
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const rows = await db
      .selectFrom("team_members")
      .select(["person_id", (eb) => eb.fn.min<number>("team_id").as("team_id")])
      .where("tenant_id", "=", tenantId)
      .where("person_id", "in", wanted.slice(i, i + CHUNK))
      .groupBy("person_id")
      .execute();
    for (const r of rows) firstTeam.set(r.person_id, Number(r.team_id));
  }
  const byTeam = new Map<number, number[]>();
  for (const [personId, teamId] of firstTeam) byTeam.set(teamId, [...(byTeam.get(teamId) ?? []), personId]);
  for (const [teamId, members] of byTeam) {
    const rules = await calendars.rulesForTeam(tenantId, teamId);
    for (const personId of members) {
      const own = rules.get(personId);
      if (own) out.set(personId, own);
    }
  }
  for (const personId of wanted) {
    if (!out.has(personId)) out.set(personId, await calendars.rulesFor(tenantId, personId));
  }
  return out;
}
