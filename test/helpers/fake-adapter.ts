import type { Capabilities, ChatAdapter, ConversationRef, InboundSink, PlatformId, SentRef } from "../../src/core/adapter.js";
import type { OutboundMessage } from "../../src/core/message.js";

/** One call the fake platform received. */
export interface FakeSend {
  at: number;
  conversation: ConversationRef;
  message: OutboundMessage;
  idempotencyKey: string;
  /** The part index and count the deliver job gave, when the message was split. */
  part?: { index: number; count: number };
  /** How many times this idempotency key had been tried, this call included (1-based). */
  try: number;
  outcome: "sent" | "threw";
}

export interface FakeEdit {
  at: number;
  ref: SentRef;
  message: OutboundMessage;
}

/** Decides, for one send, whether the fake platform fails it; return undefined to accept. */
export type FailurePlan = (call: { idempotencyKey: string; try: number; conversation: ConversationRef }) => Error | undefined;

export interface FakeAdapter extends ChatAdapter {
  readonly sends: FakeSend[];
  readonly edits: FakeEdit[];
  readonly opened: { tenantId: string; userId: string }[];
  /** Scripts failures for sends whose idempotency key starts with `keyPrefix`. */
  fail(keyPrefix: string, plan: FailurePlan): void;
  /** Successful sends whose idempotency key is `key` or one of its parts (`key#0`, `key#1`, …). */
  sentFor(key: string): FakeSend[];
  /** Every attempt (successful or not) for the key or its parts. */
  triesFor(key: string): FakeSend[];
  sink(): InboundSink;
}

/** A small, real ChatAdapter for tests: records what it is asked to do and fails on a script. */
export function createFakeAdapter(options: { platform: PlatformId; capabilities: Capabilities; withEdit?: boolean }): FakeAdapter {
  const sends: FakeSend[] = [];
  const edits: FakeEdit[] = [];
  const opened: { tenantId: string; userId: string }[] = [];
  const plans = new Map<string, FailurePlan>();
  const tries = new Map<string, number>();
  let sink: InboundSink | null = null;
  let counter = 0;
  const belongs = (idempotencyKey: string, key: string) => idempotencyKey === key || idempotencyKey.startsWith(`${key}#`);

  const adapter: FakeAdapter = {
    platform: options.platform,
    capabilities: options.capabilities,
    sends,
    edits,
    opened,
    fail(keyPrefix, plan) {
      plans.set(keyPrefix, plan);
    },
    sentFor: (key) => sends.filter((s) => s.outcome === "sent" && belongs(s.idempotencyKey, key)),
    triesFor: (key) => sends.filter((s) => belongs(s.idempotencyKey, key)),
    sink() {
      if (!sink) throw new Error(`${options.platform} fake adapter not started`);
      return sink;
    },
    async start(given) {
      sink = given;
    },
    async stop() {
      sink = null;
    },
    async send(to, message, opts) {
      const n = (tries.get(opts.idempotencyKey) ?? 0) + 1;
      tries.set(opts.idempotencyKey, n);
      const plan = [...plans.entries()].find(([prefix]) => opts.idempotencyKey.startsWith(prefix))?.[1];
      const error = plan?.({ idempotencyKey: opts.idempotencyKey, try: n, conversation: to });
      sends.push({ at: Date.now(), conversation: to, message, idempotencyKey: opts.idempotencyKey, ...(opts.part ? { part: opts.part } : {}), try: n, outcome: error ? "threw" : "sent" });
      if (error) throw error;
      return { platform: options.platform, conversation: to, messageId: `m${++counter}` };
    },
    async openDirect(tenantId, userId) {
      opened.push({ tenantId, userId });
      return { platform: options.platform, tenantId, conversationId: `D-${userId}`, kind: "direct" };
    },
  };
  if (options.withEdit) {
    adapter.edit = async (ref, message) => {
      edits.push({ at: Date.now(), ref, message });
    };
  }
  return adapter;
}
