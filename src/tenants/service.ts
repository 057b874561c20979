import type { PlatformId } from "../core/adapter.js";
import { isLocale, type Locale } from "../core/i18n.js";
import type { Database } from "../db/database.js";
import type { TenantRow } from "../db/schema.js";

export interface Tenant {
  id: number;
  platform: PlatformId;
  externalId: string;
  name: string;
  locale: Locale;
  timezone: string;
}

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    platform: row.platform as PlatformId,
    externalId: row.external_id,
    name: row.name,
    locale: isLocale(row.locale) ? row.locale : "en",
    timezone: row.timezone,
  };
}

export type TenantService = ReturnType<typeof createTenantService>;

/** Tenants: one per platform workspace or corp. */
export function createTenantService(db: Database) {
  return {
    async find(platform: PlatformId, externalId: string): Promise<Tenant | null> {
      const row = await db
        .selectFrom("tenants")
        .selectAll()
        .where("platform", "=", platform)
        .where("external_id", "=", externalId)
        .executeTakeFirst();
      return row ? toTenant(row) : null;
    },

    async get(id: number): Promise<Tenant> {
      return toTenant(await db.selectFrom("tenants").selectAll().where("id", "=", id).executeTakeFirstOrThrow());
    },

    /** Registers a workspace (idempotent): the first call wins the name, locale and time zone. */
    async ensure(platform: PlatformId, externalId: string, defaults: { name: string; locale: Locale; timezone: string }): Promise<Tenant> {
      await db
        .insertInto("tenants")
        .values({ platform, external_id: externalId, name: defaults.name, locale: defaults.locale, timezone: defaults.timezone })
        .onConflict((oc) => oc.columns(["platform", "external_id"]).doNothing())
        .execute();
      const tenant = await this.find(platform, externalId);
      if (!tenant) throw new Error("tenant vanished after insert");
      return tenant;
    },
  };
}
