import { DeliveryError } from "../../src/core/delivery-error.js";

// Open API over fetch. Token: https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal
// ("最大有效期是 2 小时 … 剩余有效期小于 30 分钟时，调用本接口会返回一个新的 tenant_access_token").
// Error codes: https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code and
// https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control (99991400 + x-ogw-ratelimit-reset),
// https://open.feishu.cn/document/server-docs/im-v1/message/create (230020), custom-app-api-call-limit (99991403).

const DOMAINS: Record<string, string> = { feishu: "https://open.feishu.cn", lark: "https://open.larksuite.com" };
/** Codes that mean "too many requests now": wait for x-ogw-ratelimit-reset, then try again. */
const RATE_LIMITED = new Set([99991400, 230020, 232019]);
/** The tenant's monthly API quota is used up (free plan): retrying only burns more of nothing. */
export const QUOTA_EXHAUSTED = 99991403;
/** The access token was refused (missing, invalid or expired): fetch a new one and try once more. */
const TOKEN_REFUSED = new Set([99991661, 99991663, 99991668, 99991677]);
/** True when Feishu's code says the tenant_access_token was refused (a new one may work). */
export const isTokenRefused = (code: number | undefined): boolean => code !== undefined && TOKEN_REFUSED.has(code);
const REFRESH_BEFORE_MS = 10 * 60 * 1000;
const DEFAULT_RATE_WAIT_MS = 1000;

/** The Open API base URL for FEISHU_DOMAIN: `feishu`, `lark`, or a base URL (tests point it at a fake). */
export function feishuBaseUrl(domain: string): string {
  const known = DOMAINS[domain.trim().toLowerCase()];
  if (known) return known;
  if (!/^https?:\/\/[^/]+/i.test(domain)) throw new Error(`FEISHU_DOMAIN must be feishu, lark or a base URL, got ${JSON.stringify(domain)}`);
  return domain.trim().replace(/\/+$/, "");
}

/** A JSON object as Feishu returns it. */
export type FeishuJson = Record<string, unknown>;

export interface FeishuClientOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

export interface FeishuRequest {
  query?: Record<string, string>;
  body?: unknown;
  /** A multipart body (file uploads) instead of JSON. */
  form?: FormData;
}

/** A small Open API client: cached tenant token, JSON in and out, failures classified as DeliveryError. */
export interface FeishuClient {
  readonly baseUrl: string;
  request(method: "GET" | "POST" | "PATCH" | "PUT", path: string, req?: FeishuRequest): Promise<FeishuJson>;
  /** The cached tenant_access_token, for calls that do not answer JSON (file downloads); `refused` drops that token first. */
  accessToken(refused?: string): Promise<string>;
}

/** What one failed call looked like, for classification. */
export interface FeishuFailure {
  path: string;
  status: number;
  code?: number;
  msg?: string;
  /** x-ogw-ratelimit-reset: seconds until the rate window resets. */
  resetSeconds?: string | null;
}

/** A failed Open API call, classified for the deliver job; `code` is Feishu's own error code when it sent one. */
export class FeishuApiError extends DeliveryError {
  constructor(
    kind: "retry" | "fatal",
    reason: string,
    retryAfterMs: number | undefined,
    readonly code: number | undefined,
  ) {
    super(kind, reason, retryAfterMs);
    this.name = "FeishuApiError";
  }
}

/** Classifies a failed call: rate limits and 5xx retry (with Feishu's wait hint), the monthly quota and the rest are fatal. */
export function classifyFeishuFailure(f: FeishuFailure): FeishuApiError {
  const what = `feishu ${f.path}: ${f.code !== undefined ? `code ${f.code}` : `HTTP ${f.status}`}${f.msg ? ` ${f.msg}` : ""}`;
  if (f.code === QUOTA_EXHAUSTED) return new FeishuApiError("fatal", `monthly API quota used up (${what}); not retried`, undefined, f.code);
  if ((f.code !== undefined && RATE_LIMITED.has(f.code)) || (f.code === undefined && f.status === 429)) {
    const seconds = Number(f.resetSeconds);
    const waitMs = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds * 1000) : DEFAULT_RATE_WAIT_MS;
    return new FeishuApiError("retry", `rate limited (${what})`, waitMs, f.code);
  }
  return new FeishuApiError(f.status >= 500 ? "retry" : "fatal", what, undefined, f.code);
}

const asObject = (value: unknown): FeishuJson | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as FeishuJson) : undefined;

/** Creates the Open API client. */
export function createFeishuClient(options: FeishuClientOptions): FeishuClient {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let cached: { token: string; refreshAt: number } | null = null;
  let pending: Promise<string> | null = null;

  type Outcome = { ok: true; json: FeishuJson } | { ok: false; failure: FeishuFailure };

  const call = async (method: string, path: string, init: FeishuRequest & { token?: string }): Promise<Outcome> => {
    const url = new URL(`${options.baseUrl}/open-apis${path}`);
    for (const [k, v] of Object.entries(init.query ?? {})) url.searchParams.set(k, v);
    // A FormData body sets its own multipart Content-Type (with the boundary).
    const headers: Record<string, string> = init.form ? {} : { "Content-Type": "application/json; charset=utf-8" };
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers,
        ...(init.form ? { body: init.form } : init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new FeishuApiError("retry", `feishu ${path}: network error ${error instanceof Error ? error.message : String(error)}`, undefined, undefined);
    }
    const text = await response.text().catch(() => "");
    let json: FeishuJson | undefined;
    try {
      json = asObject(JSON.parse(text));
    } catch {
      json = undefined;
    }
    const code = typeof json?.code === "number" ? json.code : undefined;
    if (response.ok && code === 0 && json) return { ok: true, json };
    const failure: FeishuFailure = { path, status: response.status, resetSeconds: response.headers.get("x-ogw-ratelimit-reset") };
    if (code !== undefined) failure.code = code;
    if (typeof json?.msg === "string") failure.msg = json.msg;
    return { ok: false, failure };
  };

  const fetchToken = async (): Promise<string> => {
    const started = now();
    const result = await call("POST", "/auth/v3/tenant_access_token/internal", { body: { app_id: options.appId, app_secret: options.appSecret } });
    if (!result.ok) throw classifyFeishuFailure(result.failure);
    const token = result.json.tenant_access_token;
    const expire = typeof result.json.expire === "number" ? result.json.expire * 1000 : 7_200_000;
    if (typeof token !== "string" || token.length === 0) throw new FeishuApiError("fatal", "feishu token: the response carried no tenant_access_token", undefined, undefined);
    cached = { token, refreshAt: started + expire - Math.min(REFRESH_BEFORE_MS, expire / 2) };
    return token;
  };

  const token = async (): Promise<string> => {
    if (cached && now() < cached.refreshAt) return cached.token;
    pending ??= fetchToken().finally(() => {
      pending = null;
    });
    return pending;
  };

  return {
    baseUrl: options.baseUrl,
    async accessToken(refused) {
      if (refused !== undefined && cached?.token === refused) cached = null;
      return token();
    },
    async request(method, path, req = {}) {
      for (let attempt = 0; ; attempt++) {
        const bearer = await token();
        const result = await call(method, path, { ...req, token: bearer });
        if (result.ok) return result.json;
        const { failure } = result;
        if (isTokenRefused(failure.code) && attempt === 0) {
          if (cached?.token === bearer) cached = null;
          continue;
        }
        throw classifyFeishuFailure(failure);
      }
    },
  };
}
