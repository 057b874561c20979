// DingTalk server APIs, two generations:
// - new: https://api.dingtalk.com/v1.0/…, token in the `x-acs-dingtalk-access-token` header, errors as HTTP 4xx/5xx +
//   {code, message} (https://open.dingtalk.com/document/orgapp/server-api-error-codes-1);
// - old: https://oapi.dingtalk.com/topapi/…, token as `?access_token=`, errors as HTTP 200 + {errcode, errmsg}.
// Token: POST /v1.0/oauth2/accessToken {appKey, appSecret} → {accessToken, expireIn}
// https://open.dingtalk.com/document/orgapp/obtain-the-access-token-of-an-internal-app — the same token is accepted
// by the old `topapi` endpoints for internal apps [unverified against a live tenant].
// IP ban answer (no error code): {"status":1111,"wait":5,"punish":"deny"}, wait in minutes
// https://open.dingtalk.com/document/development/how-to-process-api-throttling-on-the-dingtalk-server

export const DEFAULT_API_URL = "https://api.dingtalk.com";
export const DEFAULT_OAPI_URL = "https://oapi.dingtalk.com";
export const TOKEN_PATH = "/v1.0/oauth2/accessToken";
/** A token is replaced this long before DingTalk says it expires. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 15_000;
// Old-API errcodes for a bad or expired token (40014 不合法的access_token, 42001 access_token超时).
const OLD_TOKEN_ERRCODES = new Set(["40014", "42001"]);

/** DingTalk answered, and the answer was an error. `code` is the new API's string code or the old errcode. */
export class DingtalkApiError extends Error {
  override readonly name = "DingtalkApiError";
  constructor(
    readonly path: string,
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    /** Set when DingTalk said how long to wait (the IP ban answer). */
    readonly waitMs?: number,
  ) {
    super(`DingTalk ${path} failed: HTTP ${status}, code ${code || "-"}${detail ? ` (${detail.slice(0, 200)})` : ""}`);
  }
}

