import { EventDispatcher, LoggerLevel, WSClient } from "@larksuiteoapi/node-sdk";
import type { Logger } from "pino";

// Long connection ("使用长连接接收事件"): the SDK's WSClient opens the socket (no public URL), authenticates once, and
// pushes plaintext events and card callbacks; each must be handled within 3 s without throwing or it is re-pushed.
// https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
// The WSClient calls `eventDispatcher.invoke(envelope, { needCheck: false })` with the whole v2 envelope
// (@larksuiteoapi/node-sdk lib/index.js, WSClient.handleEventData); the stock dispatcher flattens header and event
// into one object, so this one hands the untouched envelope to the same inbound path the webhook uses.

type Handler = (envelope: unknown) => Promise<unknown>;

class EnvelopeDispatcher extends EventDispatcher {
  constructor(
    private readonly onEnvelope: Handler,
    logger: Logger,
  ) {
    super({ logger: sdkLogger(logger), loggerLevel: LoggerLevel.warn });
  }

  override async invoke(data: unknown): Promise<unknown> {
    return this.onEnvelope(data);
  }
}

/** The SDK's logger interface over pino; the SDK logs payloads only at debug, which stays off. */
function sdkLogger(logger: Logger) {
  const child = logger.child({ component: "feishu-ws" });
  // The SDK's LoggerProxy passes its arguments on as one array; only strings and error messages are kept.
  const line = (parts: unknown[]): string =>
    parts
      .flat()
      .map((p) => (typeof p === "string" ? p : p instanceof Error ? p.message : ""))
      .join(" ")
      .trim();
  return {
    error: (...parts: unknown[]) => child.error(line(parts)),
    warn: (...parts: unknown[]) => child.warn(line(parts)),
    info: (...parts: unknown[]) => child.info(line(parts)),
    debug: () => undefined,
    trace: () => undefined,
  };
}

/** An open long connection. */
export interface FeishuLongConnection {
  close(): void;
}

/** Opens the SDK long connection to `baseUrl` (FEISHU_DOMAIN) and routes every pushed envelope to `handle`. */
export async function openFeishuLongConnection(options: { appId: string; appSecret: string; baseUrl: string; logger: Logger; handle: Handler }): Promise<FeishuLongConnection> {
  const client = new WSClient({
    appId: options.appId,
    appSecret: options.appSecret,
    domain: options.baseUrl,
    logger: sdkLogger(options.logger),
    loggerLevel: LoggerLevel.warn,
    onError: (error) => options.logger.error({ err: error }, "feishu long connection gave up"),
  });
  await client.start({ eventDispatcher: new EnvelopeDispatcher(options.handle, options.logger) });
  return { close: () => client.close({ force: true }) };
}
