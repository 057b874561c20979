import { sql } from "kysely";
import type { Database } from "../db/database.js";
import type { Participation } from "./summary-message.js";

/** Participation of a project's teams and people between two local dates (inclusive); the sponsor digest reads it. */
export interface ProjectParticipation {
  from: string;
  to: string;
  teams: (Participation & { teamId: number })[];
  /** `answeredOnTime`: answers given before the window closed (the adoption feature's participation points). */
  people: (Participation & { personId: number; answeredOnTime: number })[];
}

const empty = (name: string): Participation => ({ name, expected: 0, answered: 0, skipped: 0, away: 0 });

/**
 * Counts stand-up runs per team and per person: `expected` is every stand-up day a person was asked (answered,
 * skipped or missing); days away are counted apart and not expected.
 */
export async function participation(db: Database, tenantId: number, projectId: number, from: string, to: string): Promise<ProjectParticipation> {
  const rows = await db
    .selectFrom("standup_runs")
    .innerJoin("teams", "teams.id", "standup_runs.team_id")
    .innerJoin("people", "people.id", "standup_runs.person_id")
    .select(["teams.id as teamId", "teams.name as teamName", "people.id as personId", "people.display_name as personName", "standup_runs.status"])
    .select(sql<number>`count(*)::int`.as("n"))
    .select(sql<number>`(count(*) filter (where not standup_runs.late))::int`.as("on_time"))
    .where("standup_runs.tenant_id", "=", tenantId)
    .where("teams.project_id", "=", projectId)
    .where("standup_runs.local_date", ">=", from)
    .where("standup_runs.local_date", "<=", to)
    .groupBy(["teams.id", "teams.name", "people.id", "people.display_name", "standup_runs.status"])
    .orderBy("teams.id")
    .orderBy("people.display_name")
    .execute();
  const teams = new Map<number, Participation & { teamId: number }>();
  const people = new Map<number, Participation & { personId: number; answeredOnTime: number }>();
  for (const r of rows) {
    const team = teams.get(r.teamId) ?? { ...empty(r.teamName), teamId: r.teamId };
    const person = people.get(r.personId) ?? { ...empty(r.personName), personId: r.personId, answeredOnTime: 0 };
    if (r.status === "answered") person.answeredOnTime += Number(r.on_time);
    const n = Number(r.n);
    for (const p of [team, person]) {
      if (r.status === "away") p.away += n;
      else p.expected += n;
      if (r.status === "answered") p.answered += n;
      if (r.status === "skipped") p.skipped += n;
    }
    teams.set(r.teamId, team);
    people.set(r.personId, person);
  }
  return { from, to, teams: [...teams.values()], people: [...people.values()] };
}
