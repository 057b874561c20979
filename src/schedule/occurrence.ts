import type { ConversationRef } from "../core/adapter.js";
import type { Locale } from "../core/i18n.js";
import type { OutboundMessage } from "../core/message.js";
import type { Database } from "../db/database.js";

/** The window a schedule runs over: occurrences due after `from`, up to and including `to` (the tick's now). */
export interface ScheduleWindow {
  from: Date;
  to: Date;
}

/** Who an occurrence goes to: a person's DM (resolved in bulk, per batch) or a conversation. */
export type OccurrenceTarget = { person: { tenantId: number; personId: number } } | { conversation: ConversationRef; tenantId: number };

/** What a claimed occurrence's message is built from, inside the claim's transaction. */
export interface BuildContext {
  trx: Database;
  /** Sent after its time (catch-up after downtime): the scheduler marks the message late. */
  late: boolean;
}

/**
 * One thing due once: a person's prompt on a date, a team's summary, a nag. The key claims it (and is its delivery
 * key), so replicas, restarts and replayed ticks send it once.
 */
export interface Occurrence {
  key: string;
  /** When it fell due; a "send" schedule marks it late when it goes out well after. */
  dueAt: Date;
  /** Not sent from this instant on (a prompt whose answer window has closed): claimed as skipped, logged and counted. */
  expiresAt?: Date;
  /** null: claimed without a message (someone never seen on their platform). */
  to: OccurrenceTarget | null;
  /** The recipient's language and zone, for the late mark. */
  locale: Locale;
  timeZone: string;
  /** Spread at the platform's send rate (a morning fan-out) rather than sent all at once. */
  pace?: boolean;
  /** Replaces an earlier delivery (an edited summary). */
  editOf?: string;
  /** Side effects that commit with the claim (e.g. a blocker marked flagged); false: claimed, nothing sent. */
  claimed?(trx: Database): Promise<boolean | void>;
  /**
   * The message; null sends nothing (the claim stays). It is built inside the claim's transaction: read through
   * `ctx.trx` or before `due` yields, never through `db` (embedded PGlite has one connection, so such a read would wait
   * for the transaction that waits for it).
   */
  message(ctx: BuildContext): OutboundMessage | null | Promise<OutboundMessage | null>;
}

/**
 * What a schedule declares: what is due in a window and what it says. Claiming, batching, look-back, catch-up,
 * pacing and the outbox transaction are the scheduler's (src/schedule/runner.ts).
 */
export interface OccurrenceSchedule {
  name: string;
  /**
   * After downtime: "send" sends what fell due late, marked late (a summary, an escalation, a digest); "skip" sends
   * nothing past its `expiresAt` (default: its due time plus the look-back), logging and counting what it skipped.
   */
  late: "send" | "skip";
  /** How far back each run looks again, so that an occurrence whose claim failed is retried (default 15 minutes). */
  lookbackMs?: number;
  /** Occurrences claimed and written per transaction (default 50). */
  batchSize?: number;
  /** Batches written at once (default 1); keys are then claimed in one global order so that batches cannot deadlock. */
  concurrency?: number;
  /** The occurrences due in the window, in chunks (each chunk is checked against existing claims in one query). */
  due(window: ScheduleWindow): AsyncIterable<OccurrenceChunk>;
}

/** Occurrences that belong together (one team's prompts), with what they need done once claimed. */
export interface OccurrenceChunk {
  occurrences: readonly Occurrence[];
  /** Inside a batch's transaction, after its claims: which of the just-claimed keys may send (default: all). */
  admit?(trx: Database, claimed: readonly Occurrence[]): Promise<ReadonlySet<string>>;
  /** After the chunk: the keys whose batch failed (a later run's look-back retries them). */
  done?(failed: ReadonlySet<string>): Promise<void>;
}

/** What one run of a schedule did. */
export interface ScheduleOutcome {
  window: ScheduleWindow;
  due: number;
  claimed: number;
  sent: number;
  late: number;
  skipped: number;
  failed: ReadonlySet<string>;
}
