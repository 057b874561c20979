import { createHmac, timingSafeEqual } from "node:crypto";

/** What a download link grants: one person's export, to the one who asked, until it expires. */
export interface ExportGrant {
  tenantId: number;
  personId: number;
  requestedBy: number;
  expiresAt: number;
}

const encode = (value: string) => Buffer.from(value).toString("base64url");

function signature(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(`privacy-export:${payload}`).digest("base64url");
}

/** A token for a download link: the grant, readable, and an HMAC over it. */
export function signExportGrant(secret: string, grant: ExportGrant): string {
  const payload = encode(JSON.stringify([grant.tenantId, grant.personId, grant.requestedBy, grant.expiresAt]));
  return `${payload}.${signature(secret, payload)}`;
}

/** The grant behind a token, or null when it was tampered with, is malformed or has expired. */
export function verifyExportGrant(secret: string, token: string, now: number): ExportGrant | null {
  const [payload, mac, extra] = token.split(".");
  if (!payload || !mac || extra !== undefined) return null;
  const expected = Buffer.from(signature(secret, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || fields.length !== 4 || !fields.every((f) => Number.isSafeInteger(f))) return null;
  const [tenantId, personId, requestedBy, expiresAt] = fields as number[];
  if (expiresAt! <= now) return null;
  return { tenantId: tenantId!, personId: personId!, requestedBy: requestedBy!, expiresAt: expiresAt! };
}
