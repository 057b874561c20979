// A small typed client over fetch for the self-built app's server API (https://qyapi.weixin.qq.com/cgi-bin).
// Token: https://developer.work.weixin.qq.com/document/path/91039 — errors: https://developer.work.weixin.qq.com/document/path/90313

/** The base URL WeCom serves its server API from. */
export const WECOM_API_URL = "https://qyapi.weixin.qq.com/cgi-bin";
/** A cached token is replaced this long before WeCom says it expires. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** errcodes meaning the access token is invalid or expired: fetch a new one and try once more. */
const TOKEN_ERRCODES = new Set([40014, 42001]);
const REQUEST_TIMEOUT_MS = 10_000;

/** WeCom answered with a non-zero errcode (HTTP 200, as it always does). */
export class WecomApiError extends Error {
  override readonly name = "WecomApiError";
  constructor(
    readonly path: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeCom ${path} failed: errcode ${errcode} ${errmsg}`);
  }
}

/** The request never got a WeCom answer: network error, timeout, non-200 status or a body that is not JSON. */
export class WecomTransportError extends Error {
  override readonly name = "WecomTransportError";
  constructor(
    readonly path: string,
    reason: string,
    readonly status?: number,
  ) {
    super(`WeCom ${path}: ${reason}`);
  }
}

/** A WeCom answer whose errcode was 0: its other fields, unchecked. */
export type WecomResult = Readonly<Record<string, unknown>>;

/** Where the API is and whose token to fetch. */
export interface WecomClientOptions {
  apiUrl?: string;
  corpId: string;
  secret: string;
  /** Milliseconds since the epoch; tests move it to reach a token's expiry. */
  now?: () => number;
}

/** The self-built app's API: one cached access token, JSON calls that throw WecomApiError / WecomTransportError. */
export interface WecomClient {
  /** POSTs `body` to `path` (e.g. "message/send") with the access token; retries once on 40014 / 42001. */
  post(path: string, body: Record<string, unknown>): Promise<WecomResult>;
  /** GETs `path` with `query` and the access token (e.g. "appchat/get"); retries once on 40014 / 42001. */
  get(path: string, query: Record<string, string>): Promise<WecomResult>;
  /** POSTs a multipart `form` to `path` with the access token and `query` (e.g. media/upload?type=image); same retry. */
  upload(path: string, query: Record<string, string>, form: FormData): Promise<WecomResult>;
  /** How many times a token was fetched (for tests and metrics). */
  tokenFetches(): number;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Reads a WeCom JSON answer: throws unless errcode is 0. */
function readResult(path: string, json: unknown): WecomResult {
  const body = asRecord(json);
  if (!body) throw new WecomTransportError(path, "the answer is not a JSON object");
  const errcode = typeof body.errcode === "number" ? body.errcode : 0;
  if (errcode !== 0) throw new WecomApiError(path, errcode, typeof body.errmsg === "string" ? body.errmsg : "");
  return body;
}

/** Creates the client; the token is fetched lazily, once for concurrent callers, and refreshed before it expires. */
export function createWecomClient(options: WecomClientOptions): WecomClient {
  const base = (options.apiUrl ?? WECOM_API_URL).replace(/\/+$/, "");
  const now = options.now ?? Date.now;
  let cached: { token: string; refreshAt: number } | null = null;
  let inflight: Promise<string> | null = null;
  let fetches = 0;

  const request = async (path: string, init: RequestInit, query: Record<string, string>): Promise<WecomResult> => {
    const url = `${base}/${path}?${new URLSearchParams(query).toString()}`;
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw new WecomTransportError(path, error instanceof Error ? error.message : "request failed");
    }
    if (response.status !== 200) throw new WecomTransportError(path, `HTTP ${response.status}`, response.status);
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new WecomTransportError(path, "the answer is not JSON", response.status);
    }
    return readResult(path, json);
  };

  const fetchToken = async (): Promise<string> => {
    fetches++;
    const result = await request("gettoken", { method: "GET" }, { corpid: options.corpId, corpsecret: options.secret });
    const token = result.access_token;
    const expiresIn = typeof result.expires_in === "number" ? result.expires_in : 7200;
    if (typeof token !== "string" || !token) throw new WecomTransportError("gettoken", "the answer has no access_token");
    cached = { token, refreshAt: now() + Math.max(0, expiresIn * 1000 - TOKEN_REFRESH_MARGIN_MS) };
    return token;
  };

  const token = (): Promise<string> => {
    if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
    inflight ??= fetchToken().finally(() => {
      inflight = null;
    });
    return inflight;
  };

  const withToken = async (path: string, init: RequestInit, query: Record<string, string>, retried = false): Promise<WecomResult> => {
    const accessToken = await token();
    try {
      return await request(path, init, { ...query, access_token: accessToken });
    } catch (error) {
      if (retried || !(error instanceof WecomApiError) || !TOKEN_ERRCODES.has(error.errcode)) throw error;
      if (cached?.token === accessToken) cached = null;
      return withToken(path, init, query, true);
    }
  };

  return {
    post: (path, body) => withToken(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }, {}),
    get: (path, query) => withToken(path, { method: "GET" }, query),
    upload: (path, query, form) => withToken(path, { method: "POST", body: form }, query),
    tokenFetches: () => fetches,
  };
}
