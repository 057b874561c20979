import type { Migration } from "kysely";
import { coreMigrations } from "../../migrations/index.js";
import { features } from "../features.js";
import type { AnyFeature } from "./define.js";

/** The core's and every feature's migrations, by name; two features naming the same migration is a start-up error. */
export function migrationsOf(list: readonly AnyFeature[]): Record<string, Migration> {
  const all: Record<string, Migration> = { ...coreMigrations };
  for (const feature of list) {
    for (const [name, migration] of Object.entries(feature.migrations ?? {})) {
      if (name in all) throw new Error(`migration ${name} of feature ${feature.name} is declared twice`);
      all[name] = migration;
    }
  }
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Every migration of the feature list. */
export const allMigrations: Record<string, Migration> = migrationsOf(features);
