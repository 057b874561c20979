import { randomBytes } from "node:crypto";
import { readConfig, type Config } from "../../src/config.js";

/** Whether integration suites must have real Postgres and Redis (CI sets REQUIRE_SERVICES=1). */
export const requireServices = process.env.REQUIRE_SERVICES === "1";
export const databaseUrl = process.env.DATABASE_URL || undefined;
export const redisUrl = process.env.REDIS_URL || undefined;

/** Fails loudly when a required service is missing, so a green run never means "skipped". */
export function assertServicesPresent(): void {
  const missing = [!databaseUrl && "DATABASE_URL", !redisUrl && "REDIS_URL"].filter(Boolean);
  if (requireServices && missing.length > 0) {
    throw new Error(`REQUIRE_SERVICES=1 but ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set`);
  }
}

/** A unique name for a test's own schema or Redis prefix. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

/** A config for tests: the real services when the environment names them, embedded ones otherwise. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  const result = readConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DEFAULT_LOCALE: "zh-CN",
    TICK_INTERVAL_SECONDS: "3600",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...overrides,
  });
  if (!result.ok) throw new Error(result.problems.join("; "));
  return result.config;
}
