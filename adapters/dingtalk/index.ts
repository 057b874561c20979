import type { Logger } from "pino";
import type { ChatAdapter, InboundSink, KnownTenant } from "../../src/core/adapter.js";
import { AttachmentError } from "../../src/core/attachments.js";
import { dingtalkCapabilities } from "./capabilities.js";
import { createDingtalkClient, DEFAULT_OAPI_URL } from "./client.js";
import { createDingtalkEventCrypto } from "./crypto.js";
import { createDingtalkDownloader } from "./download.js";
import { createDingtalkDing } from "./ding.js";
import { createDingtalkGroups } from "./groups.js";
import { readStreamFrame, type DingtalkInboundContext } from "./inbound.js";
import { createDingtalkSender } from "./outbound.js";
import { createRecentIds } from "./recent-ids.js";
import { createDingtalkStream, TOPIC_CARD, TOPIC_ROBOT, type DingtalkStream, type StreamFrame } from "./stream.js";
import { eventRoute, robotRoute, SIGN_TOLERANCE_MS } from "./transport.js";

// DingTalk app setup and the two ways in: https://open.dingtalk.com/document/orgapp/robot-overview
// Stream mode (default, no public URL) and HTTP mode (robot message receiving URL). See README "DingTalk".

/** Everything the DingTalk adapter is configured with (DINGTALK_* variables). */
export interface DingtalkAdapterOptions {
  /** The app's Client ID (AppKey) and Client Secret (AppSecret). */
  clientId: string;
  clientSecret: string;
  /** The robot code; for an internal app's robot it is the Client ID (the default). */
  robotCode?: string;
  /** stream (default): our Stream client; http: POST /dingtalk/events. */
  mode?: "stream" | "http";
  /** Interactive card template (buttons); Stream mode only, since card clicks arrive over Stream. */
  cardTemplateId?: string;
  /** Scene-group template (createGroup). */
  sceneGroupTemplateId?: string;
  /** The corp this app serves; registers the tenant and refuses other corps' bodies. */
  corpId?: string;
  apiUrl?: string;
  oapiUrl?: string;
  gatewayUrl?: string;
  /** HTTP event subscription keys (mounts POST /dingtalk/callback). */
  eventCallback?: { token: string; aesKey: string };
  /** How long the GET of an uploaded file may take, body included (default 30 s). */
  fileDownloadTimeoutMs?: number;
  /** Stream reconnect and keepalive tuning (tests). */
  stream?: { reconnectInitialMs?: number; keepaliveMs?: number };
  logger: Logger;
  now?: () => number;
}

const SUBSCRIPTIONS = [
  { type: "EVENT", topic: "*" },
  { type: "CALLBACK", topic: TOPIC_ROBOT },
  { type: "CALLBACK", topic: TOPIC_CARD },
] as const;

