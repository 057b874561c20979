import type { Logger } from "pino";
import type { ChatAdapter, InboundEvent, InboundSink, KnownTenant } from "../../src/core/adapter.js";
import { createMemoryAttemptLog, createRedisAttemptLog, type AttemptLog } from "./attempt-log.js";
import { slackCapabilities } from "./capabilities.js";
import { createSlackApi, type SlackCall } from "./client.js";
import { createSlackConversations } from "./conversations.js";
import { createSlackDownloader } from "./download.js";
import { classifySlackError } from "./errors.js";
import { decodeSlackBody } from "./inbound.js";
import { createSlackOutbound } from "./outbound.js";
import { str } from "./payload.js";
import { createProfileLookup } from "./profiles.js";
import { createSocketModeTransport, NotReadyError, slackEventsRoute, type SlackBodyHandler } from "./transport.js";

export interface SlackAdapterOptions {
  /** SLACK_BOT_TOKEN (xoxb-…). */
  botToken: string;
  /** SLACK_SIGNING_SECRET: serves POST /slack/events. */
  signingSecret?: string;
  /** SLACK_APP_TOKEN (xapp-…): receives over Socket Mode, no public URL needed. */
  appToken?: string;
  /** SLACK_API_URL: the Web API base (default https://slack.com/api/). */
  apiUrl?: string;
  logger: Logger;
  /** REDIS_URL: shares the post attempt log between replicas (see post-once.ts); in-process otherwise. */
  redisUrl?: string;
  /** Prefix of the Redis keys (REDIS_PREFIX). */
  redisPrefix?: string;
  attemptLog?: AttemptLog;
  /** Look people up with users.info for their name and email (default true). */
  lookupProfiles?: boolean;
  requestTimeoutMs?: number;
  /** For one file download, body included (default 30 s). */
  downloadTimeoutMs?: number;
  now?: () => number;
}

const IDENTIFY_RETRY_MS = 60_000;

/** Who the bot token belongs to (auth.test: https://api.slack.com/methods/auth.test). */
interface BotIdentity {
  tenantId: string;
  name: string;
  userId?: string;
}

async function whoAmI(call: SlackCall): Promise<BotIdentity> {
  let result;
  try {
    result = await call("auth.test");
  } catch (error) {
    throw new Error(`Slack auth.test failed: ${classifySlackError(error, "auth.test").reason}`);
  }
  const team = str(result, "team_id");
  const tenantId = str(result, "enterprise_id") ?? team;
  if (!tenantId) throw new Error("Slack auth.test answered without a team_id");
  const userId = str(result, "user_id");
  return { tenantId, name: str(result, "team") ?? tenantId, ...(userId ? { userId } : {}) };
}

/** The Slack adapter as the runtime sees it, plus what tests and the benchmark need. */
export type SlackAdapter = ChatAdapter &
  Required<Pick<ChatAdapter, "edit" | "createGroup" | "addMembers" | "lookupUser" | "knownTenants" | "fetchAttachment" | "directRoutes">> & { readonly apiUrl: string };

/** Creates the Slack adapter: HTTP Request URL and/or Socket Mode in, Web API out, shared files downloaded on demand. */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const api = createSlackApi({ token: options.botToken, logger, ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}), ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}) });
  const attempts = options.attemptLog ?? (options.redisUrl ? createRedisAttemptLog(options.redisUrl, `${options.redisPrefix ?? "rollout"}:slack:attempt:`) : createMemoryAttemptLog());
  let identity: BotIdentity | null = null;
  let identifiedAt = 0;
  const identify = async (): Promise<BotIdentity> => {
    identifiedAt = now();
    return (identity ??= await whoAmI(api.call));
  };
  /** When auth.test failed at start, try again now and then, without holding up the event at hand. */
  const identifyLater = (): void => {
    if (identity || now() - identifiedAt < IDENTIFY_RETRY_MS) return;
    void identify().catch((error: unknown) => logger.warn({ err: error }, "Slack auth.test failed again"));
  };
  const conversations = createSlackConversations({ call: api.call, logger, botUserId: () => identity?.userId });
  const outbound = createSlackOutbound({ api, attempts, logger, now, openDirect: conversations.openDirect });
  const download = createSlackDownloader({ token: options.botToken, call: api.call, apiUrl: api.apiUrl, ...(options.downloadTimeoutMs ? { timeoutMs: options.downloadTimeoutMs } : {}) });
  const enrich = options.lookupProfiles === false ? async (e: InboundEvent) => e : createProfileLookup(api.call);
  let sink: InboundSink | null = null;

  const handle: SlackBodyHandler = async (body, delivery) => {
    if (!sink) throw new NotReadyError("the Slack adapter has not been started");
    identifyLater();
    const event = decodeSlackBody(body, {
      receivedAt: new Date(now()).toISOString(),
      ...(identity?.userId ? { botUserId: identity.userId } : {}),
    });
    if (delivery.retryNum !== undefined) logger.debug({ retryNum: delivery.retryNum, reason: delivery.retryReason }, "Slack retried a delivery");
    if (!event) return;
    await sink(await enrich(event));
  };

  const socket = options.appToken ? createSocketModeTransport({ appToken: options.appToken, apiUrl: api.apiUrl, logger, handle }) : null;
  const { signingSecret } = options;

  return {
    platform: "slack",
    capabilities: slackCapabilities,
    apiUrl: api.apiUrl,
    directRoutes: signingSecret ? [slackEventsRoute({ signingSecret, logger, now, handle })] : [],
    async knownTenants(): Promise<KnownTenant[]> {
      const me = await identify();
      return [{ externalId: me.tenantId, name: me.name }];
    },
    async start(given) {
      sink = given;
      await identify().catch((error: unknown) => logger.warn({ err: error }, "Slack auth.test failed; the bot's own id is unknown for now"));
      if (socket) await socket.start();
    },
    async stop() {
      sink = null;
      await socket?.stop();
      await attempts.close();
    },
    send: (to, message, opts) => outbound.send(to, message, opts),
    edit: (ref, message, opts) => outbound.edit(ref, message, opts),
    openDirect: (tenantId, userId) => conversations.openDirect(tenantId, userId),
    createGroup: (spec) => conversations.createGroup(spec),
    addMembers: (to, userIds) => conversations.addMembers(to, userIds),
    archiveGroup: (to) => conversations.archiveGroup(to),
    lookupUser: (tenantId, by) => conversations.lookupUser(tenantId, by),
    fetchAttachment: (_conversation, attachment, opts) => download(attachment, opts),
  };
}
