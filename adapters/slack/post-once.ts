import type { AttemptLog } from "./attempt-log.js";
import type { SlackCall } from "./client.js";
import { classifySlackError, isAmbiguous } from "./errors.js";
import { list, obj, record, str } from "./payload.js";
import type { SlackPayload } from "./render.js";

/**
 * The message metadata every post carries: the delivery's idempotency key. Slack has no idempotency key of its
 * own for chat.postMessage, so this is how a retry finds what an earlier attempt posted before its answer was
 * lost. https://api.slack.com/metadata/using, https://api.slack.com/methods/conversations.history
 */
export const DELIVERY_EVENT_TYPE = "rollout_delivery";

/** How far before the first attempt the look-up starts (clock differences between us and Slack). */
const LOOKBACK_MS = 60_000;
const PAGE_LIMIT = 200;
const MAX_PAGES = 3;

export interface PostInput {
  channel: string;
  threadId?: string;
  payload: SlackPayload;
  idempotencyKey: string;
}

/**
 * Posts a message at most once per idempotency key. The first attempt posts straight away, with the key in the
 * message metadata. Any later attempt for the same key (a retry after a timeout, a 5xx, a crash, on any replica
 * sharing the attempt log) first reads the channel (or thread) since the first attempt and returns the message
 * already carrying the key. A definite refusal from Slack (a 429, an `ok: false`) clears the mark: nothing was
 * posted, so the next attempt posts without looking.
 */
export async function postOnce(call: SlackCall, attempts: AttemptLog, input: PostInput, nowMs: number): Promise<{ channel: string; ts: string }> {
  const firstAt = await attempts.begin(input.idempotencyKey, nowMs);
  if (firstAt !== null) {
    const found = await findPosted(call, input, firstAt).catch((error: unknown) => {
      throw classifySlackError(error, input.threadId ? "conversations.replies" : "conversations.history");
    });
    if (found) return { channel: input.channel, ts: found };
  }
  try {
    const result = await call("chat.postMessage", {
      channel: input.channel,
      text: input.payload.text,
      blocks: input.payload.blocks,
      ...(input.threadId ? { thread_ts: input.threadId } : {}),
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: input.idempotencyKey } },
    });
    const ts = str(result, "ts");
    if (!ts) throw new Error("chat.postMessage answered without a ts");
    return { channel: str(result, "channel") ?? input.channel, ts };
  } catch (error) {
    if (!isAmbiguous(error)) await attempts.clear(input.idempotencyKey);
    throw error;
  }
}

/** The ts of a message in the channel (or thread) whose metadata carries the key, posted since `firstAtMs`. */
async function findPosted(call: SlackCall, input: PostInput, firstAtMs: number): Promise<string | undefined> {
  const method = input.threadId ? "conversations.replies" : "conversations.history";
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await call(method, {
      channel: input.channel,
      ...(input.threadId ? { ts: input.threadId } : {}),
      oldest: ((firstAtMs - LOOKBACK_MS) / 1000).toFixed(6),
      inclusive: true,
      limit: PAGE_LIMIT,
      include_all_metadata: true,
      ...(cursor ? { cursor } : {}),
    });
    for (const item of list(result, "messages")) {
      const message = record(item);
      const metadata = obj(message, "metadata");
      if (str(metadata, "event_type") === DELIVERY_EVENT_TYPE && str(obj(metadata, "event_payload"), "key") === input.idempotencyKey) {
        const ts = str(message, "ts");
        if (ts) return ts;
      }
    }
    cursor = str(obj(result, "response_metadata"), "next_cursor");
    if (!cursor) return undefined;
  }
  return undefined;
}
