import type { DirectRoute } from "./direct-route.js";
import type { MediaCache } from "./media.js";
import type { OutboundMessage } from "./message.js";

export type PlatformId = "slack" | "feishu" | "dingtalk" | "wecom" | "console";
export const PLATFORM_IDS: readonly PlatformId[] = ["slack", "feishu", "dingtalk", "wecom", "console"];

/** Where a message goes: a DM or a group, on one platform workspace (tenant). */
export interface ConversationRef {
  platform: PlatformId;
  tenantId: string;
  conversationId: string;
  threadId?: string;
  kind: "direct" | "group";
}

/** Who sent an inbound event, as the platform names them. */
export interface Actor {
  platform: PlatformId;
  tenantId: string;
  userId: string;
  displayName: string;
  isBot: boolean;
  email?: string;
  mobile?: string;
}

/** A short-lived way to answer an event (e.g. DingTalk's sessionWebhook); plain data so it survives a queue. */
export interface ReplyHandle {
  kind: string;
  url?: string;
  token?: string;
  expiresAt?: string;
}

/**
 * A file that came with a message, as the platform describes it. `ref` holds what the adapter needs to download it
 * later (a file id, a download code, a private URL); plain strings so that it survives the queue.
 */
export interface Attachment {
  /** The file's name as the platform gives it; "" where the platform names none (WeCom's AI bot). */
  name: string;
  mimeType?: string;
  /** Bytes, when the platform says so before the download. */
  size?: number;
  ref: Record<string, string>;
}

interface InboundBase {
  /** Stable key for the platform's delivery; the same event retried carries the same key. */
  dedupeKey: string;
  conversation: ConversationRef;
  actor: Actor;
  receivedAt: string;
  raw: unknown;
  reply?: ReplyHandle;
  /** Files sent with the message (an upload in a DM, a file with a comment). */
  attachments?: Attachment[];
}

export type CommandSource = "slash" | "button" | "menu" | "typed" | "form";

/** The message a message replies to or quotes: the platform's id for it, and its text where the platform sends it. */
export interface ReplyRef {
  messageId: string;
  text?: string;
  /** The platform user id of the message's author, where the platform sends it (Slack's parent_user_id). */
  authorId?: string;
}

/**
 * An emoji reaction put on (added) or taken off a message. `emoji` is a lower-case name ("+1", "ticket",
 * "white_check_mark"); `rawEmoji` is what the platform sent ("thumbsup", "THUMBSUP").
 */
export interface ReactionFields {
  messageId: string;
  emoji: string;
  rawEmoji: string;
  added: boolean;
  /** The platform user id of the reacted message's author, where the platform sends it (Slack's item_user). */
  authorId?: string;
}

export type InboundEvent =
  | (InboundBase & { kind: "message"; text: string; mentionsBot: boolean; replyTo?: ReplyRef; messageId?: string })
  | (InboundBase & { kind: "command"; commandLine: string; source: CommandSource })
  | (InboundBase & { kind: "members_joined"; userIds: string[] })
  | (InboundBase & { kind: "reaction" } & ReactionFields);

/** A rate rule the deliver job honours: `scope` says whether the window is per platform or per recipient. */
export interface RateRule {
  scope: "platform" | "target";
  limit: number;
  windowMs: number;
}

/** What a platform can show; data the degrade step and the contract tests read. */
export interface Capabilities {
  buttons: false | { max: number; labelMax: number };
  forms: boolean;
  markdown: "rich" | "basic" | "none";
  editMessage: boolean;
  ephemeral: boolean;
  threads: boolean;
  createGroup: boolean;
  maxTextLength: number;
  rateLimits: RateRule[];
  /** The platform tells the bot about emoji reactions (reaction events reach the dispatcher). */
  reactions: boolean;
  /**
   * How image blocks are shown: "inline" inside the message, "separate" as messages of their own after it (the
   * degrade step makes each one a part, so each is sent once under its own key), "none" as their alt text.
   */
  images: "inline" | "separate" | "none";
}

