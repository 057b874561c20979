import { createHash } from "node:crypto";
import type { ConversationRef } from "../../src/core/adapter.js";

// An interactive card's outTrackId is ours to choose (POST /v1.0/card/instances/createAndDeliver,
// https://open.dingtalk.com/document/orgapp/create-and-deliver-cards), and it is the one thing a card callback
// hands back that we chose. So it carries where the card lives: a click on a group card answers in that group,
// a click on a 1:1 card answers the person who clicked. Only [A-Za-z0-9_-]: no separator DingTalk could mangle.
//   rbd<16 hash chars>                         a 1:1 robot card
//   rbg<16 hash chars><base64url(openConversationId)>  a group card
// The hash is of the delivery's idempotency key, so a retried delivery reuses the same outTrackId.
// DingTalk documents no length limit for outTrackId [unverified]; a typical group id gives ~55 characters.

const HASH_CHARS = 16;

/** The outTrackId for a card sent to `to` under `idempotencyKey`. */
export function cardTrackId(to: ConversationRef, idempotencyKey: string): string {
  const hash = createHash("sha256").update(idempotencyKey, "utf8").digest("base64url").slice(0, HASH_CHARS);
  if (to.kind === "direct") return `rbd${hash}`;
  return `rbg${hash}${Buffer.from(to.conversationId, "utf8").toString("base64url")}`;
}

/** Where a card lives, read back from its outTrackId; null when the card is not one of ours. */
export function readCardTrackId(outTrackId: string): { kind: "direct" } | { kind: "group"; conversationId: string } | null {
  if (!/^rb[dg][A-Za-z0-9_-]+$/.test(outTrackId) || outTrackId.length < 3 + HASH_CHARS) return null;
  if (outTrackId[2] === "d") return outTrackId.length === 3 + HASH_CHARS ? { kind: "direct" } : null;
  const conversationId = Buffer.from(outTrackId.slice(3 + HASH_CHARS), "base64url").toString("utf8");
  return conversationId ? { kind: "group", conversationId } : null;
}
