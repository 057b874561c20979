import { registerPermissions, type AnyCommandSpec } from "../core/command.js";
import { registerLocales } from "../core/i18n.js";
import type { ConversationHandler } from "../core/dispatcher.js";
import type { DirectRoute } from "../core/direct-route.js";
import type { InboundHooks } from "../core/hooks.js";
import type { OccurrenceSchedule } from "../schedule/occurrence.js";
import type { FeatureServices } from "../services.js";
import type { AnyFeature, FeatureDeps, FeatureJob, PersonalData } from "./define.js";
import { featureJobs } from "./jobs.js";
import { createFeatureReads } from "./reads.js";

/** Everything the features brought, gathered for the composition root. */
export interface ComposedFeatures {
  commands: AnyCommandSpec[];
  services: FeatureServices;
  schedules: OccurrenceSchedule[];
  conversations: ConversationHandler[];
  hooks: { feature: string; hooks: InboundHooks }[];
  /** Feature jobs by their queued name, `<feature>.<job>`. */
  jobs: Map<string, FeatureJob<unknown>>;
  personalData: { feature: string; data: PersonalData }[];
  /** The features' HTTP routes, served beside the platforms' webhooks. */
  routes: DirectRoute[];
  /** Which feature owns each table. */
  tables: Map<string, string>;
}

/** The commands of a feature list, in list order (what `help` shows); a command word claimed twice is an error. */
export function commandsOf(list: readonly AnyFeature[]): AnyCommandSpec[] {
  const seen = new Map<string, string>();
  const out: AnyCommandSpec[] = [];
  for (const feature of list) {
    for (const spec of feature.commands ?? []) {
      for (const words of [spec.name, ...(spec.aliases ?? [])]) {
        const owner = seen.get(words);
        if (owner) throw new Error(`command "${words}" of feature ${feature.name} is already declared by ${owner}`);
        seen.set(words, feature.name);
      }
      out.push(spec);
    }
  }
  return out;
}

/** Which feature owns each table; a table claimed by two features is an error. */
export function tablesOf(list: readonly AnyFeature[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const feature of list) {
    for (const table of [...(feature.tables ?? []), ...(feature.sharedTables ?? [])]) {
      const owner = owners.get(table);
      if (owner) throw new Error(`table ${table} of feature ${feature.name} is already owned by ${owner}`);
      owners.set(table, feature.name);
    }
  }
  return owners;
}

/** Builds each feature in list order, handing every one the read APIs of those before it. */
export async function composeFeatures(list: readonly AnyFeature[], deps: Omit<FeatureDeps, "reads" | "jobs">): Promise<ComposedFeatures> {
  const names = new Set<string>();
  for (const feature of list) {
    if (names.has(feature.name)) throw new Error(`feature ${feature.name} is listed twice`);
    names.add(feature.name);
  }
  const reads = createFeatureReads();
  const composed: ComposedFeatures = {
    commands: commandsOf(list),
    services: {} as FeatureServices,
    schedules: [],
    conversations: [],
    hooks: [],
    jobs: new Map(),
    personalData: [],
    routes: [],
    tables: tablesOf(list),
  };
  const services = composed.services as unknown as Record<string, unknown>;
  for (const feature of list) {
    if (feature.locales) registerLocales(feature.locales, feature.name);
    if (feature.permissions) registerPermissions(feature.name, feature.permissions);
  }
  for (const feature of list) {
    const parts = (await feature.build?.({ ...deps, reads, jobs: featureJobs(deps.queue, feature.name) })) ?? {};
    if (parts.services !== undefined) services[feature.name] = parts.services;
    if (parts.read !== undefined) reads.set(feature.name, parts.read);
    composed.schedules.push(...(parts.schedules ?? []));
    composed.conversations.push(...(parts.conversations ?? []));
    if (parts.hooks) composed.hooks.push({ feature: feature.name, hooks: parts.hooks });
    for (const job of parts.jobs ?? []) composed.jobs.set(`${feature.name}.${job.name}`, job);
    if (parts.personalData) {
      composed.personalData.push({ feature: feature.name, data: parts.personalData });
      deps.core.personalData.register(feature.name, parts.personalData);
    }
    composed.routes.push(...(parts.routes ?? []));
    if (parts.decisions) deps.core.decisions.register(feature.name, parts.decisions);
  }
  return composed;
}
