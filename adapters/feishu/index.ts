import type { Logger } from "pino";
import type { ChatAdapter, InboundSink, KnownTenant } from "../../src/core/adapter.js";
import { feishuCapabilities } from "./capabilities.js";
import { createFeishuClient, feishuBaseUrl } from "./client.js";
import { createFeishuDownloader } from "./download.js";
import { decodeFeishuEvent, feishuEventType } from "./inbound.js";
import type { FeishuLongConnection } from "./long-connection.js";
import { createFeishuOutbound } from "./outbound.js";
import { feishuWebhookRoute, type FeishuWebhookSecrets } from "./transport.js";

/** Everything the Feishu / Lark adapter reads from the configuration (FEISHU_*). */
export interface FeishuAdapterOptions extends FeishuWebhookSecrets {
  appId: string;
  appSecret: string;
  /** "http": POST /feishu/events on the shared server; "ws": the SDK long connection, no public URL. */
  mode: "http" | "ws";
  /** feishu | lark | a base URL (tests point it at a fake Open API). */
  domain: string;
  /** The tenant_key of the tenant the app is installed in; asked from tenant/v2/tenant/query when unset. */
  tenantKey?: string;
  logger: Logger;
  fetch?: typeof fetch;
  now?: () => number;
}

/** The adapter, plus what tests and operators may want to see. */
export interface FeishuAdapter extends ChatAdapter {
  /** The bot's open_id once start() has asked for it (null: unknown, mentions are then read by position). */
  botOpenId(): string | null;
}

/** Creates the Feishu / Lark adapter (webhook or long connection in; Open API over fetch out). */
export function createFeishuAdapter(options: FeishuAdapterOptions): FeishuAdapter {
  if (options.mode === "http" && !options.encryptKey && !options.verificationToken) {
    throw new Error("Feishu in HTTP mode needs FEISHU_ENCRYPT_KEY (recommended) or FEISHU_VERIFICATION_TOKEN to check requests");
  }
  const logger = options.logger.child({ platform: "feishu" });
  const now = options.now ?? Date.now;
  const baseUrl = feishuBaseUrl(options.domain);
  const client = createFeishuClient({ baseUrl, appId: options.appId, appSecret: options.appSecret, now, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const outbound = createFeishuOutbound(client, logger);
  const download = createFeishuDownloader({ client, ...(options.fetch ? { fetch: options.fetch } : {}) });
  let sink: InboundSink | null = null;
  let botOpenId: string | null = null;
  let connection: FeishuLongConnection | null = null;

  /** Decode → sink (which dedupes and enqueues) → the answer Feishu gets; the command runs later, off the ack path. */
  const handle = async (envelope: unknown): Promise<Record<string, unknown>> => {
    if (!sink) throw new Error("the Feishu adapter is not started");
    const event = decodeFeishuEvent(envelope, { receivedAt: new Date(now()).toISOString(), ...(botOpenId ? { botOpenId } : {}) });
    if (!event) {
      logger.debug({ type: feishuEventType(envelope) }, "feishu event ignored");
      return {};
    }
    await sink(event);
    return {};
  };

  const adapter: FeishuAdapter = {
    platform: "feishu",
    capabilities: feishuCapabilities,
    botOpenId: () => botOpenId,

    async start(given) {
      sink = given;
      try {
        botOpenId = await outbound.botOpenId();
      } catch (error) {
        logger.warn({ err: error }, "could not read the bot's open_id (bot/v3/info); a leading @mention is taken to be the bot");
      }
      if (options.mode === "ws") {
        const { openFeishuLongConnection } = await import("./long-connection.js");
        connection = await openFeishuLongConnection({ appId: options.appId, appSecret: options.appSecret, baseUrl, logger, handle });
      }
    },

    async stop() {
      connection?.close();
      connection = null;
      sink = null;
    },

    send: (to, message, opts) => outbound.send(to, message, opts),
    edit: (ref, message, opts) => outbound.edit(ref, message, opts),
    async openDirect(tenantId, userId) {
      return { platform: "feishu", tenantId, conversationId: userId, kind: "direct" };
    },
    createGroup: (spec) => outbound.createGroup(spec),
    addMembers: (to, userIds) => outbound.addMembers(to, userIds),
    urgent: (sent, userIds) => outbound.urgent(sent, userIds),
    archiveGroup: (to) => outbound.archiveGroup(to),
    lookupUser: (_tenantId, by) => outbound.lookupUser(by),
    /** A file a person sent (inbound.ts keeps its message_id and file_key); scope im:message:readonly (see download.ts). */
    fetchAttachment: (_conversation, attachment, limits) => download(attachment, limits),

    /**
     * A self-built app lives in exactly one tenant: FEISHU_TENANT_KEY names it, or tenant/v2/tenant/query tells
     * (scope tenant:tenant:readonly). Events from any other tenant_key are refused by the dispatcher.
     */
    async knownTenants(): Promise<KnownTenant[]> {
      if (options.tenantKey) return [{ externalId: options.tenantKey, name: "Feishu" }];
      try {
        const tenant = await outbound.tenant();
        if (tenant) return [{ externalId: tenant.tenantKey, name: tenant.name }];
      } catch (error) {
        logger.warn({ err: error }, "could not read the tenant (tenant/v2/tenant/query); set FEISHU_TENANT_KEY or grant tenant:tenant:readonly");
      }
      return [];
    },
  };
  if (options.mode !== "http") return adapter;
  const route = feishuWebhookRoute({ secrets: { encryptKey: options.encryptKey, verificationToken: options.verificationToken }, now, logger, handle });
  return { ...adapter, directRoutes: [route] };
}
