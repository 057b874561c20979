import type { Migration } from "kysely";
import type { z } from "zod";
import type { PlatformId } from "../core/adapter.js";
import type { AttachmentReader } from "../core/attachments.js";
import type { AnyCommandSpec, FeaturePermission, Role } from "../core/command.js";
import type { DecisionSource } from "../core/decisions.js";
import type { PersonalData } from "../core/personal-data.js";
import type { DirectRoute } from "../core/direct-route.js";
import type { ConversationHandler } from "../core/dispatcher.js";
import type { InboundHooks } from "../core/hooks.js";
import type { LocaleFragment } from "../core/i18n.js";
import type { JobQueue } from "../core/queue.js";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { OccurrenceSchedule } from "../schedule/occurrence.js";
import type { CoreServices } from "../services.js";
import type { FeatureJobs } from "./jobs.js";
import type { FeatureReads } from "./reads.js";


/** What a feature's `build` receives from the composition root. */
export interface FeatureDeps {
  db: Database;
  queue: JobQueue;
  logger: Logger;
  config: Config;
  /** The core services every feature may use (people, projects, teams, notify, clock …). */
  core: CoreServices;
  /** The read APIs of the features listed before this one. */
  reads: FeatureReads;
  /** Queues this feature's own jobs (declared in `jobs`). */
  jobs: FeatureJobs;
  /** Sends per second each platform allows workspace-wide (0: no limit). */
  sendRate: (platform: PlatformId) => number;
  /** Downloads files uploaded in chat, through the platform's adapter. */
  readAttachment: AttachmentReader;
}

/** A job a feature declares: its payload schema and what runs it. Queued with `deps.jobs.add(name, payload)`. */
export interface FeatureJob<P = unknown> {
  name: string;
  payload: z.ZodType<P>;
  run(payload: P): Promise<void>;
}

/** Declares a feature job; its type is erased for the feature's list (the payload schema checks it at run time). */
export function defineJob<P>(job: FeatureJob<P>): FeatureJob<unknown> {
  return job as unknown as FeatureJob<unknown>;
}

/** What a feature builds once its dependencies are there. */
export interface FeatureParts<S = unknown, R = unknown> {
  /** What its commands reach as `services.<name>`. */
  services?: S;
  /** What other features may read (the only way they see this feature's data). */
  read?: R;
  schedules?: readonly OccurrenceSchedule[];
  /** Guided conversations that see typed lines before the parser. */
  conversations?: readonly ConversationHandler[];
  /** Group messages, replies, reactions and members joining. */
  hooks?: InboundHooks;
  /** Its own jobs (`defineJob`), queued with `deps.jobs.add(name, payload)`. */
  jobs?: readonly FeatureJob<unknown>[];
  /** What it keeps about a person: export, erasure, retention (`privacy …`). */
  personalData?: PersonalData;
  /** What waits for someone's decision in this feature; shown by `decision list` and the sponsor digest. */
  decisions?: DecisionSource;
  /** HTTP routes it serves on the bot's server (an events endpoint, a web report), with its own authentication. */
  routes?: readonly DirectRoute[];
}

/** A domain: one folder that declares everything it brings. The composition root loops over a list of these. */
export interface Feature<N extends string = string, S = unknown, R = unknown> {
  name: N;
  /** Tables this feature owns privately: no other folder may name them in a query (test/architecture.test.ts). */
  tables?: readonly string[];
  /** Tables it owns that others may read (a person's name, a team's zone) but only it writes. */
  sharedTables?: readonly string[];
  migrations?: Readonly<Record<string, Migration>>;
  /** Its texts (`src/<feature>/locales/{en,zh-CN}.json`), merged into the catalogs at start under the feature's name. */
  locales?: LocaleFragment;
  commands?: readonly AnyCommandSpec[];
  /**
   * Named permissions (`<feature>.<what>`) and the project roles that satisfy them, for its commands' `permission`
   * and its own checks (`permits`). Project roles themselves are the core's six; a feature says who may do what.
   */
  permissions?: Readonly<Record<FeaturePermission, readonly Role[]>>;
  build?(deps: FeatureDeps): FeatureParts<S, R> | Promise<FeatureParts<S, R>>;
}

/** Declares a feature; identity at runtime, typed at compile time. */
export function defineFeature<N extends string, S = unknown, R = unknown>(feature: Feature<N, S, R>): Feature<N, S, R> {
  return feature;
}

export type AnyFeature = Feature<string, unknown, unknown>;

export type { PersonalData };