/** DingTalk could not be reached (network error, timeout). */
export class DingtalkTransportError extends Error {
  override readonly name = "DingtalkTransportError";
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`DingTalk ${path} unreachable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** A JSON object as DingTalk answers it. */
export type DingtalkJson = Record<string, unknown>;

/** The typed fetch client the adapter sends through. */
export interface DingtalkClient {
  /** A new-style call on the API base URL. */
  api(method: "POST" | "PUT", path: string, body: DingtalkJson): Promise<DingtalkJson>;
  /** An old-style `topapi` call on the oapi base URL (errcode in a 200). */
  oapi(path: string, body: DingtalkJson): Promise<DingtalkJson>;
  /** An old-style multipart upload on the oapi base URL (`?access_token=` plus `query`; errcode in a 200). */
  oapiUpload(path: string, query: Record<string, string>, form: FormData): Promise<DingtalkJson>;
  /** A POST to a session webhook (no token: the URL is the credential). */
  webhook(url: string, body: DingtalkJson): Promise<DingtalkJson>;
}

export interface DingtalkClientOptions {
  appKey: string;
  appSecret: string;
  apiUrl?: string;
  oapiUrl?: string;
  now?: () => number;
}

interface Answer {
  status: number;
  json: DingtalkJson;
}

function asJson(value: unknown): DingtalkJson {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as DingtalkJson) : {};
}

function text(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

/** The IP-ban answer, which comes with any status and no error code. */
function banWaitMs(json: DingtalkJson): number | undefined {
  if (json.status !== 1111) return undefined;
  const minutes = typeof json.wait === "number" && json.wait > 0 ? json.wait : 5;
  return minutes * 60_000;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** Creates the client: one cached access token, refreshed before it expires and once after DingTalk refuses it. */
export function createDingtalkClient(options: DingtalkClientOptions): DingtalkClient {
  const apiUrl = trimSlash(options.apiUrl ?? DEFAULT_API_URL);
  const oapiUrl = trimSlash(options.oapiUrl ?? DEFAULT_OAPI_URL);
  const now = options.now ?? Date.now;
  let cached: { token: string; expiresAt: number } | null = null;
  let inflight: Promise<string> | null = null;

  const call = async (path: string, url: string, init: RequestInit): Promise<Answer> => {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw new DingtalkTransportError(path, error);
    }
    let raw = "";
    try {
      raw = await response.text();
    } catch (error) {
      throw new DingtalkTransportError(path, error);
    }
    let json: DingtalkJson = {};
    try {
      json = asJson(raw ? JSON.parse(raw) : {});
    } catch {
      json = {};
    }
    const wait = banWaitMs(json);
    if (wait !== undefined) throw new DingtalkApiError(path, response.status, "ip_banned", "the server's IP is throttled", wait);
    return { status: response.status, json };
  };

  const fetchToken = async (): Promise<string> => {
    const { status, json } = await call(TOKEN_PATH, `${apiUrl}${TOKEN_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ appKey: options.appKey, appSecret: options.appSecret }),
    });
    const token = text(json.accessToken);
    if (status >= 400 || !token) throw new DingtalkApiError(TOKEN_PATH, status, text(json.code), text(json.message));
    const expireIn = typeof json.expireIn === "number" && json.expireIn > 0 ? json.expireIn : 7200;
    cached = { token, expiresAt: now() + expireIn * 1000 };
    return token;
  };

  const token = (): Promise<string> => {
    if (cached && now() < cached.expiresAt - TOKEN_REFRESH_MARGIN_MS) return Promise.resolve(cached.token);
    inflight ??= fetchToken().finally(() => {
      inflight = null;
    });
    return inflight;
  };

  const forget = (used: string): void => {
    if (cached?.token === used) cached = null;
  };

  /** Runs `attempt` with a token; a refused token is dropped and the call made once more with a fresh one. */
  const withToken = async (attempt: (accessToken: string, last: boolean) => Promise<DingtalkJson | "token_refused">): Promise<DingtalkJson> => {
    const first = await token();
    const answer = await attempt(first, false);
    if (answer !== "token_refused") return answer;
    forget(first);
    const second = await attempt(await token(), true);
    if (second === "token_refused") throw new Error("unreachable: the last attempt throws");
    return second;
  };

  const oldStyle = (path: string, query: Record<string, string>, init: { headers: Record<string, string>; body: string | FormData }): Promise<DingtalkJson> =>
    withToken(async (accessToken, last) => {
      const search = new URLSearchParams({ access_token: accessToken, ...query }).toString();
      const { status, json } = await call(path, `${oapiUrl}${path}?${search}`, { method: "POST", ...init });
      const errcode = text(json.errcode);
      if (status < 400 && (errcode === "" || errcode === "0")) return json;
      if (!last && OLD_TOKEN_ERRCODES.has(errcode)) return "token_refused";
      throw new DingtalkApiError(path, status, errcode, text(json.errmsg));
    });

  return {
    api(method, path, body) {
      return withToken(async (accessToken, last) => {
        const { status, json } = await call(path, `${apiUrl}${path}`, {
          method,
          headers: { "content-type": "application/json", accept: "application/json", "x-acs-dingtalk-access-token": accessToken },
          body: JSON.stringify(body),
        });
        if (status < 400) return json;
        const code = text(json.code);
        if (!last && (status === 401 || code === "InvalidAuthentication")) return "token_refused";
        throw new DingtalkApiError(path, status, code, text(json.message));
      });
    },
    oapi(path, body) {
      return oldStyle(path, {}, { headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body) });
    },
    oapiUpload(path, query, form) {
      return oldStyle(path, query, { headers: { accept: "application/json" }, body: form });
    },
    async webhook(url, body) {
      const path = "sessionWebhook";
      const { status, json } = await call(path, url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      const errcode = text(json.errcode);
      if (status < 400 && (errcode === "" || errcode === "0")) return json;
      throw new DingtalkApiError(path, status, errcode || text(json.code), text(json.errmsg) || text(json.message));
    },
  };
}
