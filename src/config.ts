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

/** Every environment variable the bot reads; .env.example documents each one. */
export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: optionalUrl(["postgres", "postgresql"]),
  DATA_DIR: z.string().default("./data"),
  REDIS_URL: optionalUrl(["redis", "rediss"]),
  DEFAULT_LOCALE: z.enum(LOCALES).default("zh-CN"),
  DEFAULT_TIMEZONE: timeZone.default("Asia/Shanghai"),
  CONSOLE: z.enum(["auto", "on", "off"]).default("auto"),
  DEMO_SEED: booleanFlag.transform((v) => v ?? true),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  TICK_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(25_000),
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
