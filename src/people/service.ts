import { sql } from "kysely";
import type { Actor, PlatformId } from "../core/adapter.js";
import { isLocale, type Locale } from "../core/i18n.js";
import type { Database } from "../db/database.js";
import type { PersonRow } from "../db/schema.js";
import { resolvePersonSettings, type PersonSettings } from "./settings.js";

export interface Person {
  id: number;
  tenantId: number;
  displayName: string;
  email: string | null;
  mobile: string | null;
  locale: Locale | null;
  timezone: string | null;
  workStart: string | null;
  workEnd: string | null;
  currentProjectId: number | null;
}

export interface Identity {
  platform: PlatformId;
  userId: string;
}

export type PersonReference =
  | { kind: "email"; value: string }
  | { kind: "mobile"; value: string }
  | { kind: "user"; value: string }
  | { kind: "name"; value: string };

export type PersonLookup = { kind: "found"; person: Person } | { kind: "ambiguous"; people: Person[] } | { kind: "none" };

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    displayName: row.display_name,
    email: row.email,
    mobile: row.mobile,
    locale: isLocale(row.locale) ? row.locale : null,
    timezone: row.timezone,
    workStart: row.work_start,
    workEnd: row.work_end,
    currentProjectId: row.current_project_id,
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MOBILE = /^\+?[0-9][0-9 -]{5,19}$/;

/** Reads how a person was named in a command: an email, a mobile number, @user-id, or a display name. */
export function readPersonReference(text: string): PersonReference {
  const value = text.trim();
  if (EMAIL.test(value)) return { kind: "email", value: value.toLowerCase() };
  if (MOBILE.test(value)) return { kind: "mobile", value: value.replace(/[ -]/g, "") };
  if (value.startsWith("@") || value.startsWith("＠")) return { kind: "user", value: value.slice(1) };
  return { kind: "name", value };
}

export type PeopleService = ReturnType<typeof createPeopleService>;

