import "./i18n.js";
import type { ProjectAsker } from "../core/project-asker.js";
import { UserError } from "../core/command.js";
import { keyNumber } from "../core/item-keys.js";

/** Who runs a governance command, in which project. */
export type Asker = ProjectAsker;

export const LEVELS = ["low", "medium", "high"] as const;
export type Level = (typeof LEVELS)[number];

/** `high` → 3 …; anything else is refused naming the option and its values. */
export function readLevel(value: string, option: "impact" | "likelihood"): number {
  const words: Record<string, number> = { low: 1, medium: 2, high: 3, 低: 1, 中: 2, 高: 3, l: 1, m: 2, h: 3 };
  const level = words[value.trim().toLowerCase()];
  if (level === undefined) throw new UserError("governance.errors.bad_level", { option: `--${option}`, value });
  return level;
}

export function levelName(level: number): Level {
  return LEVELS[Math.min(Math.max(level, 1), 3) - 1]!;
}

/** Impact × likelihood, 1 … 9. */
export function exposure(risk: { impact: number; likelihood: number }): number {
  return risk.impact * risk.likelihood;
}

/** `R-3`, `r3`, `3` → 3 for the prefix; anything else is refused as an unknown key. */
export function readKey(value: string, prefix: "R" | "CR"): number {
  const number = keyNumber(value, prefix, { bareNumber: true });
  if (number === null) throw new UserError(prefix === "R" ? "governance.errors.bad_risk_key" : "governance.errors.bad_change_key", { key: value });
  return number;
}

export function isPm(asker: Pick<Asker, "roles">): boolean {
  return asker.roles.includes("pm") || asker.roles.includes("admin");
}

/** Two weeks of working days: a risk not reviewed for this long reminds its owner. */
export const REVIEW_AFTER_WORKING_DAYS = 10;
