/** The read APIs features publish to each other, by feature name. */
export interface FeatureReads {
  /** The read API of a feature listed earlier; throws when it is missing (a wrong order in the feature list). */
  get<R>(feature: string): R;
  has(feature: string): boolean;
}

/** A registry the composition root fills as it builds features in order. */
export function createFeatureReads(): FeatureReads & { set(feature: string, read: unknown): void } {
  const reads = new Map<string, unknown>();
  return {
    get<R>(feature: string): R {
      if (!reads.has(feature)) throw new Error(`feature "${feature}" has no read API yet: list it before the features that read it`);
      return reads.get(feature) as R;
    },
    has: (feature) => reads.has(feature),
    set(feature, read) {
      reads.set(feature, read);
    },
  };
}
