import type { ProjectService } from "../projects/service.js";

/** A project's adoption settings: test mode computes everything and shows it to admins only; the licensed seat count. */
export interface AdoptionSettings {
  mode: "test" | "live";
  licensed: number | null;
}

export function createSettings(projects: ProjectService) {
  const read = async (projectId: number): Promise<AdoptionSettings> => {
    const raw = await projects.settingsSection(projectId, "adoption");
    return { mode: raw.mode === "test" ? "test" : "live", licensed: typeof raw.licensed === "number" ? raw.licensed : null };
  };
  return {
    read,
    async update(projectId: number, changes: Partial<AdoptionSettings>): Promise<AdoptionSettings> {
      const next = { ...(await read(projectId)), ...changes };
      await projects.saveSettingsSection(projectId, "adoption", { ...next });
      return next;
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettings>;
