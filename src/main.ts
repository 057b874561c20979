import { pathToFileURL } from "node:url";
import type { FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import { createConsoleAdapter, type ConsoleAdapter } from "../adapters/console/index.js";
import { runConsole } from "../adapters/console/runner.js";
import { createConsoleSession, type ConsoleSession } from "../adapters/console/session.js";
import { createBullmqQueue } from "../jobs/bullmq.js";
import { deliverProcessor } from "../jobs/deliver.js";
import { featureJobProcessor } from "../jobs/feature.js";
import { inboundProcessor } from "../jobs/inbound.js";
import { scheduleProcessor } from "../jobs/schedule.js";
import { createInlineQueue } from "../jobs/inline.js";
import { tickProcessor } from "../jobs/tick.js";
import { createAuditService } from "./audit/service.js";
import { loadConfigOrExit, type Config } from "./config.js";
import { createContextResolver } from "./context/resolve.js";
import { createGuidedConversationStore } from "./conversations/store.js";
import type { ChatAdapter, PlatformId } from "./core/adapter.js";
import { createManualClock, type ManualClock } from "./core/clock.js";
import { createAttachmentReader } from "./core/attachments.js";
import { ROLES } from "./core/command.js";
import { createDispatcher, type ConversationHandler, type Dispatcher } from "./core/dispatcher.js";
import type { FeatureHooks } from "./core/hooks.js";
import { createInboundRunNow } from "./core/inbound-run-now.js";
import { createInboundClaims, createIngest } from "./core/ingest.js";
import { onTranslationProblem } from "./core/i18n.js";
import { createPendingStore } from "./core/pending.js";
import { CommandRegistry } from "./core/parse.js";
import type { JobQueue } from "./core/queue.js";
import { openDatabase, type DatabaseHandle } from "./db/database.js";
import { migrateToLatest } from "./db/migrate.js";
import { DEMO_FIRST_USER, seedDemo } from "./demo/seed.js";
import { createMetrics, type Metrics } from "./http/metrics.js";
import { createHttpServer } from "./http/server.js";
import { createLogger, type Logger } from "./logger.js";
import { createDecisionBoard } from "./core/decisions.js";
import { createPersonalDataRegistry } from "./core/personal-data.js";
import { pendingPersonalData } from "./core/pending-personal-data.js";
import { auditPersonalData } from "./audit/personal-data.js";
import { conversationsPersonalData } from "./conversations/personal-data.js";
import { outboxPersonalData } from "./notify/personal-data.js";
import { composeFeatures, type ComposedFeatures } from "./feature/compose.js";
import type { AnyFeature } from "./feature/define.js";
import { features } from "./features.js";
import { migrationsOf } from "./feature/migrations.js";
import { createDeliveryFlow, type DeliveryFlow } from "./notify/delivery.js";
import { createNotifier } from "./notify/notifier.js";
import { createReplyNow, type ReplyNow } from "./notify/reply-now.js";
import { createSentMessageLookup } from "./notify/sent-lookup.js";
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from "./notify/rate-limiter.js";
import { createDirectory } from "./people/directory.js";
import { createPersonFinder } from "./people/find-person.js";
import { createPeopleService } from "./people/service.js";
import { createProjectService } from "./projects/service.js";
import { createPlatformAdapters } from "./platforms.js";
import { renderFor } from "./render-preview.js";
import { platformRate } from "./schedule/pacer.js";
import type { OccurrenceSchedule } from "./schedule/occurrence.js";
import { createScheduleRunner, type ScheduleRunner } from "./schedule/runner.js";
import { createTickFlow, type TickFlow } from "./schedule/tick.js";
import type { CoreServices, Services } from "./services.js";
import { createTeamService } from "./teams/service.js";
import { createTenantService } from "./tenants/service.js";

export const CONSOLE_TENANT = "demo";

export interface RuntimeOptions {
  config: Config;
  logger?: Logger;
  clock?: ManualClock;
  /** Platform adapters to run (the console one is added when `console` is given). */
  adapters?: ChatAdapter[];
  console?: { print: (text: string) => void } | false;
  /** A database schema of its own (tests on a shared Postgres); PGlite in memory when `memory` is true. */
  db?: { schema?: string; memory?: boolean };
  redisPrefix?: string;
  schedules?: OccurrenceSchedule[];
  /** The feature list (default: src/features.ts); tests add a feature of their own. */
  features?: readonly AnyFeature[];
  /** Extra hooks and guided conversations besides the features' own (tests). */
  hooks?: readonly FeatureHooks[];
  conversations?: readonly ConversationHandler[];
  /** false: start no job workers and no tick here (the CLI); what it queues is left to the bot's own workers. */
  jobs?: false;
  /**
   * false: workers but no periodic tick; time moves only by `:clock` and `:job tick` (transcript tests: BullMQ runs a
   * job scheduler's first tick at once, on real time, and that tick could land between a test's `:clock`s).
   */
  tick?: false;
}

export interface Runtime {
  config: Config;
  logger: Logger;
  clock: ManualClock;
  database: DatabaseHandle;
  queue: JobQueue;
  services: Services;
  features: ComposedFeatures;
  dispatcher: Dispatcher;
  delivery: DeliveryFlow;
  /** Holds a running event's replies back from deliver jobs so that its inbound job sends them (reply-now.ts). */
  replies: ReplyNow;
  tick: TickFlow;
  /** The occurrence schedules and what runs them (the tick, four schedules at a time). */
  scheduling: { schedules: readonly OccurrenceSchedule[]; runner: ScheduleRunner };
  metrics: Metrics;
  console: ConsoleAdapter | null;
  adapters: ReadonlyMap<PlatformId, ChatAdapter>;
  crashes(): number;
  /** Waits until every queued job that is due now has run (inline queue; polling for BullMQ). */
  settle(): Promise<void>;
  startHttp(): Promise<FastifyInstance>;
  stop(): Promise<void>;
}

/** Wires config → db → queue → services → dispatcher → adapters. The only place that knows every part. */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.LOG_LEVEL ?? "info");
  onTranslationProblem((problem) => logger.warn({ translation: problem }, "a text could not be formatted as written"));
  const clock = options.clock ?? createManualClock();
  let crashes = 0;

  const database = await openDatabase({
    ...(config.DATABASE_URL ? { url: config.DATABASE_URL } : {}),
    ...(options.db?.memory || config.DATABASE_URL ? {} : { dataDir: config.DATA_DIR }),
    ...(options.db?.schema ? { schema: options.db.schema } : {}),
  });
  const featureList = options.features ?? features;
  await migrateToLatest(database.db, database.schema, migrationsOf(featureList));
  const { db } = database;

  const onJobError = (name: string, error: unknown) => {
    crashes++;
    logger.error({ err: error, job: name }, "job failed");
  };
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 }) : null;
  redis?.on("error", () => undefined);
  const redisPrefix = options.redisPrefix ?? config.REDIS_PREFIX;
  const queue = config.REDIS_URL ? createBullmqQueue({ url: config.REDIS_URL, prefix: redisPrefix, onError: onJobError }) : createInlineQueue({ onError: onJobError });
  const limiter: RateLimiter = redis ? createRedisRateLimiter(redis, `${redisPrefix}:rate:`) : createMemoryRateLimiter();
  const metrics = createMetrics(() => queue.depth(), () => queue.failedCounts());

  const adapterList: ChatAdapter[] = [...(options.adapters ?? [])];
  const consoleAdapter = options.console ? createConsoleAdapter({ tenantRef: CONSOLE_TENANT, print: options.console.print, dataDir: config.DATA_DIR }) : null;
  if (consoleAdapter) adapterList.push(consoleAdapter);
  const adapters = new Map(adapterList.map((a) => [a.platform, a] as const));

  const tenants = createTenantService(db);
  const people = createPeopleService(db);
  const projects = createProjectService(db);
  const teams = createTeamService(db);
  const audit = createAuditService(db);
  const lookups = new Map(
    adapterList.flatMap((a) => (a.lookupUser ? [[a.platform, (tenantRef: string, by: { email?: string; mobile?: string }) => a.lookupUser!(tenantRef, by)] as const] : [])),
  );
  const directory = createDirectory(lookups);
  const notify = createNotifier({ db, queue });
  const core: CoreServices = {
    tenants,
    people,
    projects,
    teams,
    audit,
    directory,
    findPerson: createPersonFinder(people, tenants, directory),
    notify,
    clock,
    conversations: createGuidedConversationStore(db, () => clock.now()),
    decisions: createDecisionBoard(),
    personalData: createPersonalDataRegistry(),
    defaults: { locale: config.DEFAULT_LOCALE, timezone: config.DEFAULT_TIMEZONE },
  };
  const sendRate = (platform: PlatformId) => platformRate(adapters.get(platform));
  const composed = await composeFeatures(featureList, {
    db,
    queue,
    logger,
    config,
    core,
    sendRate,
    readAttachment: createAttachmentReader(adapters),
  });
  // Registered after the features, so that erasure (which runs owners in reverse) clears these before the people rows go.
  core.personalData.register("audit", auditPersonalData(db));
  core.personalData.register("conversations", conversationsPersonalData(db));
  core.personalData.register("pending", pendingPersonalData(db));
  core.personalData.register("outbox", outboxPersonalData(db));
  const services: Services = { ...core, ...composed.services };

  const pending = createPendingStore(db, () => new Date());
  const dispatcher = createDispatcher({
    registry: new CommandRegistry(composed.commands),
    services,
    clock,
    pending,
    conversations: [...composed.conversations, ...(options.conversations ?? [])],
    conversationOpen: async (tenantId, personId, scope) => (await services.conversations.get(tenantId, personId, scope)) !== null,
    hooks: [...composed.hooks, ...(options.hooks ?? [])],
    findSent: createSentMessageLookup(db),
    resolve: createContextResolver(services, logger, { db, now: () => clock.now() }),
    reply: async (event, message, key) => {
      await notify.toConversation(event.conversation, message, { key, audience: event.actor.userId, ...(event.reply ? { reply: event.reply } : {}), held: (id) => replyNow.take(event, id) });
    },
    audit: (entry) => services.audit.record(entry),
    onOutcome: (command, outcome) => metrics.command(command, outcome),
    onError: (error, command) => {
      crashes++;
      logger.error({ err: error, command }, "command crashed");
    },
  });
  const delivery = createDeliveryFlow({
    db,
    queue,
    adapters,
    limiter,
    pending,
    logger,
    maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
    onOutcome: (platform, status) => metrics.delivery(platform, status),
  });
  const schedules = [...composed.schedules, ...(options.schedules ?? [])];
  const runner = createScheduleRunner({ db, queue, logger, sendRate, onOccurrences: (schedule, outcome, n) => metrics.occurrences(schedule, outcome, n) });
  const tick = createTickFlow({ db, clock, schedules, delivery, pending, logger, onCatchUpTruncated: () => metrics.catchUpTruncated(), run: (schedule, window, progress) => runner.run(schedule, window, progress) });
  const replyNow = createReplyNow({ delivery, queue, logger });
  const inbound = inboundProcessor({ dispatcher, claims: createInboundClaims(db), replies: replyNow, onEvent: (platform, duplicate) => metrics.inbound(platform, duplicate) });
  // The in-process queue runs its jobs here already; with Redis, an event runs here at once with its job as a backup.
  const runNow =
    queue.driver === "bullmq" && options.jobs !== false
      ? createInboundRunNow({
          queue,
          run: inbound,
          onError: (error) => onJobError("inbound", error),
          onQueueError: (error) => logger.warn({ err: error }, "an event's queued copy could not be removed or made due now; it runs when due"),
          onOutcome: (outcome) => metrics.runHere(outcome),
        })
      : undefined;
  const ingest = createIngest({ queue, runNow });

  if (options.jobs !== false) {
    await queue.start({ inbound, deliver: deliverProcessor(delivery), tick: tickProcessor(tick), schedule: scheduleProcessor(runner, schedules), feature: featureJobProcessor(composed.jobs) }, options.tick === false ? 0 : config.TICK_INTERVAL_SECONDS * 1000);
  }
  for (const adapter of adapterList) {
    for (const known of (await adapter.knownTenants?.()) ?? []) {
      await tenants.ensure(adapter.platform, known.externalId, { name: known.name, locale: config.DEFAULT_LOCALE, timezone: config.DEFAULT_TIMEZONE });
    }
    await adapter.start(ingest);
  }

  if (consoleAdapter) {
    const tenant = await tenants.ensure("console", CONSOLE_TENANT, { name: "Console demo", locale: config.DEFAULT_LOCALE, timezone: config.DEFAULT_TIMEZONE });
    if (config.DEMO_SEED && (await seedDemo(services, tenant, "console"))) logger.info("seeded the demo project");
  }

  let http: FastifyInstance | null = null;
  return {
    config,
    logger,
    clock,
    database,
    queue,
    services,
    features: composed,
    dispatcher,
    delivery,
    replies: replyNow,
    tick,
    scheduling: { schedules, runner },
    metrics,
    console: consoleAdapter,
    adapters,
    crashes: () => crashes,
    async settle() {
      do {
        await runNow?.idle();
        await queue.drain();
      } while (runNow?.busy());
    },
    async startHttp() {
      http = await createHttpServer({
        logger,
        metrics,
        readiness: [{ name: "database", check: database.ping }, ...(redis ? [{ name: "redis", check: async () => void (await redis.ping()) }] : [])],
        directRoutes: [...adapterList.flatMap((a) => a.directRoutes ?? []), ...composed.routes],
        // Failed jobs do not make a replica unready (restarting it would not help); they are shown to whoever looks.
        details: async () => ({ failed_jobs: await queue.failedCounts() }),
      });
      await http.listen({ port: config.PORT, host: config.HOST });
      return http;
    },
    async stop() {
      await http?.close();
      for (const adapter of adapterList) await adapter.stop().catch((error: unknown) => logger.warn({ err: error }, "adapter stop failed"));
      await runNow?.close();
      await queue.close();
      await limiter.close();
      redis?.disconnect();
      await database.close();
    },
  };
}