/** What a successful send returns, kept on the delivery so the message can be edited later. */
export interface SentRef {
  platform: PlatformId;
  conversation: ConversationRef;
  messageId: string;
  extra?: Record<string, string>;
}

/** A group to create: its owner and members are platform user ids of one workspace (tenant). */
export interface GroupSpec {
  tenantId: string;
  name: string;
  topic?: string;
  ownerId: string;
  memberIds: string[];
  /** Our idempotency key for this group; an adapter derives the platform's own token from it where there is one. */
  idempotencyKey?: string;
  /** An earlier attempt may have created the group without our hearing of it: find and return it where the platform allows. */
  mayExist?: boolean;
}

export type InboundSink = (event: InboundEvent) => Promise<void>;

/** A workspace (tenant) an adapter serves, as it knows it from its configuration or the platform's API. */
export interface KnownTenant {
  externalId: string;
  name: string;
}

/** How one send is made: its idempotency key, the event it answers, and which part of a split message it is. */
export interface SendOptions {
  idempotencyKey: string;
  reply?: ReplyHandle;
  /** Set by the deliver job when a message was split; only part 0 may take over a clicked card. */
  part?: { index: number; count: number };
  /** Upload-once for the message's images (the deliver job's, kept in the database); absent: upload each time. */
  media?: MediaCache;
  /** The message before the degrade step (what `:render` previews for another platform); adapters that send need not read it. */
  original?: OutboundMessage;
}

/** True unless the send is a later part of a split message. */
export function isFirstPart(opts: SendOptions): boolean {
  return (opts.part?.index ?? 0) === 0;
}

/** The port every platform implements; optional methods must agree with `capabilities`. */
export interface ChatAdapter {
  readonly platform: PlatformId;
  readonly capabilities: Capabilities;
  start(sink: InboundSink): Promise<void>;
  stop(): Promise<void>;
  send(to: ConversationRef, message: OutboundMessage, opts: SendOptions): Promise<SentRef>;
  openDirect(tenantId: string, userId: string): Promise<ConversationRef>;
  /** What one conversation shows when it differs from `capabilities` (e.g. a group without buttons); absent: `capabilities` everywhere. */
  capabilitiesFor?(to: ConversationRef): Capabilities;
  edit?(ref: SentRef, message: OutboundMessage, opts?: Pick<SendOptions, "media" | "original">): Promise<void>;
  /**
   * Creates a group with its owner and as many members as the platform's create call takes; once the group exists
   * it makes no further call that could fail, so the caller can store the ref before anything else. The rest of
   * the members go through `addMembers`.
   */
  createGroup?(spec: GroupSpec): Promise<ConversationRef>;
  /** Adds people to a group; people already in it are no error. */
  addMembers?(to: ConversationRef, userIds: string[]): Promise<void>;
  /**
   * Pushes a message already sent through the platform's urgent channel to these users (Feishu buzz on the message,
   * DingTalk DING with its text). Absent where the platform has none: the message stays a normal one.
   */
  urgent?(sent: SentRef, userIds: string[], message: OutboundMessage): Promise<void>;
  /**
   * Closes a group the bot created for good, keeping its history where the platform allows (Slack archive, Feishu and
   * DingTalk: only the owner may speak). Absent where the platform offers nothing; safe to repeat.
   */
  archiveGroup?(to: ConversationRef): Promise<void>;
  lookupUser?(tenantId: string, by: { email?: string; mobile?: string }): Promise<string | null>;
  /**
   * Downloads a file that came with an event of this adapter, refusing more than `maxBytes`. Throws an
   * AttachmentError (src/core/attachments.ts) that says why a download failed.
   */
  fetchAttachment?(conversation: ConversationRef, attachment: Attachment, options: { maxBytes: number }): Promise<Buffer>;
  /** The adapter's webhook routes, served by the shared HTTP server (src/core/direct-route.ts). */
  readonly directRoutes?: readonly DirectRoute[];
  /** The workspaces this adapter serves; the runtime registers them as tenants at start. */
  knownTenants?(): Promise<KnownTenant[]>;
}

/** A pure renderer from a (degraded) neutral message to one platform's payload. */
export type Renderer = (message: OutboundMessage) => unknown;
