import { sql } from "kysely";
import type { Database } from "../db/database.js";

/** A project's nag ladder: heads-up lead, and when A, then the sponsor, hear of an overdue task (working days). */
export interface RaciSettings {
  headsUpDays: number;
  escalateAfter: number;
  sponsorAfter: number;
}

export const DEFAULT_RACI_SETTINGS: RaciSettings = { headsUpDays: 1, escalateAfter: 2, sponsorAfter: 5 };
/** Bounds of each setting (the tick looks this far ahead for heads-ups). */
export const RACI_SETTING_LIMITS: Record<keyof RaciSettings, [number, number]> = { headsUpDays: [0, 5], escalateAfter: [1, 30], sponsorAfter: [1, 60] };

const count = (value: unknown, key: keyof RaciSettings): number => {
  const [min, max] = RACI_SETTING_LIMITS[key];
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max ? value : DEFAULT_RACI_SETTINGS[key];
};

/** Reads the `raci` entry of a project's settings, defaults for anything missing or out of bounds. */
export function raciSettingsOf(settings: Record<string, unknown>): RaciSettings {
  const raw = settings.raci;
  const entry = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  return { headsUpDays: count(entry.headsUpDays, "headsUpDays"), escalateAfter: count(entry.escalateAfter, "escalateAfter"), sponsorAfter: count(entry.sponsorAfter, "sponsorAfter") };
}

/** A project's RACI settings. */
export async function loadRaciSettings(db: Database, projectId: number): Promise<RaciSettings> {
  const row = await db.selectFrom("projects").select("settings").where("id", "=", projectId).executeTakeFirst();
  return raciSettingsOf(row?.settings ?? {});
}

/** Changes some of a project's RACI settings (merged into `settings.raci`, other settings untouched). */
export async function saveRaciSettings(db: Database, projectId: number, changes: Partial<RaciSettings>): Promise<RaciSettings> {
  const current = await loadRaciSettings(db, projectId);
  const next = { ...current, ...changes };
  await db
    .updateTable("projects")
    .set({ settings: sql<string>`coalesce(settings, '{}'::jsonb) || jsonb_build_object('raci', ${JSON.stringify(next)}::jsonb)` })
    .where("id", "=", projectId)
    .execute();
  return next;
}
