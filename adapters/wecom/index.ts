import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { ChatAdapter, ConversationRef, GroupSpec, InboundSink, KnownTenant } from "../../src/core/adapter.js";
import { AttachmentError } from "../../src/core/attachments.js";
import { createAibotChannel, type AibotOptions } from "./aibot.js";
import { downloadAibotFile } from "./aibot-files.js";
import { wecomAibotCapabilities, wecomCapabilities, wecomGroupCapabilities } from "./capabilities.js";
import { createWecomClient, WecomApiError } from "./client.js";
import { createWecomCrypto } from "./crypto.js";
import { toDeliveryError } from "./errors.js";
import { aibotBodyToEvent, AIBOT_CONVERSATION_PREFIX } from "./inbound.js";
import { createWecomSender } from "./outbound.js";
import { pacedCapabilities } from "./pacing.js";
import { wecomCallbackRoutes } from "./transport.js";

/** Everything the WeCom adapter is configured with (WECOM_* variables). */
export interface WecomAdapterOptions {
  corpId: string;
  agentId: string;
  secret: string;
  /** The callback Token and EncodingAESKey of the app's 接收消息 settings. */
  token: string;
  encodingAesKey: string;
  /** Server API base URL; defaults to https://qyapi.weixin.qq.com/cgi-bin. */
  apiUrl?: string;
  /** The AI bot for group @mentions; without it the adapter serves DMs and app-created groups only. */
  aibot?: AibotOptions;
  /** The wall clock in ms, for the callbacks' freshness check (default Date.now). */
  now?: () => number;
  /** How long a file download may take; 30 s by default. */
  fileTimeoutMs?: number;
  /** Scales WeCom's per-member windows (tests); 1 in production. */
  rateWindowScale?: number;
  logger: Logger;
}

// appchat/create: "群成员id列表，至少2人，至多2000人" https://developer.work.weixin.qq.com/document/path/90245
const GROUP_MIN = 2;
const GROUP_MAX = 2000;
// user/getuserid (path/95402) and user/get_userid_by_email: "user not exist" style errcodes [unverified for email].
const NOT_FOUND_ERRCODES = new Set([46004, 60111]);

/** The chatid we give a group created under an idempotency key: 32 hex characters (WeCom allows ≤ 32 of 0-9a-zA-Z). */
export function wecomChatId(idempotencyKey: string): string {
  return createHash("sha256").update(`group:${idempotencyKey}`, "utf8").digest("hex").slice(0, 32);
}

