import { createManualClock } from "../../src/core/clock.js";
import type { ConsoleSent } from "../../adapters/console/index.js";
import type { ConsoleSession } from "../../adapters/console/session.js";
import type { ChatAdapter } from "../../src/core/adapter.js";
import type { ConversationHandler } from "../../src/core/dispatcher.js";
import type { FeatureHooks } from "../../src/core/hooks.js";
import { toPlainText } from "../../src/core/plain-text.js";
import { createConsoleFor, createRuntime, type Runtime } from "../../src/main.js";
import type { AnyFeature } from "../../src/feature/define.js";
import type { OccurrenceSchedule } from "../../src/schedule/occurrence.js";
import { deleteRedisKeys, dropSchema } from "./cleanup.js";
import { assertServicesPresent, databaseUrl, redisUrl, testConfig, uniqueName } from "./services.js";

/** The weekly sponsor digest's title (src/digest/locales): suites about other features do not count it. */
const DIGEST_TITLE = /^(项目周报|Weekly digest) · /;
/** The admin notice that a calendar lacks a year (src/calendar/locales): suites about other features do not count it. */
const CALENDAR_GAP_TITLE = /^(日历 .+缺少 \d{4} 年的节假日|Calendar .+ has no holidays for \d{4})$/;

/** What the bot sent in answer to one line. */
export interface Reply {
  messages: ConsoleSent[];
  /** Every message as plain text, joined. */
  text: string;
}

export interface TestBot {
  runtime: Runtime;
  /** The database schema it runs in (another bot given it as `schema` is the same deployment, restarted). */
  schema: string;
  session: ConsoleSession;
  printed: string[];
  as(who: string): Scoped;
  /** Runs one console line (text or :meta) as whoever is current, and returns what was sent meanwhile. */
  line(text: string): Promise<Reply>;
  close(): Promise<void>;
}

interface Scoped {
  in(where: string): Scoped;
  dm(): Scoped;
  says(text: string): Promise<Reply>;
  clicks(n: number): Promise<Reply>;
}

/**
 * A whole bot behind the console driver: real dispatcher, real database (Postgres when DATABASE_URL is
 * set, in a schema of its own; PGlite in memory otherwise), real queue (BullMQ when REDIS_URL is set).
 */
export async function createTestBot(
  options: {
    env?: Record<string, string>;
    adapters?: ChatAdapter[];
    schedules?: OccurrenceSchedule[];
    features?: readonly AnyFeature[];
    seed?: boolean;
    hooks?: FeatureHooks[];
    conversations?: ConversationHandler[];
    /** Show the weekly sponsor digests (they go to the demo's sponsor and PM every Monday 09:00); hidden by default. */
    digests?: boolean;
    /** Where the bot's clock starts (the demo seed dates the go-live from it); default: now. */
    clock?: Date;
    /** Show the admins' "calendar lacks a year" notices (src/calendar/coverage-schedule.ts); hidden by default. */
    calendarNotices?: boolean;
    /** Run in this existing schema (a restart of the bot that created it, which drops it on close); the seed is skipped. */
    schema?: string;
  } = {},
): Promise<TestBot> {
  assertServicesPresent();
  const printed: string[] = [];
  const print = (text: string) => void printed.push(text);
  const schema = options.schema ?? uniqueName("t");
  const redisPrefix = uniqueName("rb");
  const runtime = await createRuntime({
    config: testConfig({ DEMO_SEED: options.seed === false || options.schema ? "false" : "true", ...options.env }),
    console: { print },
    db: { schema, memory: true },
    redisPrefix,
    tick: false,
    ...(options.clock ? { clock: createManualClock(options.clock) } : {}),
    ...(options.adapters ? { adapters: options.adapters } : {}),
    ...(options.schedules ? { schedules: options.schedules } : {}),
    ...(options.features ? { features: options.features } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.conversations ? { conversations: options.conversations } : {}),
  });
  const session = await createConsoleFor(runtime, print);
  const consoleAdapter = runtime.console;
  if (!consoleAdapter) throw new Error("no console");

  const line = async (text: string): Promise<Reply> => {
    const before = consoleAdapter.sent.length;
    await session.line(text);
    await runtime.settle();
    const messages = consoleAdapter.sent
      .slice(before)
      .filter((m) => options.digests === true || !DIGEST_TITLE.test(m.message.title ?? ""))
      .filter((m) => options.calendarNotices === true || !CALENDAR_GAP_TITLE.test(m.message.title ?? ""));
    return { messages, text: messages.map((m) => toPlainText(m.message)).join("\n\n") };
  };

  const scoped = (who: string, where: string | null): Scoped => ({
    in: (place) => scoped(who, place),
    dm: () => scoped(who, null),
    async says(text) {
      await line(`:as ${who}`);
      await line(where ? `:in ${where}` : ":dm");
      return line(text);
    },
    async clicks(n) {
      await line(`:as ${who}`);
      await line(where ? `:in ${where}` : ":dm");
      return line(`:click ${n}`);
    },
  });

  return {
    runtime,
    schema,
    session,
    printed,
    as: (who) => scoped(who, null),
    line,
    async close() {
      await runtime.stop();
      if (databaseUrl && !options.schema) await dropSchema(databaseUrl, schema);
      if (redisUrl) await deleteRedisKeys(redisUrl, `${redisPrefix}:`);
    },
  };
}
