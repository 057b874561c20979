import { sql } from "kysely";
import { ROLES, type Role } from "../core/command.js";
import type { Database } from "../db/database.js";
import { prepared } from "../db/prepared.js";
import type { ProjectRow } from "../db/schema.js";

export const PHASES = ["planning", "design", "build", "uat", "training", "cutover", "hypercare", "closed"] as const;
export type Phase = (typeof PHASES)[number];

export interface Project {
  id: number;
  tenantId: number;
  key: string;
  name: string;
  phase: Phase;
  goLiveDate: string | null;
  timezone: string;
  settings: Record<string, unknown>;
}

export interface Member {
  personId: number;
  displayName: string;
  roles: Role[];
}

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    key: row.key,
    name: row.name,
    phase: (PHASES as readonly string[]).includes(row.phase) ? (row.phase as Phase) : "planning",
    goLiveDate: row.go_live_date,
    timezone: row.timezone,
    settings: row.settings,
  };
}

function toRoles(values: string[]): Role[] {
  return ROLES.filter((r) => values.includes(r));
}

/** Derives a short project key from its name: ASCII words lowercased and joined, or "p" + a number. */
export function projectKeyFrom(name: string, taken: ReadonlySet<string>): string {
  const ascii = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .split("-")
    .slice(0, 2)
    .join("-");
  const base = ascii.length >= 2 ? ascii.slice(0, 24) : "p";
  if (!taken.has(base) && base !== "p") return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

export type ProjectService = ReturnType<typeof createProjectService>;

/** CRM roll-out projects and their memberships (person × role), always within one tenant. */
export function createProjectService(db: Database) {
  // Read by most commands (project show, member list, every fan-out's audience): compiled once, not built per call.
  const selectProject = prepared(db, (tenantId: number, id: number) => db.selectFrom("projects").selectAll().where("tenant_id", "=", tenantId).where("id", "=", id));
  const selectMembers = prepared(db, (tenantId: number, projectId: number) =>
    db
      .selectFrom("memberships")
      .innerJoin("people", "people.id", "memberships.person_id")
      .select(["people.id as personId", "people.display_name as displayName", "memberships.role"])
      .where("memberships.tenant_id", "=", tenantId)
      .where("memberships.project_id", "=", projectId)
      .orderBy("people.display_name"),
  );

  const get = async (tenantId: number, id: number): Promise<Project | null> => {
    const row = (await selectProject(tenantId, id)).rows[0];
    return row ? toProject(row) : null;
  };

  const rolesOf = async (tenantId: number, projectId: number, personId: number): Promise<Role[]> => {
    const rows = await db
      .selectFrom("memberships")
      .select("role")
      .where("tenant_id", "=", tenantId)
      .where("project_id", "=", projectId)
      .where("person_id", "=", personId)
      .execute();
    return toRoles(rows.map((r) => r.role));
  };

  return {
    get,
    rolesOf,

    async list(tenantId: number): Promise<Project[]> {
      const rows = await db.selectFrom("projects").selectAll().where("tenant_id", "=", tenantId).orderBy("id").execute();
      return rows.map(toProject);
    },

    /** Finds a project by key, id or (case-insensitive) name. */
    async find(tenantId: number, ref: string): Promise<Project | null> {
      const needle = ref.trim();
      const row = await db
        .selectFrom("projects")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where((eb) =>
          eb.or([
            eb("key", "=", needle.toLowerCase()),
            eb(sql<string>`lower(name)`, "=", needle.toLowerCase()),
            ...(/^\d+$/.test(needle) ? [eb("id", "=", Number(needle))] : []),
          ]),
        )
        .orderBy("id")
        .executeTakeFirst();
      return row ? toProject(row) : null;
    },

    async create(
      tenantId: number,
      input: { name: string; key?: string; timezone: string; goLiveDate?: string | null; phase?: Phase; ownerId: number; ownerRoles: Role[] },
    ): Promise<Project> {
      return db.transaction().execute(async (trx) => {
        const taken = new Set((await trx.selectFrom("projects").select("key").where("tenant_id", "=", tenantId).execute()).map((r) => r.key));
        const key = input.key ?? projectKeyFrom(input.name, taken);
        const row = await trx
          .insertInto("projects")
          .values({
            tenant_id: tenantId,
            key,
            name: input.name,
            phase: input.phase ?? "planning",
            go_live_date: input.goLiveDate ?? null,
            timezone: input.timezone,
            settings: "{}",
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        for (const role of input.ownerRoles) {
          await trx.insertInto("memberships").values({ tenant_id: tenantId, project_id: row.id, person_id: input.ownerId, role }).execute();
        }
        return toProject(row);
      });
    },

    async setPhase(tenantId: number, projectId: number, phase: Phase): Promise<void> {
      await db.updateTable("projects").set({ phase }).where("tenant_id", "=", tenantId).where("id", "=", projectId).execute();
    },

    async setGoLiveDate(tenantId: number, projectId: number, date: string | null): Promise<void> {
      await db.updateTable("projects").set({ go_live_date: date }).where("tenant_id", "=", tenantId).where("id", "=", projectId).execute();
    },

    /** Adds a role; returns false when the person already had it. */
    async addMember(tenantId: number, projectId: number, personId: number, role: Role): Promise<boolean> {
      const result = await db
        .insertInto("memberships")
        .values({ tenant_id: tenantId, project_id: projectId, person_id: personId, role })
        .onConflict((oc) => oc.columns(["project_id", "person_id", "role"]).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /** Removes one role, or every role when none is given; returns how many were removed. */
    async removeMember(tenantId: number, projectId: number, personId: number, role?: Role): Promise<number> {
      const result = await db
        .deleteFrom("memberships")
        .where("tenant_id", "=", tenantId)
        .where("project_id", "=", projectId)
        .where("person_id", "=", personId)
        .$if(role !== undefined, (q) => q.where("role", "=", role ?? ""))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async members(tenantId: number, projectId: number, role?: Role): Promise<Member[]> {
      // With a role: only the people who hold it (each with all their roles), not every member of a big project.
      const rows =
        role === undefined
          ? (await selectMembers(tenantId, projectId)).rows
          : await db
              .selectFrom("memberships")
              .innerJoin("people", "people.id", "memberships.person_id")
              .select(["people.id as personId", "people.display_name as displayName", "memberships.role"])
              .where("memberships.tenant_id", "=", tenantId)
              .where("memberships.project_id", "=", projectId)
              .where("memberships.person_id", "in", (eb) => eb.selectFrom("memberships as r").select("r.person_id").where("r.project_id", "=", projectId).where("r.role", "=", role))
              .orderBy("people.display_name")
              .execute();
      const byPerson = new Map<number, { displayName: string; roles: string[] }>();
      for (const r of rows) {
        const entry = byPerson.get(r.personId) ?? { displayName: r.displayName, roles: [] };
        entry.roles.push(r.role);
        byPerson.set(r.personId, entry);
      }
      return [...byPerson.entries()]
        .map(([personId, e]) => ({ personId, displayName: e.displayName, roles: toRoles(e.roles) }))
        .filter((m) => role === undefined || m.roles.includes(role));
    },

    /** The projects a person belongs to. */
    async projectsOf(tenantId: number, personId: number): Promise<{ project: Project; roles: Role[] }[]> {
      const rows = await db
        .selectFrom("memberships")
        .innerJoin("projects", "projects.id", "memberships.project_id")
        .selectAll("projects")
        .select("memberships.role")
        .where("memberships.tenant_id", "=", tenantId)
        .where("memberships.person_id", "=", personId)
        .orderBy("projects.id")
        .execute();
      const byProject = new Map<number, { project: Project; roles: string[] }>();
      for (const r of rows) {
        const entry = byProject.get(r.id) ?? { project: toProject(r), roles: [] };
        entry.roles.push(r.role);
        byProject.set(r.id, entry);
      }
      return [...byProject.values()].map((e) => ({ project: e.project, roles: toRoles(e.roles) }));
    },

    /** Who holds a role in any of these projects (set-based, for schedules and fan-outs). */
    async holders(projectIds: readonly number[], role: Role): Promise<{ tenantId: number; projectId: number; personId: number }[]> {
      if (projectIds.length === 0) return [];
      const out: { tenantId: number; projectId: number; personId: number }[] = [];
      for (let i = 0; i < projectIds.length; i += 1000) {
        const rows = await db
          .selectFrom("memberships")
          .select(["tenant_id", "project_id", "person_id"])
          .where("role", "=", role)
          .where("project_id", "in", projectIds.slice(i, i + 1000))
          .execute();
        for (const r of rows) out.push({ tenantId: r.tenant_id, projectId: r.project_id, personId: r.person_id });
      }
      return out;
    },

    /** The projects in which each of these people holds a role. */
    async heldBy(personIds: readonly number[], role: Role): Promise<{ personId: number; projectId: number }[]> {
      if (personIds.length === 0) return [];
      const rows = await db.selectFrom("memberships").select(["person_id", "project_id"]).where("role", "=", role).where("person_id", "in", [...personIds]).execute();
      return rows.map((r) => ({ personId: r.person_id, projectId: r.project_id }));
    },

    /** How many projects each of these people belongs to (people in none are left out). */
    async projectCounts(personIds: readonly number[]): Promise<Map<number, number>> {
      const out = new Map<number, number>();
      if (personIds.length === 0) return out;
      const rows = await db
        .selectFrom("memberships")
        .select(["person_id", sql<number>`count(distinct project_id)`.as("projects")])
        .where("person_id", "in", [...personIds])
        .groupBy("person_id")
        .execute();
      for (const r of rows) out.set(r.person_id, Number(r.projects));
      return out;
    },

    /** One feature's section of a project's settings (`{}` when it has none). */
    async settingsSection(projectId: number, section: string): Promise<Record<string, unknown>> {
      const row = await db.selectFrom("projects").select("settings").where("id", "=", projectId).executeTakeFirst();
      const value = row?.settings?.[section];
      return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
    },

    /** Replaces one feature's section of a project's settings; other sections are untouched. */
    async saveSettingsSection(projectId: number, section: string, value: Record<string, unknown>): Promise<void> {
      await db
        .updateTable("projects")
        .set({ settings: sql<string>`coalesce(settings, '{}'::jsonb) || jsonb_build_object(${section}::text, ${JSON.stringify(value)}::jsonb)` })
        .where("id", "=", projectId)
        .execute();
    },

    /** Whether the person administers the tenant: admin of any project, or nobody is yet (bootstrap). */
    async isTenantAdmin(tenantId: number, personId: number): Promise<boolean> {
      // A workspace with no admin yet lets everyone act as one (the first set-up); otherwise only its admins.
      const admin = await db.selectFrom("memberships").select(["person_id"]).where("tenant_id", "=", tenantId).where("role", "=", "admin").orderBy(sql`person_id = ${personId}`, "desc").limit(1).executeTakeFirst();
      return admin === undefined || admin.person_id === personId;
    },
  };
}
