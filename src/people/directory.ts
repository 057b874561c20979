import type { PlatformId } from "../core/adapter.js";

/** Looks people up in a platform's own directory (by email or mobile), through that platform's adapter. */
export interface Directory {
  lookup(platform: PlatformId, tenantRef: string, by: { email?: string; mobile?: string }): Promise<string | null>;
  canLookup(platform: PlatformId): boolean;
}

/** A directory over the adapters that implement `lookupUser`. */
export function createDirectory(lookups: ReadonlyMap<PlatformId, (tenantRef: string, by: { email?: string; mobile?: string }) => Promise<string | null>>): Directory {
  return {
    canLookup: (platform) => lookups.has(platform),
    async lookup(platform, tenantRef, by) {
      const lookup = lookups.get(platform);
      return lookup ? lookup(tenantRef, by) : null;
    },
  };
}
