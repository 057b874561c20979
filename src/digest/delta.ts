import type { PreviousDigest } from "./model.js";

/** "+3" / "−2" / "" against last digest's figure of the same name (nothing when there was none or no change). */
export function delta(previous: PreviousDigest | null, name: string, now: number, unit = ""): string {
  const before = previous?.figures[name];
  if (before === undefined) return "";
  const diff = Math.round((now - before) * 10) / 10;
  if (diff === 0) return "";
  return ` (${diff > 0 ? "+" : "−"}${Math.abs(diff)}${unit})`;
}

/** A percentage for display: one decimal at most, "—" when there is nothing to divide. */
export function pct(value: number | null): string {
  return value === null ? "—" : `${Math.round(value * 10) / 10}%`;
}

/** Whole days from `since` to `now`. */
export function ageDays(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 86_400_000));
}
