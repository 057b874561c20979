import type { Logger } from "pino";
import type { ConversationRef, GroupSpec } from "../../src/core/adapter.js";
import { DeliveryError } from "../../src/core/delivery-error.js";
import type { SlackCall } from "./client.js";
import { classifySlackError, slackErrorCode } from "./errors.js";
import { list, obj, record, str, type Json } from "./payload.js";

// conversations.create: "Channel names may only contain lowercase letters, numbers, hyphens, and underscores, and
// must be 80 characters or less" (https://api.slack.com/methods/conversations.create); errors name_taken,
// invalid_name_specials, invalid_name_maxlength … conversations.invite takes ≤ 1000 comma-separated users and
// `force` to skip invalid ones (https://api.slack.com/methods/conversations.invite); topics ≤ 250 characters
// (https://api.slack.com/methods/conversations.setTopic).
// conversations.create takes no idempotency token (https://docs.slack.dev/reference/methods/conversations.create/).
// After a create whose answer was lost, the retry meets `name_taken`; it then looks the name up among the private
// channels the bot is in (users.conversations, https://api.slack.com/methods/users.conversations) and takes the
// channel the bot created. What remains possible: a channel of that name the bot created earlier for another group is
// taken as this one (give each group a name of its own, e.g. with its date), and a channel renamed or archived
// in between is not found, so a second one is made and the first stays an orphan.
const NAME_MAX = 80;
const INVITE_BATCH = 1000;
const TOPIC_MAX = 250;
const NAME_ATTEMPTS = 10;
const INVALID_NAME = /^invalid_name/;

/** A channel name Slack accepts: lowercase, letters/digits/-/_ only, at most 80 characters, never empty. */
export function channelName(name: string, asciiOnly = false): string {
  const letters = asciiOnly ? /[^a-z0-9_-]+/g : /[^\p{L}\p{N}_-]+/gu;
  const folded = asciiOnly ? name.normalize("NFKD").replace(/\p{M}/gu, "") : name.normalize("NFKC");
  const slug = folded.toLowerCase().replace(letters, "-").replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "");
  const cut = [...slug].slice(0, NAME_MAX).join("").replace(/-+$/, "");
  return cut || "rollout";
}

/** The name with a collision suffix (`-2`, `-3` …), still within 80 characters. */
export function withSuffix(name: string, n: number): string {
  const suffix = `-${n}`;
  return [...name].slice(0, NAME_MAX - suffix.length).join("").replace(/-+$/, "") + suffix;
}

