import { sql } from "kysely";
import type { Database } from "../db/database.js";
import { perMoment } from "../schedule/per-moment.js";
import type { StandupAnswers, StandupConfigRow, StandupQuestionsJson, StandupRunRow, StandupRunStatus } from "./schema.js";
import { teamColumns, toTeam, type Team } from "../teams/service.js";

/** A team's stand-up settings. Times are the team's local wall times; a person's own work start shifts them. */
export interface StandupConfig {
  teamId: number;
  tenantId: number;
  projectId: number;
  questions: StandupQuestionsJson;
  /** Weekdays it runs, 0 = Sunday … 6 = Saturday (make-up workdays run as well). */
  days: number[];
  promptTime: string;
  closeTime: string;
  /** Minutes before close the reminder goes out; null for none. */
  reminderMinutes: number | null;
  active: boolean;
}

/** The team facts stand-ups need. */
/** A team as stand-ups see it: the team itself (time zone, locale, work hours, calendar, home conversation). */
export type StandupTeam = Team;

/** One person's stand-up on one local date in one team, as the domain sees it. */
export interface StandupRun {
  id: string;
  teamId: number;
  personId: number;
  date: string;
  status: StandupRunStatus;
  answers: StandupAnswers | null;
  late: boolean;
  promptedAt: Date | null;
  answeredAt: Date | null;
}

/** The settings a change may touch. */
export type ConfigChanges = Partial<Pick<StandupConfig, "days" | "promptTime" | "closeTime" | "reminderMinutes" | "active" | "questions">>;

function toConfig(row: StandupConfigRow): StandupConfig {
  return {
    teamId: row.team_id,
    tenantId: row.tenant_id,
    projectId: row.project_id,
    questions: row.questions ?? {},
    days: row.days,
    promptTime: row.prompt_time,
    closeTime: row.close_time,
    reminderMinutes: row.reminder_minutes,
    active: row.active,
  };
}

/** A stored run as the domain sees it. */
export function toRun(row: StandupRunRow): StandupRun {
  return {
    id: String(row.id),
    teamId: row.team_id,
    personId: row.person_id,
    date: row.local_date,
    status: row.status,
    answers: row.answers,
    late: row.late,
    promptedAt: row.prompted_at,
    answeredAt: row.answered_at,
  };
}



export type StandupService = ReturnType<typeof createStandupService>;

/** One person's run on one local date in one team, as a tick's batch names it. */
export interface RunRef {
  teamId: number;
  personId: number;
  date: string;
}

/** `teamId|personId|date`: how openRuns and prompted name a run. */
export function runKey(run: RunRef): string {
  return `${run.teamId}|${run.personId}|${run.date}`;
}

/** A stand-up that runs, with its team. */
export interface ActiveStandup {
  config: StandupConfig;
  team: StandupTeam;
}

