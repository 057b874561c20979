import type { Logger } from "pino";
import type { ConversationRef, GroupSpec } from "../../src/core/adapter.js";
import { DeliveryError } from "../../src/core/delivery-error.js";
import type { SlackCall } from "./client.js";
import { classifySlackError, slackErrorCode } from "./errors.js";
import { obj, str } from "./payload.js";

// conversations.create: "Channel names may only contain lowercase letters, numbers, hyphens, and underscores, and
// must be 80 characters or less" (https://api.slack.com/methods/conversations.create); errors name_taken,
// invalid_name_specials, invalid_name_maxlength … conversations.invite takes ≤ 1000 comma-separated users and
// `force` to skip invalid ones (https://api.slack.com/methods/conversations.invite); topics ≤ 250 characters
// (https://api.slack.com/methods/conversations.setTopic).
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
     * Slack refuses the characters), then the owner and members invited and the topic set.
     */
    async createGroup(spec: GroupSpec): Promise<ConversationRef> {
      let base = channelName(spec.name);
      let created: { id: string; name: string } | null = null;
      for (let n = 1; n <= NAME_ATTEMPTS && !created; n++) {
        const name = n === 1 ? base : withSuffix(base, n);
        const outcome = await create(name);
        if (outcome === "invalid") {
          const ascii = channelName(spec.name, true);
          if (ascii === base) throw DeliveryError.fatal(`conversations.create: Slack refused the channel name “${name}”`);
          base = ascii;
          n = 0;
        } else if (outcome !== "taken") created = { id: outcome.id, name };
      }
      if (!created) throw DeliveryError.fatal(`conversations.create: every name from “${base}” to “${withSuffix(base, NAME_ATTEMPTS)}” is taken`);
      logger.info({ channel: created.id }, "created a Slack channel");
      await invite(created.id, [spec.ownerId, ...spec.memberIds]);
      const topic = spec.topic?.trim();
      if (topic) {
        try {
          await call("conversations.setTopic", { channel: created.id, topic: [...topic].slice(0, TOPIC_MAX).join("") });
        } catch (error) {
          throw classifySlackError(error, "conversations.setTopic");
        }
      }
      return { platform: "slack", tenantId: spec.tenantId, conversationId: created.id, kind: "group" };
    },

    async addMembers(to: ConversationRef, userIds: string[]): Promise<void> {
      await invite(to.conversationId, userIds);
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
