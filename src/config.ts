import { z } from "zod";
import { LOCALES } from "./core/i18n.js";

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(" or ")}`,
    });

const timeZone = z.string().refine(isTimeZone, { message: "must be an IANA time zone such as Asia/Shanghai" });

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : ["true", "1", "yes"].includes(v)));

/** An optional text setting (an empty value counts as unset); `pattern` checks its format when given. */
const optionalText = (pattern?: RegExp, message = "has an invalid format") =>
  z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || !pattern || pattern.test(v), { message });

/** An optional setting limited to a fixed set of values. */
const optionalChoice = (values: readonly string[]) => optionalText(new RegExp(`^(${values.join("|")})$`), `must be one of ${values.join(", ")}`);

/** Every environment variable the bot reads; .env.example documents each one. */
export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: optionalUrl(["postgres", "postgresql"]),
  DATA_DIR: z.string().default("./data"),
  REDIS_URL: optionalUrl(["redis", "rediss"]),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, "letters, digits, _ . - only (1–40)").default("rollout"),
  DEFAULT_LOCALE: z.enum(LOCALES).default("zh-CN"),
  DEFAULT_TIMEZONE: timeZone.default("Asia/Shanghai"),
  CONSOLE: z.enum(["auto", "on", "off"]).default("auto"),
  DEMO_SEED: booleanFlag.transform((v) => v ?? true),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  TICK_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(25_000),
  PUBLIC_URL: optionalUrl(["https", "http"]),
  LINK_SECRET: optionalText(/^.{32,}$/, "must be at least 32 characters (e.g. openssl rand -base64 48), the same on every replica"),
  SLACK_BOT_TOKEN: optionalText(/^xoxb-/, "must be the bot token (xoxb-…) from the app's OAuth & Permissions page"),
  SLACK_SIGNING_SECRET: optionalText(),
  SLACK_APP_TOKEN: optionalText(/^xapp-/, "must be an app-level token (xapp-…) with the connections:write scope"),
  SLACK_API_URL: optionalUrl(["https", "http"]),
  FEISHU_APP_ID: optionalText(),
  FEISHU_APP_SECRET: optionalText(),
  FEISHU_ENCRYPT_KEY: optionalText(),
  FEISHU_VERIFICATION_TOKEN: optionalText(),
  FEISHU_MODE: optionalChoice(["http", "ws"]).transform((v) => (v === "ws" ? "ws" : "http")),
  FEISHU_DOMAIN: optionalText()
    .transform((v) => v ?? "feishu")
    .refine((v) => v === "feishu" || v === "lark" || /^https?:\/\/[^/\s]+/.test(v), { message: "must be feishu, lark or a base URL such as https://open.feishu.cn" }),
  FEISHU_TENANT_KEY: optionalText(),
  WECOM_CORP_ID: optionalText(/^[A-Za-z0-9]+$/, "must be the corp id from 我的企业 → 企业信息 (letters and digits, e.g. ww1436e0e65a779aee)"),
  WECOM_AGENT_ID: optionalText(/^\d+$/, "must be the app's numeric AgentId"),
  WECOM_SECRET: optionalText(),
  WECOM_TOKEN: optionalText(/^[A-Za-z0-9]{1,32}$/, "must be the callback Token: up to 32 letters or digits"),
  WECOM_ENCODING_AES_KEY: optionalText(/^[A-Za-z0-9+/]{43}$/, "must be the 43-character EncodingAESKey"),
  WECOM_API_URL: optionalUrl(["https", "http"]),
  WECOM_AIBOT_ID: optionalText(),
  WECOM_AIBOT_SECRET: optionalText(),
  WECOM_AIBOT_WS_URL: optionalUrl(["wss", "ws"]),
  WECOM_RATE_WINDOW_SCALE: z.coerce.number().positive().max(1).default(1),
  DINGTALK_CLIENT_ID: optionalText(),
  DINGTALK_CLIENT_SECRET: optionalText(),
  DINGTALK_ROBOT_CODE: optionalText(),
  DINGTALK_MODE: optionalChoice(["stream", "http"]).transform((v) => (v === "http" ? "http" : "stream")),
  DINGTALK_CARD_TEMPLATE_ID: optionalText(),
  DINGTALK_SCENE_GROUP_TEMPLATE_ID: optionalText(),
  DINGTALK_CORP_ID: optionalText(/^[A-Za-z0-9]+$/, "must be the corp id (CorpId, e.g. ding1234567890abcdef)"),
  DINGTALK_API_URL: optionalUrl(["https", "http"]),
  DINGTALK_OAPI_URL: optionalUrl(["https", "http"]),
  DINGTALK_GATEWAY_URL: optionalUrl(["https", "http"]),
  DINGTALK_EVENT_TOKEN: optionalText(),
  DINGTALK_EVENT_AES_KEY: optionalText(/^[A-Za-z0-9+/]{43}$/, "must be the 43-character aes_key of the event subscription"),
});

export type Config = z.infer<typeof configSchema>;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Reads the configuration from an environment; lists every offending variable and why. */
export function readConfig(env: Record<string, string | undefined>): ConfigResult {
  // An empty value (`PORT=` in a .env file) means "not set", as it does for most tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""));
  const parsed = configSchema.safeParse(present);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`),
  };
}

/** Reads the configuration or exits 1 after printing every problem (no stack trace). */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  const result = readConfig(env);
  if (result.ok) return result.config;
  process.stderr.write(`rollout-bot: invalid configuration\n${result.problems.map((p) => `  - ${p}`).join("\n")}\n`);
  process.exit(1);
}