/** Stand-up settings per team and the runs (one per person, team and local date) with their answers. */
export function createStandupService(db: Database) {
  /** `teamId|personId|date` of the given runs (of any teams) that are still waiting for an answer, one query. */
  const promptedOf = async (trx: Database, runs: readonly RunRef[]): Promise<Set<string>> => {
    if (runs.length === 0) return new Set();
    const wanted = new Set(runs.map(runKey));
    const rows = await trx
      .selectFrom("standup_runs")
      .select(["team_id", "person_id", "local_date"])
      .where("team_id", "in", [...new Set(runs.map((r) => r.teamId))])
      .where("person_id", "in", [...new Set(runs.map((r) => r.personId))])
      .where("local_date", "in", [...new Set(runs.map((r) => r.date))])
      .where("status", "=", "prompted")
      .execute();
    return new Set(rows.map((r) => runKey({ teamId: r.team_id, personId: r.person_id, date: r.local_date })).filter((key) => wanted.has(key)));
  };

  const activeAt = perMoment(async (): Promise<ActiveStandup[]> => {
    const rows = await db
      .selectFrom("standup_configs")
      .innerJoin("teams", "teams.id", "standup_configs.team_id")
      .selectAll("standup_configs")
      .select(teamColumns)
      .where("standup_configs.active", "=", true)
      .orderBy("teams.id")
      .execute();
    return rows.map((r) => ({ config: toConfig(r), team: toTeam(r) }));
  });

  return {
    async config(teamId: number, trx: Database = db): Promise<StandupConfig | null> {
      const row = await trx.selectFrom("standup_configs").selectAll().where("team_id", "=", teamId).executeTakeFirst();
      return row ? toConfig(row) : null;
    },

    async team(tenantId: number, teamId: number, trx: Database = db): Promise<StandupTeam | null> {
      const row = await trx.selectFrom("teams").select(teamColumns).where("tenant_id", "=", tenantId).where("id", "=", teamId).executeTakeFirst();
      return row ? toTeam(row) : null;
    },

    /** Creates the team's stand-up (defaults for what is not given) or changes the given settings. */
    async configure(team: { id: number; tenantId: number; projectId: number }, changes: ConfigChanges): Promise<{ config: StandupConfig; created: boolean }> {
      const set = {
        ...(changes.days ? { days: JSON.stringify(changes.days) } : {}),
        ...(changes.promptTime ? { prompt_time: changes.promptTime } : {}),
        ...(changes.closeTime ? { close_time: changes.closeTime } : {}),
        ...(changes.reminderMinutes !== undefined ? { reminder_minutes: changes.reminderMinutes } : {}),
        ...(changes.active !== undefined ? { active: changes.active } : {}),
        ...(changes.questions ? { questions: JSON.stringify(changes.questions) } : {}),
      };
      const existing = await db.selectFrom("standup_configs").select("team_id").where("team_id", "=", team.id).executeTakeFirst();
      const row = existing
        ? await db.updateTable("standup_configs").set({ ...set, updated_at: new Date() }).where("team_id", "=", team.id).returningAll().executeTakeFirstOrThrow()
        : await db
            .insertInto("standup_configs")
            .values({ team_id: team.id, tenant_id: team.tenantId, project_id: team.projectId, ...set })
            .onConflict((oc) => oc.column("team_id").doUpdateSet({ ...set, updated_at: new Date() }))
            .returningAll()
            .executeTakeFirstOrThrow();
      return { config: toConfig(row), created: !existing };
    },

    /** The active stand-ups with their teams; read once per tick moment for the schedules that ask (prompts, reminders, summaries). */
    active: (at: Date): Promise<ActiveStandup[]> => activeAt(at),

    /** The teams in a project a person belongs to that have a stand-up, oldest first. */
    async teamsWithStandup(tenantId: number, projectId: number, personId: number): Promise<StandupTeam[]> {
      const rows = await db
        .selectFrom("team_members")
        .innerJoin("teams", "teams.id", "team_members.team_id")
        .innerJoin("standup_configs", "standup_configs.team_id", "teams.id")
        .select(teamColumns)
        .where("team_members.tenant_id", "=", tenantId)
        .where("team_members.person_id", "=", personId)
        .where("teams.project_id", "=", projectId)
        .where("standup_configs.active", "=", true)
        .orderBy("teams.id")
        .execute();
      return rows.map(toTeam);
    },

    async members(teamId: number, trx: Database = db): Promise<{ personId: number; name: string }[]> {
      return trx
        .selectFrom("team_members")
        .innerJoin("people", "people.id", "team_members.person_id")
        .select(["people.id as personId", "people.display_name as name"])
        .where("team_members.team_id", "=", teamId)
        .orderBy("people.display_name")
        .execute();
    },

    async run(teamId: number, personId: number, date: string, trx: Database = db): Promise<StandupRun | null> {
      const row = await trx.selectFrom("standup_runs").selectAll().where("team_id", "=", teamId).where("person_id", "=", personId).where("local_date", "=", date).executeTakeFirst();
      return row ? toRun(row) : null;
    },

    async runsOn(teamId: number, date: string, trx: Database = db): Promise<StandupRun[]> {
      return (await trx.selectFrom("standup_runs").selectAll().where("team_id", "=", teamId).where("local_date", "=", date).execute()).map(toRun);
    },

    /** Each run's status on these (team, date) pairs, in one query: runKey → status. */
    async statusesOn(pairs: readonly { teamId: number; date: string }[], trx: Database = db): Promise<Map<string, StandupRunStatus>> {
      const out = new Map<string, StandupRunStatus>();
      if (pairs.length === 0) return out;
      const wanted = new Set(pairs.map((p) => `${p.teamId}|${p.date}`));
      const rows = await trx
        .selectFrom("standup_runs")
        .select(["team_id", "person_id", "local_date", "status"])
        .where("team_id", "in", [...new Set(pairs.map((p) => p.teamId))])
        .where("local_date", "in", [...new Set(pairs.map((p) => p.date))])
        .execute();
      for (const r of rows) if (wanted.has(`${r.team_id}|${r.local_date}`)) out.set(runKey({ teamId: r.team_id, personId: r.person_id, date: r.local_date }), r.status);
      return out;
    },

    /** Inserts a run (prompted, or away on leave) unless one exists; returns the run as it stands and whether it is new. */
    async openRun(
      input: { tenantId: number; teamId: number; personId: number; date: string; at: Date; status?: "prompted" | "away" },
      trx: Database = db,
    ): Promise<{ run: StandupRun; created: boolean }> {
      const { tenantId, teamId, personId, date, at } = input;
      const status = input.status ?? "prompted";
      const inserted = await trx
        .insertInto("standup_runs")
        .values({ tenant_id: tenantId, team_id: teamId, person_id: personId, local_date: date, status, prompted_at: status === "prompted" ? at : null, updated_at: at })
        .onConflict((oc) => oc.columns(["team_id", "person_id", "local_date"]).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { run: toRun(inserted), created: true };
      const existing = await trx.selectFrom("standup_runs").selectAll().where("team_id", "=", teamId).where("person_id", "=", personId).where("local_date", "=", date).executeTakeFirstOrThrow();
      return { run: toRun(existing), created: false };
    },

    /**
     * Opens many runs (of any teams) as prompted in one statement (a tick's prompts); returns `teamId|personId|date`
     * (runKey) of those now waiting for an answer — new ones and ones already prompted — and leaves answered, skipped
     * and away alone. Rows are written in (team, person, date) order, so that two ticks opening overlapping runs at
     * once wait for each other instead of deadlocking.
     */
    async openRuns(trx: Database, input: { at: Date; runs: readonly (RunRef & { tenantId: number })[] }): Promise<Set<string>> {
      const waiting = new Set<string>();
      if (input.runs.length === 0) return waiting;
      const ordered = [...input.runs].sort((a, b) => a.teamId - b.teamId || a.personId - b.personId || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      // Array parameters: a fan-out's thousand runs are four parameters, not seven thousand.
      const { rows: inserted } = await sql<{ team_id: number; person_id: number; local_date: string }>`
        insert into standup_runs (tenant_id, team_id, person_id, local_date, status, prompted_at, updated_at)
        select r.tenant_id, r.team_id, r.person_id, r.local_date, 'prompted', ${input.at}::timestamptz, ${input.at}::timestamptz
        from unnest(${ordered.map((r) => r.tenantId)}::int[], ${ordered.map((r) => r.teamId)}::int[], ${ordered.map((r) => r.personId)}::int[], ${ordered.map((r) => r.date)}::date[])
          as r(tenant_id, team_id, person_id, local_date)
        on conflict (team_id, person_id, local_date) do nothing
        returning team_id, person_id, local_date`.execute(trx);
      for (const r of inserted) waiting.add(runKey({ teamId: r.team_id, personId: r.person_id, date: r.local_date }));
      if (inserted.length < input.runs.length) for (const key of await promptedOf(trx, input.runs)) waiting.add(key);
      return waiting;
    },

    /** Of these runs (of any teams), `teamId|personId|date` of those still waiting for an answer. */
    prompted: promptedOf,

    /** Writes a run's status (and answers, when given), creating the run when there is none. */
    async saveRun(
      input: { tenantId: number; teamId: number; personId: number; date: string; status: StandupRunStatus; answers?: StandupAnswers | null; late?: boolean; at: Date },
      trx: Database = db,
    ): Promise<StandupRun> {
      const answered = input.status === "answered" ? input.at : null;
      const values = {
        status: input.status,
        ...(input.answers !== undefined ? { answers: input.answers ? JSON.stringify(input.answers) : null } : {}),
        ...(input.late !== undefined ? { late: input.late } : {}),
        answered_at: answered,
        updated_at: input.at,
      };
      const row = await trx
        .insertInto("standup_runs")
        .values({ tenant_id: input.tenantId, team_id: input.teamId, person_id: input.personId, local_date: input.date, ...values })
        .onConflict((oc) => oc.columns(["team_id", "person_id", "local_date"]).doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRun(row);
    },

    async deleteRun(runId: string, trx: Database = db): Promise<void> {
      await trx.deleteFrom("standup_runs").where("id", "=", runId).execute();
    },

    /** The summary posted for a team's date, if any. */
    async summary(teamId: number, date: string, trx: Database = db): Promise<{ deliveryKey: string; revision: number } | null> {
      const row = await trx.selectFrom("standup_summaries").select(["delivery_key", "revision"]).where("team_id", "=", teamId).where("local_date", "=", date).executeTakeFirst();
      return row ? { deliveryKey: row.delivery_key, revision: row.revision } : null;
    },
  };
}