/** People and their platform identities, always within one tenant. */
export function createPeopleService(db: Database) {
  const byId = async (tenantId: number, id: number): Promise<Person | null> => {
    const row = await db.selectFrom("people").selectAll().where("tenant_id", "=", tenantId).where("id", "=", id).executeTakeFirst();
    return row ? toPerson(row) : null;
  };

  const linkIdentity = async (tenantId: number, personId: number, platform: PlatformId, userId: string): Promise<void> => {
    await db
      .insertInto("identities")
      .values({ tenant_id: tenantId, person_id: personId, platform, user_id: userId })
      .onConflict((oc) => oc.columns(["tenant_id", "platform", "user_id"]).doNothing())
      .execute();
  };

  const findByUser = async (tenantId: number, platform: PlatformId, userId: string): Promise<Person | null> => {
    const row = await db
      .selectFrom("identities")
      .innerJoin("people", "people.id", "identities.person_id")
      .selectAll("people")
      .where("identities.tenant_id", "=", tenantId)
      .where("identities.platform", "=", platform)
      .where("identities.user_id", "=", userId)
      .executeTakeFirst();
    return row ? toPerson(row) : null;
  };

  return {
    get: byId,
    linkIdentity,
    findByUser,

    async create(
      tenantId: number,
      input: { displayName: string; email?: string | null; mobile?: string | null; locale?: Locale | null; timezone?: string | null },
    ): Promise<Person> {
      const row = await db
        .insertInto("people")
        .values({
          tenant_id: tenantId,
          display_name: input.displayName,
          email: input.email?.toLowerCase() ?? null,
          mobile: input.mobile ?? null,
          locale: input.locale ?? null,
          timezone: input.timezone ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPerson(row);
    },

    /** The person behind a platform user, created (or linked by email) on first sight. */
    async resolveActor(tenantId: number, actor: Actor): Promise<Person> {
      const known = await findByUser(tenantId, actor.platform, actor.userId);
      if (known) return known;
      let person: Person | null = null;
      if (actor.email) {
        const row = await db
          .selectFrom("people")
          .selectAll()
          .where("tenant_id", "=", tenantId)
          .where(sql<string>`lower(email)`, "=", actor.email.toLowerCase())
          .executeTakeFirst();
        person = row ? toPerson(row) : null;
      }
      person ??= await this.create(tenantId, { displayName: actor.displayName || actor.userId, email: actor.email ?? null, mobile: actor.mobile ?? null });
      await linkIdentity(tenantId, person.id, actor.platform, actor.userId);
      return (await findByUser(tenantId, actor.platform, actor.userId)) ?? person;
    },

    async identities(tenantId: number, personId: number): Promise<Identity[]> {
      const rows = await db
        .selectFrom("identities")
        .select(["platform", "user_id"])
        .where("tenant_id", "=", tenantId)
        .where("person_id", "=", personId)
        .orderBy("id")
        .execute();
      return rows.map((r) => ({ platform: r.platform as PlatformId, userId: r.user_id }));
    },

    /** Finds people in the tenant by a reference; names match case-insensitively: whole, a whole part (`Liu Yang` of `刘洋 Liu Yang`), or a unique prefix. */
    async lookup(tenantId: number, ref: PersonReference, platform?: PlatformId): Promise<PersonLookup> {
      let rows: PersonRow[];
      const base = db.selectFrom("people").selectAll("people").where("people.tenant_id", "=", tenantId);
      if (ref.kind === "email") rows = await base.where(sql<string>`lower(people.email)`, "=", ref.value).execute();
      else if (ref.kind === "mobile") rows = await base.where("people.mobile", "=", ref.value).execute();
      else if (ref.kind === "user") {
        rows = await base
          .innerJoin("identities", "identities.person_id", "people.id")
          .where("identities.user_id", "=", ref.value)
          .$if(platform !== undefined, (q) => q.where("identities.platform", "=", platform ?? ""))
          .execute();
      } else {
        const needle = ref.value.toLowerCase();
        const exact = await base
          .leftJoin("identities", "identities.person_id", "people.id")
          .where((eb) => eb.or([eb(sql<string>`lower(people.display_name)`, "=", needle), eb("identities.user_id", "=", ref.value)]))
          .execute();
        const like = needle.trim().replace(/\s+/g, " ").replace(/[%_\\]/g, "\\$&");
        // A whole part of the name ("Liu Yang" or "刘洋" of "刘洋 Liu Yang"), then a unique prefix.
        const part = exact.length > 0 ? [] : await base.where(sql<string>`' ' || regexp_replace(lower(people.display_name), '[[:space:]]+', ' ', 'g') || ' '`, "like", `% ${like} %`).execute();
        rows = exact.length > 0 ? exact : part.length > 0 ? part : await base.where(sql<string>`lower(people.display_name)`, "like", `${like}%`).execute();
      }
      const unique = [...new Map(rows.map((r) => [r.id, toPerson(r)])).values()];
      if (unique.length === 1 && unique[0]) return { kind: "found", person: unique[0] };
      return unique.length === 0 ? { kind: "none" } : { kind: "ambiguous", people: unique };
    },

    async setCurrentProject(tenantId: number, personId: number, projectId: number | null): Promise<void> {
      await db.updateTable("people").set({ current_project_id: projectId }).where("tenant_id", "=", tenantId).where("id", "=", personId).execute();
    },

    /** Sets or clears (null) the person's own language, time zone or working hours. */
    async update(tenantId: number, personId: number, changes: { locale?: Locale | null; timezone?: string | null; workStart?: string | null; workEnd?: string | null }): Promise<void> {
      await db
        .updateTable("people")
        .set({
          ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
          ...(changes.timezone !== undefined ? { timezone: changes.timezone } : {}),
          ...(changes.workStart !== undefined ? { work_start: changes.workStart } : {}),
          ...(changes.workEnd !== undefined ? { work_end: changes.workEnd } : {}),
        })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", personId)
        .execute();
    },

    /** The language a person is written to in (resolvePersonSettings); `fallback` for someone not (or no longer) there. */
    async localeOf(tenantId: number, personId: number, fallback: Locale): Promise<Locale> {
      return (await this.settingsOf(tenantId, [personId])).get(personId)?.locale ?? fallback;
    },

    /** localeOf for many people in one query: person id → language (absent for someone not there). */
    async localesOf(tenantId: number, personIds: readonly number[]): Promise<Map<number, Locale>> {
      return new Map([...(await this.settingsOf(tenantId, personIds))].map(([id, s]) => [id, s.locale] as const));
    },

    /**
     * What each person goes by — language, time zone, working hours, and where each comes from — by
     * resolvePersonSettings over their own settings, their first team's (lowest id) and the tenant's. One query.
     */
    async settingsOf(tenantId: number, personIds: readonly number[]): Promise<Map<number, PersonSettings>> {
      const out = new Map<number, PersonSettings>();
      const wanted = [...new Set(personIds)];
      for (let i = 0; i < wanted.length; i += 1000) {
        const chunk = wanted.slice(i, i + 1000);
        const rows = await sql<{
          id: number; locale: string | null; timezone: string | null; work_start: string | null; work_end: string | null;
          tenant_locale: string; tenant_timezone: string;
          team_id: number | null; team_name: string | null; team_locale: string | null; team_timezone: string | null; team_work_start: string | null; team_work_end: string | null;
        }>`
          select p.id, p.locale, p.timezone, p.work_start, p.work_end, tn.locale as tenant_locale, tn.timezone as tenant_timezone,
                 t.id as team_id, t.name as team_name, t.locale as team_locale, t.timezone as team_timezone, t.work_start as team_work_start, t.work_end as team_work_end
          from people p
          join tenants tn on tn.id = p.tenant_id
          left join lateral (
            select teams.* from team_members tm join teams on teams.id = tm.team_id
            where tm.person_id = p.id and tm.tenant_id = ${tenantId} order by teams.id limit 1) t on true
          where p.tenant_id = ${tenantId} and p.id in (${sql.join(chunk)})`.execute(db);
        for (const r of rows.rows) {
          const team = r.team_id === null ? undefined : { id: r.team_id, name: r.team_name ?? "", locale: r.team_locale ?? "", timezone: r.team_timezone ?? "", work_start: r.team_work_start ?? "", work_end: r.team_work_end ?? "" };
          out.set(r.id, resolvePersonSettings(r, team, { locale: r.tenant_locale, timezone: r.tenant_timezone }));
        }
      }
      return out;
    },
  };
}
