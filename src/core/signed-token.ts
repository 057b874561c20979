import { createHmac, timingSafeEqual } from "node:crypto";

const mac = (secret: string, purpose: string, payload: string) => createHmac("sha256", secret).update(`${purpose}:${payload}`).digest("base64url");

/**
 * A token for a link: whole numbers, readable (base64url JSON), with an HMAC over them under a purpose, so a token
 * made for one kind of link never opens another. By convention the last number is the expiry (ms since the epoch).
 */
export function signFields(secret: string, purpose: string, fields: readonly number[]): string {
  const payload = Buffer.from(JSON.stringify(fields)).toString("base64url");
  return `${payload}.${mac(secret, purpose, payload)}`;
}

/** The `count` numbers behind a token, or null when it was tampered with, is malformed or its expiry (the last) has passed. */
export function verifyFields(secret: string, purpose: string, token: string, count: number, now: number): number[] | null {
  const [payload, given, extra] = token.split(".");
  if (!payload || !given || extra !== undefined) return null;
  const expected = Buffer.from(mac(secret, purpose, payload));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || fields.length !== count || !fields.every((f) => Number.isSafeInteger(f))) return null;
  return (fields[count - 1] as number) > now ? (fields as number[]) : null;
}
