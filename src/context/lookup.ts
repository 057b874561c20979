import { sql } from "kysely";
import type { PlatformId } from "../core/adapter.js";
import { ROLES, type Role } from "../core/command.js";
import { isLocale, type Locale } from "../core/i18n.js";
import type { Database } from "../db/database.js";

/** Everything the dispatcher needs about who is asking, as one round trip reads it. */
export interface ContextRow {
  tenant: { id: number; locale: Locale; timezone: string };
  /** Null when the platform user has no identity in the tenant yet (first sight: the resolver creates one). */
  person: {
    id: number;
    displayName: string;
    locale: Locale | null;
    /** The person's own time zone, when they set one. */
    timezone: string | null;
    currentProjectId: number | null;
    /** Projects the person belongs to, by project id, with their roles in each (ROLES order). */
    memberships: { id: number; key: string; name: string; timezone: string; roles: Role[] }[];
    /** The person's teams, by team id: which project each belongs to and its language. */
    teams: { projectId: number; locale: Locale; timezone: string }[];
    /** Whether the tenant has no admin yet or this person is one (first set-up lets everyone act as admin). */
    tenantAdmin: boolean;
    /** Scopes in which the person has a live guided conversation. */
    openScopes: string[];
  } | null;
}

interface Raw {
  tenant_id: number;
  tenant_locale: string;
  tenant_timezone: string;
  person_id: number | null;
  display_name: string | null;
  person_locale: string | null;
  person_timezone: string | null;
  current_project_id: number | null;
  memberships: { id: number; key: string; name: string; timezone: string; role: string }[] | string | null;
  teams: { project_id: number; locale: string; timezone: string }[] | string | null;
  admin_id: number | null;
  open_scopes: string[] | string | null;
}

const parsed = <T>(value: T | string | null): T | null => (typeof value === "string" ? (JSON.parse(value) as T) : value);

/**
 * Tenant, person, memberships, teams, tenant-admin standing and open guided conversations in one query: the same
 * answers as tenants.find, people.resolveActor (for a known identity), projects.projectsOf, teams.teamsOf,
 * projects.isTenantAdmin and conversations.get, which a command otherwise pays six round trips for. Null when the
 * tenant is unknown.
 */
export async function lookupContext(db: Database, platform: PlatformId, externalTenantId: string, userId: string, now: Date): Promise<ContextRow | null> {
  const { rows } = await sql<Raw>`
    select t.id as tenant_id, t.locale as tenant_locale, t.timezone as tenant_timezone,
      p.id as person_id, p.display_name, p.locale as person_locale, p.timezone as person_timezone, p.current_project_id,
      (select json_agg(json_build_object('id', pr.id, 'key', pr.key, 'name', pr.name, 'timezone', pr.timezone, 'role', m.role) order by pr.id)
        from memberships m join projects pr on pr.id = m.project_id where m.tenant_id = t.id and m.person_id = p.id) as memberships,
      (select json_agg(json_build_object('project_id', tm.project_id, 'locale', tm.locale, 'timezone', tm.timezone) order by tm.id)
        from team_members x join teams tm on tm.id = x.team_id where x.tenant_id = t.id and x.person_id = p.id) as teams,
      (select a.person_id from memberships a where a.tenant_id = t.id and a.role = 'admin' order by a.person_id = p.id desc limit 1) as admin_id,
      (select json_agg(g.scope) from guided_conversations g where g.tenant_id = t.id and g.person_id = p.id and g.expires_at > ${now}) as open_scopes
    from tenants t
    left join lateral (
      select people.* from identities i join people on people.id = i.person_id
      where i.tenant_id = t.id and i.platform = ${platform} and i.user_id = ${userId} limit 1
    ) p on true
    where t.platform = ${platform} and t.external_id = ${externalTenantId}`.execute(db);
  const row = rows[0];
  if (!row) return null;
  const tenant = { id: row.tenant_id, locale: isLocale(row.tenant_locale) ? row.tenant_locale : "en", timezone: row.tenant_timezone } as const;
  if (row.person_id === null) return { tenant, person: null };
  const byProject = new Map<number, { id: number; key: string; name: string; timezone: string; roles: string[] }>();
  for (const m of parsed(row.memberships) ?? []) {
    const entry = byProject.get(m.id) ?? { id: m.id, key: m.key, name: m.name, timezone: m.timezone, roles: [] };
    entry.roles.push(m.role);
    byProject.set(m.id, entry);
  }
  const memberships = [...byProject.values()].map((e) => ({ ...e, roles: ROLES.filter((r) => e.roles.includes(r)) }));
  return {
    tenant,
    person: {
      id: row.person_id,
      displayName: row.display_name ?? "",
      locale: isLocale(row.person_locale) ? row.person_locale : null,
      timezone: row.person_timezone,
      currentProjectId: row.current_project_id,
      memberships,
      teams: (parsed(row.teams) ?? []).map((tm) => ({ projectId: tm.project_id, locale: isLocale(tm.locale) ? tm.locale : "en", timezone: tm.timezone })),
      tenantAdmin: memberships.some((m) => m.roles.includes("admin")) || row.admin_id === null || row.admin_id === row.person_id,
      openScopes: parsed(row.open_scopes) ?? [],
    },
  };
}
