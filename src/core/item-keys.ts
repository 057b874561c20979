const patterns = new Map<string, RegExp>();

/**
 * The number in an item key as people type it — `T-7`, `t7`, `T 7` for prefix `T` — or null when the text is not one.
 * With `bareNumber`, a plain `7` counts too (feedback and governance keys, where the command already says which kind).
 */
export function keyNumber(text: string, prefix: string, options: { bareNumber?: boolean } = {}): number | null {
  const id = `${prefix}|${options.bareNumber ? 1 : 0}`;
  let pattern = patterns.get(id);
  if (!pattern) {
    pattern = new RegExp(`^\\s*(?:${prefix}\\s*-?\\s*)${options.bareNumber ? "?" : ""}(\\d{1,7})\\s*$`, "i");
    patterns.set(id, pattern);
  }
  const match = pattern.exec(text);
  return match ? Number(match[1]) : null;
}
