import type { ProjectService } from "../projects/service.js";

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

/** Where a project's settings live: the projects feature keeps them, RACI reads and writes its own section. */
export type SettingsStore = Pick<ProjectService, "settingsSection" | "saveSettingsSection">;

/** A project's RACI settings. */
export async function loadRaciSettings(projects: SettingsStore, projectId: number): Promise<RaciSettings> {
  return raciSettingsOf({ raci: await projects.settingsSection(projectId, "raci") });
}

/** Changes some of a project's RACI settings (merged into `settings.raci`, other settings untouched). */
export async function saveRaciSettings(projects: SettingsStore, projectId: number, changes: Partial<RaciSettings>): Promise<RaciSettings> {
  const next = { ...(await loadRaciSettings(projects, projectId)), ...changes };
  await projects.saveSettingsSection(projectId, "raci", { ...next });
  return next;
}