/** DMs, war-room channels, invitations and user look-up over the Web API. */
export function createSlackConversations(deps: { call: SlackCall; logger: Logger; botUserId: () => string | undefined }) {
  const { call, logger } = deps;
  const directs = new Map<string, string>();

  const invite = async (channel: string, userIds: string[]): Promise<void> => {
    const bot = deps.botUserId();
    const users = [...new Set(userIds)].filter((u) => u && u !== bot);
    for (let i = 0; i < users.length; i += INVITE_BATCH) {
      const batch = users.slice(i, i + INVITE_BATCH);
      try {
        await call("conversations.invite", { channel, users: batch.join(","), force: true });
      } catch (error) {
        const code = slackErrorCode(error);
        if (code === "already_in_channel" || code === "cant_invite_self") continue;
        throw classifySlackError(error, "conversations.invite");
      }
    }
  };

  /** The private channels the bot is in, by name, with their creator (read once per group creation). */
  const ownChannels = async (): Promise<Map<string, { id: string; creator: string }>> => {
    const found = new Map<string, { id: string; creator: string }>();
    let cursor = "";
    do {
      let page: Json | undefined;
      try {
        page = await call("users.conversations", { types: "private_channel", exclude_archived: true, limit: 200, ...(cursor ? { cursor } : {}) });
      } catch (error) {
        throw classifySlackError(error, "users.conversations");
      }
      for (const entry of list(page, "channels")) {
        const channel = record(entry);
        const id = str(channel, "id");
        const name = str(channel, "name");
        if (id && name) found.set(name, { id, creator: str(channel, "creator") ?? "" });
      }
      cursor = str(obj(page, "response_metadata"), "next_cursor") ?? "";
    } while (cursor);
    return found;
  };

  const create = async (name: string): Promise<{ id: string } | "taken" | "invalid"> => {
    try {
      const result = await call("conversations.create", { name, is_private: true });
      const id = str(obj(result, "channel"), "id");
      if (!id) throw DeliveryError.fatal("conversations.create answered without a channel id");
      return { id };
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === "name_taken") return "taken";
      if (code && INVALID_NAME.test(code)) return "invalid";
      throw classifySlackError(error, "conversations.create");
    }
  };

  return {
    /** The DM channel with a user (conversations.open), remembered per user. */
    async openDirect(tenantId: string, userId: string): Promise<ConversationRef> {
      const key = `${tenantId}:${userId}`;
      let channel = directs.get(key);
      if (!channel) {
        try {
          channel = str(obj(await call("conversations.open", { users: userId }), "channel"), "id");
        } catch (error) {
          throw classifySlackError(error, "conversations.open");
        }
        if (!channel) throw DeliveryError.fatal("conversations.open answered without a channel id");
        directs.set(key, channel);
      }
      return { platform: "slack", tenantId, conversationId: channel, kind: "direct" };
    },

    /**
     * A private channel for the group: the name normalised, `-2`, `-3` … on a collision (an ASCII-only name when
     * Slack refuses the characters), and the topic set (best effort: the channel exists by then). Nobody is invited
     * here: conversations.create takes no users, so the caller stores the channel first and then calls addMembers.
     * With `mayExist`, a taken name that is a channel the bot created is taken as the one an earlier attempt made.
     */
    async createGroup(spec: GroupSpec): Promise<ConversationRef> {
      let base = channelName(spec.name);
      let created: { id: string; name: string } | null = null;
      let mine: Map<string, { id: string; creator: string }> | null = null;
      const bot = deps.botUserId();
      for (let n = 1; n <= NAME_ATTEMPTS && !created; n++) {
        const name = n === 1 ? base : withSuffix(base, n);
        const outcome = await create(name);
        if (outcome === "invalid") {
          const ascii = channelName(spec.name, true);
          if (ascii === base) throw DeliveryError.fatal(`conversations.create: Slack refused the channel name “${name}”`);
          base = ascii;
          n = 0;
        } else if (outcome !== "taken") created = { id: outcome.id, name };
        else if (spec.mayExist && bot) {
          mine ??= await ownChannels();
          const earlier = mine.get(name);
          if (earlier && earlier.creator === bot) {
            logger.info({ channel: earlier.id }, "found the Slack channel an earlier attempt created");
            return { platform: "slack", tenantId: spec.tenantId, conversationId: earlier.id, kind: "group" };
          }
        }
      }
      if (!created) throw DeliveryError.fatal(`conversations.create: every name from “${base}” to “${withSuffix(base, NAME_ATTEMPTS)}” is taken`);
      logger.info({ channel: created.id }, "created a Slack channel");
      const topic = spec.topic?.trim();
      if (topic) {
        try {
          await call("conversations.setTopic", { channel: created.id, topic: [...topic].slice(0, TOPIC_MAX).join("") });
        } catch (error) {
          logger.warn({ channel: created.id, reason: classifySlackError(error, "conversations.setTopic").reason }, "the Slack channel's topic could not be set");
        }
      }
      return { platform: "slack", tenantId: spec.tenantId, conversationId: created.id, kind: "group" };
    },

    async addMembers(to: ConversationRef, userIds: string[]): Promise<void> {
      await invite(to.conversationId, userIds);
    },

    /** conversations.archive (https://api.slack.com/methods/conversations.archive): read-only, history kept; `already_archived` is done. */
    async archiveGroup(to: ConversationRef): Promise<void> {
      try {
        await call("conversations.archive", { channel: to.conversationId });
      } catch (error) {
        if (slackErrorCode(error) === "already_archived") return;
        throw classifySlackError(error, "conversations.archive");
      }
    },

    /** users.lookupByEmail; Slack has no look-up by mobile number. Null when nobody has the address. */
    async lookupUser(_tenantId: string, by: { email?: string; mobile?: string }): Promise<string | null> {
      if (!by.email) return null;
      try {
        return str(obj(await call("users.lookupByEmail", { email: by.email }), "user"), "id") ?? null;
      } catch (error) {
        const code = slackErrorCode(error);
        if (code !== "users_not_found") logger.warn({ reason: classifySlackError(error, "users.lookupByEmail").reason }, "Slack user look-up failed");
        return null;
      }
    },
  };
}
