import type { Role } from "../core/command.js";
import type { ProjectService } from "../projects/service.js";

/** Roles that may receive and preview a digest: its decisions and figures are for those who steer the project. */
export const READER_ROLES: readonly Role[] = ["sponsor", "pm", "admin"];
/** Roles the PM may add as recipients beside the sponsors (who always get it). */
export const OPTIONAL_ROLES: readonly Role[] = ["pm", "admin"];

/** When and to whom, per project (`digest time`, `digest recipients`). Weekday 1 = Monday … 7 = Sunday. */
export interface DigestSettings {
  weekday: number;
  time: string;
  /** Roles that get a copy beside the sponsors (default: the PM). */
  roles: Role[];
}

export const DEFAULT_SETTINGS: DigestSettings = { weekday: 1, time: "09:00", roles: ["pm"] };

/** The digest settings from a project's settings section (defaults for what is missing or wrong). */
export function parseDigestSettings(raw: Record<string, unknown>): DigestSettings {
  const weekday = typeof raw.weekday === "number" && raw.weekday >= 1 && raw.weekday <= 7 ? raw.weekday : DEFAULT_SETTINGS.weekday;
  const time = typeof raw.time === "string" && /^\d{2}:\d{2}$/.test(raw.time) ? raw.time : DEFAULT_SETTINGS.time;
  const roles = Array.isArray(raw.roles) ? (raw.roles.filter((r) => (OPTIONAL_ROLES as readonly unknown[]).includes(r)) as Role[]) : DEFAULT_SETTINGS.roles;
  return { weekday, time, roles };
}

/** The digest's section of the project settings. */
export function createDigestSettings(projects: Pick<ProjectService, "settingsSection" | "saveSettingsSection">) {
  return {
    async read(projectId: number): Promise<DigestSettings> {
      return parseDigestSettings(await projects.settingsSection(projectId, "digest"));
    },
    async update(projectId: number, changes: Partial<DigestSettings>): Promise<DigestSettings> {
      const next = { ...parseDigestSettings(await projects.settingsSection(projectId, "digest")), ...changes };
      await projects.saveSettingsSection(projectId, "digest", { ...next });
      return next;
    },
  };
}

export type DigestSettingsStore = ReturnType<typeof createDigestSettings>;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * Whether the weekday and time can fall in the window in any zone on Earth (UTC−12 … UTC+14, quarter hours): a
 * cheap test that spares the other ticks of the week every per-project query.
 */
export function mightBeDue(settings: Pick<DigestSettings, "weekday" | "time">, window: { from: Date; to: Date }): boolean {
  const [h, m] = settings.time.split(":").map(Number);
  const at = (h! * 60 + m!) * MINUTE_MS;
  for (let offset = -12 * 60; offset <= 14 * 60; offset += 15) {
    const from = window.from.getTime() + offset * MINUTE_MS;
    const to = window.to.getTime() + offset * MINUTE_MS;
    for (let d = Math.floor(from / DAY_MS); d <= Math.floor(to / DAY_MS); d++) {
      const isoWeekday = ((new Date(d * DAY_MS).getUTCDay() + 6) % 7) + 1;
      const instant = d * DAY_MS + at;
      if (isoWeekday === settings.weekday && instant > from && instant <= to) return true;
    }
  }
  return false;
}
