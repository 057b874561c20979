import { signFields, verifyFields } from "../core/signed-token.js";

/** What a download link grants: one person's export, to the one who asked, until it expires. */
export interface ExportGrant {
  tenantId: number;
  personId: number;
  requestedBy: number;
  expiresAt: number;
}

/** A token for a download link: the grant, readable, and an HMAC over it. */
export function signExportGrant(secret: string, grant: ExportGrant): string {
  return signFields(secret, "privacy-export", [grant.tenantId, grant.personId, grant.requestedBy, grant.expiresAt]);
}

/** The grant behind a token, or null when it was tampered with, is malformed or has expired. */
export function verifyExportGrant(secret: string, token: string, now: number): ExportGrant | null {
  const fields = verifyFields(secret, "privacy-export", token, 4, now);
  return fields ? { tenantId: fields[0]!, personId: fields[1]!, requestedBy: fields[2]!, expiresAt: fields[3]! } : null;
}
