import { LogLevel, WebClient, type Logger as SlackSdkLogger } from "@slack/web-api";
import type { Logger } from "pino";
import { record, type Json } from "./payload.js";

/** Slack's Web API base; SLACK_API_URL replaces it (tests point it at a fake on 127.0.0.1). */
export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

/** One Web API method call: arguments in, the parsed answer out; errors are @slack/web-api's error classes. */
export type SlackCall = (method: string, args?: Record<string, unknown>) => Promise<Json>;

export interface SlackApi {
  call: SlackCall;
  /** The base URL in use (ends with a slash). */
  readonly apiUrl: string;
}

/**
 * A Web API client with the SDK's own retries switched off (retryConfig.retries = 0, 429s rejected at once):
 * the deliver job owns retries and waits. https://tools.slack.dev/node-slack-sdk/web-api#rate-limits
 */
export function createSlackApi(options: { token: string; apiUrl?: string; timeoutMs?: number; logger: Logger }): SlackApi {
  const apiUrl = withSlash(options.apiUrl ?? DEFAULT_SLACK_API_URL);
  const client = new WebClient(options.token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    allowAbsoluteUrls: false,
    logger: toSdkLogger(options.logger),
  });
  return {
    apiUrl,
    async call(method, args = {}) {
      const result: unknown = await client.apiCall(method, args);
      return record(result) ?? {};
    },
  };
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

/**
 * The SDKs' logger interface over pino. Debug lines are dropped: the SDK writes request bodies (message text)
 * at debug level, and our logs never carry message bodies.
 */
export function toSdkLogger(logger: Logger): SlackSdkLogger {
  const child = logger.child({ component: "slack-sdk" });
  const line = (parts: unknown[]): string => parts.map((p) => (p instanceof Error ? p.message : String(p))).join(" ");
  let level = LogLevel.INFO;
  return {
    debug: () => undefined,
    info: (...msg: unknown[]) => child.info(line(msg)),
    warn: (...msg: unknown[]) => child.warn(line(msg)),
    error: (...msg: unknown[]) => child.error(line(msg)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