/** Builds the console session for a runtime: acting as the demo PM when the demo is there. */
export async function createConsoleFor(runtime: Runtime, print: (text: string) => void): Promise<ConsoleSession> {
  const adapter = runtime.console;
  if (!adapter) throw new Error("the runtime has no console adapter");
  const { services } = runtime;
  const tenant = await services.tenants.ensure("console", CONSOLE_TENANT, { name: "Console demo", locale: runtime.config.DEFAULT_LOCALE, timezone: runtime.config.DEFAULT_TIMEZONE });
  const findUser = async (who: string) => {
    const role = who.trim().toLowerCase();
    const projects = await services.projects.list(tenant.id);
    let person = null;
    if (projects[0] && (ROLES as readonly string[]).includes(role)) {
      const holder = (await services.projects.members(tenant.id, projects[0].id)).find((m) => (m.roles as string[]).includes(role));
      person = holder ? await services.people.get(tenant.id, holder.personId) : null;
    } else {
      const found = await services.people.lookup(tenant.id, { kind: "name", value: who.replace(/^[@＠]/, "") }, "console");
      person = found.kind === "found" ? found.person : null;
    }
    if (!person) return null;
    const identity = (await services.people.identities(tenant.id, person.id)).find((i) => i.platform === "console");
    if (!identity) await services.people.linkIdentity(tenant.id, person.id, "console", `p${person.id}`);
    return { userId: identity?.userId ?? `p${person.id}`, displayName: person.displayName };
  };
  const first = (await findUser(DEMO_FIRST_USER)) ?? { userId: "you", displayName: "You" };
  return createConsoleSession({
    adapter,
    tenantRef: CONSOLE_TENANT,
    print,
    user: first,
    hooks: {
      findUser,
      async setClock(at) {
        runtime.clock.set(at);
        await runtime.tick.tick(at);
      },
      async runJob(name) {
        if (name !== "tick") return false;
        await runtime.tick.tick();
        return true;
      },
      render: (platform, message) => renderFor(platform, message),
      settle: () => runtime.settle(),
      now: () => runtime.clock.now(),
    },
  });
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const bootLogger = createLogger(config.LOG_LEVEL ?? "info");
  const platforms = createPlatformAdapters(config, bootLogger);
  const useConsole = config.CONSOLE === "on" || (config.CONSOLE === "auto" && platforms.length === 0);
  const logger = useConsole && !config.LOG_LEVEL ? createLogger("warn") : bootLogger;
  const print = (text: string) => process.stdout.write(`${text}\n`);
  const started = Date.now();
  const runtime = await createRuntime({ config, logger, adapters: platforms, console: useConsole ? { print } : false });

  let stopping = false;
  const shutdown = async (signal: string, code = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => process.exit(code || 1), config.SHUTDOWN_TIMEOUT_MS).unref();
    await runtime.stop().catch((error: unknown) => logger.error({ err: error }, "shutdown failed"));
    process.exit(code);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  if (platforms.length > 0 || !useConsole) {
    await runtime.startHttp();
    logger.info({ port: config.PORT, platforms: platforms.map((p) => p.platform) }, "HTTP server listening");
  }
  if (!useConsole) {
    logger.info({ database: runtime.database.kind, queue: runtime.queue.driver }, "rollout-bot is up");
    return;
  }
  const session = await createConsoleFor(runtime, print);
  const interactive = Boolean(process.stdin.isTTY);
  if (interactive) {
    print(
      `rollout-bot console · ${runtime.database.kind}${runtime.database.kind === "pglite" ? ` (${config.DATA_DIR})` : ""} · ${runtime.queue.driver} jobs · ready in ${Date.now() - started} ms\n` +
        `You are ${session.user.displayName}, PM of the demo project. Try: help · 帮助 · project show · :as sponsor · member list · :help for console commands`,
    );
  }
  const code = await runConsole(session, { input: process.stdin, output: process.stdout, interactive, crashes: runtime.crashes });
  await shutdown("end of input", code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`rollout-bot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