/** Creates the DingTalk adapter: Stream or HTTP robot callbacks in, robot messages, cards and scene groups out. */
export function createDingtalkAdapter(options: DingtalkAdapterOptions): ChatAdapter {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const mode = options.mode ?? "stream";
  const robotCode = options.robotCode ?? options.clientId;
  const cardTemplateId = mode === "stream" ? options.cardTemplateId : undefined;
  if (options.cardTemplateId && mode === "http") {
    logger.warn({ component: "dingtalk" }, "DINGTALK_CARD_TEMPLATE_ID is ignored in HTTP mode (card clicks arrive over Stream); buttons become numbered replies");
  }
  const client = createDingtalkClient({
    appKey: options.clientId,
    appSecret: options.clientSecret,
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
    ...(options.oapiUrl ? { oapiUrl: options.oapiUrl } : {}),
    now,
  });
  const sender = createDingtalkSender({
    client,
    robotCode,
    ...(cardTemplateId ? { cardTemplateId } : {}),
    sessionOrigins: [...new Set([new URL(DEFAULT_OAPI_URL).origin, ...(options.oapiUrl ? [new URL(options.oapiUrl).origin] : [])])],
    logger,
    now,
  });
  const groups = createDingtalkGroups(client);
  const ding = createDingtalkDing(client, robotCode);
  const download = createDingtalkDownloader({ client, robotCode, ...(options.fileDownloadTimeoutMs ? { timeoutMs: options.fileDownloadTimeoutMs } : {}) });
  const sceneGroupTemplateId = options.sceneGroupTemplateId;
  const capabilities = dingtalkCapabilities({ cardTemplate: Boolean(cardTemplateId), sceneGroupTemplate: Boolean(sceneGroupTemplateId) });
  const context = (): DingtalkInboundContext => ({ robotCode, ...(options.corpId ? { corpId: options.corpId } : {}), receivedAt: new Date(now()).toISOString() });
  let sink: InboundSink | null = null;
  let stream: DingtalkStream | null = null;

  const onFrame = async (frame: StreamFrame): Promise<Record<string, unknown> | null> => {
    const decoded = readStreamFrame(frame, context());
    const done = frame.type === "EVENT" ? { status: "SUCCESS", message: "OK" } : { response: null };
    if (!decoded.ok) {
      logger.warn({ component: "dingtalk", reason: decoded.reason, topic: frame.headers.topic }, "Stream frame refused");
      return done;
    }
    if (!decoded.event || !sink) return done;
    try {
      await sink(decoded.event);
      return done;
    } catch (error) {
      logger.error({ component: "dingtalk", err: error, topic: frame.headers.topic }, "Stream event could not be queued");
      return frame.type === "EVENT" ? { status: "LATER", message: "not queued" } : null;
    }
  };

  const ownTenant = (tenantId: string): void => {
    if (options.corpId && tenantId !== options.corpId) throw new Error(`this DingTalk adapter serves corp ${options.corpId}, not ${tenantId}`);
  };

  const adapter: ChatAdapter = {
    platform: "dingtalk",
    capabilities,
    async start(given) {
      sink = given;
      if (!options.corpId) logger.warn({ component: "dingtalk" }, "DINGTALK_CORP_ID is not set: events are refused as an unknown tenant until it is");
      if (mode !== "stream") return;
      stream = createDingtalkStream({
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        ...(options.gatewayUrl ? { gatewayUrl: options.gatewayUrl } : {}),
        subscriptions: [...SUBSCRIPTIONS],
        onFrame,
        logger,
        ...(options.stream?.reconnectInitialMs !== undefined ? { reconnectInitialMs: options.stream.reconnectInitialMs } : {}),
        ...(options.stream?.keepaliveMs !== undefined ? { keepaliveMs: options.stream.keepaliveMs } : {}),
      });
      await stream.start();
    },
    async stop() {
      sink = null;
      await stream?.stop();
      stream = null;
    },
    send: sender.send,
    async openDirect(tenantId, userId) {
      ownTenant(tenantId);
      return { platform: "dingtalk", tenantId, conversationId: userId, kind: "direct" };
    },
    async addMembers(to, userIds) {
      ownTenant(to.tenantId);
      await groups.addMembers(to, userIds);
    },
    async urgent(sent, userIds, message) {
      ownTenant(sent.conversation.tenantId);
      await ding(userIds, message);
    },
    async lookupUser(tenantId, by) {
      ownTenant(tenantId);
      const mobile = by.mobile?.trim();
      return mobile ? groups.lookupByMobile(mobile) : null;
    },
    async fetchAttachment(conversation, attachment, opts) {
      if (conversation.platform !== "dingtalk" || (options.corpId && conversation.tenantId !== options.corpId)) {
        throw new AttachmentError("unavailable", `this DingTalk adapter serves corp ${options.corpId ?? "-"}, not ${conversation.platform}:${conversation.tenantId}`);
      }
      return download(attachment, opts);
    },
    directRoutes: [
      ...(mode === "http" ? [robotRoute({ appSecret: options.clientSecret, context, sink: () => sink, seen: createRecentIds(2 * SIGN_TOLERANCE_MS), logger, now })] : []),
      ...(options.eventCallback
        ? [eventRoute({ crypto: createDingtalkEventCrypto({ token: options.eventCallback.token, aesKey: options.eventCallback.aesKey, ownerKey: options.clientId }), logger, now })]
        : []),
    ],
    async knownTenants(): Promise<KnownTenant[]> {
      return options.corpId ? [{ externalId: options.corpId, name: `DingTalk ${options.corpId}` }] : [];
    },
  };
  if (cardTemplateId) adapter.edit = sender.edit;
  if (sceneGroupTemplateId) {
    adapter.createGroup = async (spec) => {
      ownTenant(spec.tenantId);
      return groups.createGroup(sceneGroupTemplateId, spec);
    };
    adapter.archiveGroup = async (to) => {
      ownTenant(to.tenantId);
      await groups.archiveGroup(to);
    };
  }
  return adapter;
}