/** Creates the WeCom adapter: self-built app callbacks and API, plus the AI bot's long connection when configured. */
export function createWecomAdapter(options: WecomAdapterOptions): ChatAdapter {
  const { corpId, logger } = options;
  const scale = options.rateWindowScale ?? 1;
  const crypto = createWecomCrypto({ token: options.token, encodingAesKey: options.encodingAesKey, receiveId: corpId });
  const client = createWecomClient({ corpId, secret: options.secret, ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}) });
  const direct = pacedCapabilities(wecomCapabilities, scale);
  const group = pacedCapabilities(wecomGroupCapabilities, scale);
  const aibotChat = pacedCapabilities(wecomAibotCapabilities, scale);
  const aibot = options.aibot ? createAibotChannel({ ...options.aibot, logger }) : null;
  const send = createWecomSender({ client, agentId: Number(options.agentId), aibot, rateWindowMs: direct.rateLimits[0]?.windowMs ?? 60_000, logger });
  let sink: InboundSink | null = null;

  const ownTenant = (tenantId: string): void => {
    if (tenantId !== corpId) throw new Error(`this WeCom adapter serves corp ${corpId}, not ${tenantId}`);
  };
  const appGroup = (to: ConversationRef): string => {
    ownTenant(to.tenantId);
    if (to.kind !== "group" || to.conversationId.startsWith(AIBOT_CONVERSATION_PREFIX)) throw new Error("only groups the app created (appchat) can be changed");
    return to.conversationId;
  };
  const onAibotBody = (body: unknown): void => {
    const event = aibotBodyToEvent(body, { corpId, receivedAt: new Date().toISOString() });
    if (!event || !sink) return;
    sink(event).catch((error: unknown) => logger.error({ component: "wecom-aibot", err: error }, "AI bot event could not be queued"));
  };
  /** Whether a chat this app created exists; WeCom answers an errcode for one that does not. */
  const existingChat = async (chatid: string): Promise<boolean> => {
    try {
      await client.get("appchat/get", { chatid });
      return true;
    } catch (error) {
      if (error instanceof WecomApiError) return false;
      throw error;
    }
  };
  const lookup = async (path: string, body: Record<string, unknown>): Promise<string | null> => {
    try {
      const result = await client.post(path, body);
      return typeof result.userid === "string" && result.userid ? result.userid : null;
    } catch (error) {
      if (error instanceof WecomApiError && NOT_FOUND_ERRCODES.has(error.errcode)) return null;
      throw toDeliveryError(error, 0);
    }
  };

  return {
    platform: "wecom",
    capabilities: direct,
    capabilitiesFor(to) {
      if (to.conversationId.startsWith(AIBOT_CONVERSATION_PREFIX)) return aibotChat;
      return to.kind === "group" ? group : direct;
    },
    async start(given) {
      sink = given;
      await aibot?.start(onAibotBody);
    },
    async stop() {
      sink = null;
      await aibot?.stop();
    },
    send,
    async openDirect(tenantId, userId) {
      ownTenant(tenantId);
      return { platform: "wecom", tenantId, conversationId: userId, kind: "direct" };
    },
    // appchat/create takes a `chatid` of our choosing ("不能与已有的群重复", ≤ 32 characters of 0-9a-zA-Z):
    // https://developer.work.weixin.qq.com/document/path/90245. We derive it from the idempotency key, so a retry after
    // a lost answer finds the group with appchat/get (https://developer.work.weixin.qq.com/document/path/98914)
    // instead of creating a second one.
    async createGroup(spec: GroupSpec) {
      ownTenant(spec.tenantId);
      const members = [...new Set([spec.ownerId, ...spec.memberIds].map((id) => id.trim()).filter(Boolean))];
      if (members.length < GROUP_MIN || members.length > GROUP_MAX) {
        throw new Error(`a WeCom group chat needs ${GROUP_MIN}–${GROUP_MAX} members including the owner; got ${members.length}`);
      }
      const chatid = spec.idempotencyKey ? wecomChatId(spec.idempotencyKey) : undefined;
      const group = (id: string): ConversationRef => ({ platform: "wecom", tenantId: spec.tenantId, conversationId: id, kind: "group" });
      try {
        if (chatid && spec.mayExist && (await existingChat(chatid))) return group(chatid);
        // The app that creates the chat is the only one that may post to it (appchat/send); `owner` is its human owner.
        const result = await client.post("appchat/create", { name: spec.name, owner: spec.ownerId, userlist: members, ...(chatid ? { chatid } : {}) });
        const chatId = typeof result.chatid === "string" ? result.chatid : "";
        if (!chatId) throw new Error("appchat/create answered without a chatid");
        return group(chatId);
      } catch (error) {
        throw toDeliveryError(error, 0);
      }
    },
    async addMembers(to, userIds) {
      const chatId = appGroup(to);
      if (userIds.length === 0) return;
      try {
        await client.post("appchat/update", { chatid: chatId, add_user_list: userIds });
      } catch (error) {
        throw toDeliveryError(error, 0);
      }
    },
    async lookupUser(tenantId, by) {
      ownTenant(tenantId);
      if (by.mobile?.trim()) {
        const found = await lookup("user/getuserid", { mobile: by.mobile.trim() });
        if (found || !by.email) return found;
      }
      const email = by.email?.trim();
      if (!email) return null;
      // email_type 1: corporate mailbox, 2: personal mailbox bound to the account.
      return (await lookup("user/get_userid_by_email", { email, email_type: 1 })) ?? (await lookup("user/get_userid_by_email", { email, email_type: 2 }));
    },
    // Only the AI bot receives files; their url needs no token, so nothing of the app's is sent with it. The name the
    // download gives is dropped: the port returns bytes, and the core accepts any file whose bytes are text.
    async fetchAttachment(conversation, attachment, { maxBytes }) {
      if (conversation.tenantId !== corpId) throw new AttachmentError("failed", `this WeCom adapter serves corp ${corpId}, not ${conversation.tenantId}`);
      if (!conversation.conversationId.startsWith(AIBOT_CONVERSATION_PREFIX)) throw new AttachmentError("unsupported", "the self-built app's callback delivers no files; only the AI bot does");
      return (await downloadAibotFile(attachment.ref, { maxBytes, ...(options.fileTimeoutMs ? { timeoutMs: options.fileTimeoutMs } : {}) })).body;
    },
    directRoutes: wecomCallbackRoutes({ crypto, corpId, agentId: options.agentId, sink: () => sink, logger, now: options.now ?? Date.now }),
    async knownTenants(): Promise<KnownTenant[]> {
      return [{ externalId: corpId, name: `WeCom ${corpId}` }];
    },
  };
}
