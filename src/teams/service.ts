import { sql } from "kysely";
import type { ConversationRef } from "../core/adapter.js";
import { isLocale, type Locale } from "../core/i18n.js";
import type { Database } from "../db/database.js";
import { prepared } from "../db/prepared.js";
import type { TeamRow } from "../db/schema.js";

export interface Team {
  id: number;
  tenantId: number;
  projectId: number;
  name: string;
  timezone: string;
  locale: Locale;
  workStart: string;
  workEnd: string;
  calendar: string;
  home: ConversationRef | null;
}

export interface TeamSettings {
  timezone?: string;
  locale?: Locale;
  workStart?: string;
  workEnd?: string;
  calendar?: string;
  home?: ConversationRef | null;
}

/** The columns a Team is read from, for queries that join teams to other tables. */
export const teamColumns = ["teams.id", "teams.tenant_id", "teams.project_id", "teams.name", "teams.timezone", "teams.locale", "teams.work_start", "teams.work_end", "teams.calendar", "teams.home_conversation"] as const;

/** A team row as the domain sees it. */
export function toTeam(row: Omit<TeamRow, "created_at">): Team {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    projectId: row.project_id,
    name: row.name,
    timezone: row.timezone,
    locale: isLocale(row.locale) ? row.locale : "en",
    workStart: row.work_start,
    workEnd: row.work_end,
    calendar: row.calendar,
    home: (row.home_conversation as ConversationRef | null) ?? null,
  };
}

/** The calendar a time zone's people most likely follow. */
export function defaultCalendarFor(timezone: string): string {
  if (/^Asia\/(Shanghai|Chongqing|Harbin|Urumqi|Hong_Kong|Macau)$/.test(timezone)) return "cn";
  if (timezone === "Europe/Berlin") return "de";
  if (/^America\/(New_York|Chicago|Denver|Los_Angeles|Phoenix|Anchorage)$/.test(timezone)) return "us";
  return "weekends";
}

export type TeamService = ReturnType<typeof createTeamService>;

/** Teams inside a project: their time zone, locale, work hours, calendar, home conversation and members. */
export function createTeamService(db: Database) {
  // A project's teams are read by project show and team list: compiled once, not built per call.
  const selectTeams = prepared(db, (tenantId: number, projectId: number) =>
    db
      .selectFrom("teams")
      .selectAll("teams")
      .select((eb) =>
        eb.selectFrom("team_members").select(sql<number>`count(*)::int`.as("n")).whereRef("team_members.team_id", "=", "teams.id").as("member_count"),
      )
      .where("teams.tenant_id", "=", tenantId)
      .where("teams.project_id", "=", projectId)
      .orderBy("teams.id"),
  );
  return {
    async list(tenantId: number, projectId: number): Promise<(Team & { memberCount: number })[]> {
      const { rows } = await selectTeams(tenantId, projectId);
      return rows.map((r) => ({ ...toTeam(r), memberCount: Number(r.member_count ?? 0) }));
    },

    async find(tenantId: number, projectId: number, name: string): Promise<Team | null> {
      const row = await db
        .selectFrom("teams")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("project_id", "=", projectId)
        .where((eb) => eb.or([eb(sql<string>`lower(name)`, "=", name.trim().toLowerCase()), ...(/^\d+$/.test(name) ? [eb("id", "=", Number(name))] : [])]))
        .executeTakeFirst();
      return row ? toTeam(row) : null;
    },

    /** Creates a team; returns null when the project already has one by that name. */
    async create(tenantId: number, projectId: number, input: { name: string; timezone: string; locale: Locale; calendar?: string }): Promise<Team | null> {
      const row = await db
        .insertInto("teams")
        .values({
          tenant_id: tenantId,
          project_id: projectId,
          name: input.name,
          timezone: input.timezone,
          locale: input.locale,
          calendar: input.calendar ?? defaultCalendarFor(input.timezone),
        })
        .onConflict((oc) => oc.expression(sql`project_id, lower(name)`).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? toTeam(row) : null;
    },

    async update(tenantId: number, teamId: number, settings: TeamSettings): Promise<void> {
      await db
        .updateTable("teams")
        .set({
          ...(settings.timezone ? { timezone: settings.timezone } : {}),
          ...(settings.locale ? { locale: settings.locale } : {}),
          ...(settings.workStart ? { work_start: settings.workStart } : {}),
          ...(settings.workEnd ? { work_end: settings.workEnd } : {}),
          ...(settings.calendar ? { calendar: settings.calendar } : {}),
          ...(settings.home !== undefined ? { home_conversation: settings.home ? JSON.stringify(settings.home) : null } : {}),
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", teamId)
        .execute();
    },

    async addMember(tenantId: number, teamId: number, personId: number): Promise<boolean> {
      const result = await db
        .insertInto("team_members")
        .values({ tenant_id: tenantId, team_id: teamId, person_id: personId })
        .onConflict((oc) => oc.columns(["team_id", "person_id"]).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async removeMember(tenantId: number, teamId: number, personId: number): Promise<boolean> {
      const result = await db
        .deleteFrom("team_members")
        .where("tenant_id", "=", tenantId)
        .where("team_id", "=", teamId)
        .where("person_id", "=", personId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async members(tenantId: number, teamId: number): Promise<{ personId: number; displayName: string }[]> {
      return db
        .selectFrom("team_members")
        .innerJoin("people", "people.id", "team_members.person_id")
        .select(["people.id as personId", "people.display_name as displayName"])
        .where("team_members.tenant_id", "=", tenantId)
        .where("team_members.team_id", "=", teamId)
        .orderBy("people.display_name")
        .execute();
    },

    /** Every team's members of a project in one read (by team id, each by name), for a board of all teams. */
    async membersByTeam(tenantId: number, projectId: number): Promise<Map<number, { personId: number; displayName: string }[]>> {
      const rows = await db
        .selectFrom("team_members")
        .innerJoin("teams", "teams.id", "team_members.team_id")
        .innerJoin("people", "people.id", "team_members.person_id")
        .select(["team_members.team_id as teamId", "people.id as personId", "people.display_name as displayName"])
        .where("team_members.tenant_id", "=", tenantId)
        .where("teams.project_id", "=", projectId)
        .orderBy("team_members.team_id")
        .orderBy("people.display_name")
        .execute();
      const byTeam = new Map<number, { personId: number; displayName: string }[]>();
      for (const r of rows) {
        const members = byTeam.get(r.teamId) ?? [];
        members.push({ personId: r.personId, displayName: r.displayName });
        byTeam.set(r.teamId, members);
      }
      return byTeam;
    },

    /** The teams a person is in, oldest first (the first one's locale and time zone apply to them). */
    async teamsOf(tenantId: number, personId: number): Promise<Team[]> {
      const rows = await db
        .selectFrom("team_members")
        .innerJoin("teams", "teams.id", "team_members.team_id")
        .selectAll("teams")
        .where("team_members.tenant_id", "=", tenantId)
        .where("team_members.person_id", "=", personId)
        .orderBy("teams.id")
        .execute();
      return rows.map(toTeam);
    },
  };
}
