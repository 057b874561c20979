import "./i18n.js";
import type { ProjectAsker } from "../core/project-asker.js";
import { UserError, type Role } from "../core/command.js";
import { keyNumber } from "../core/item-keys.js";
import { suggest } from "../core/suggest.js";
import { FEEDBACK_TYPES, PRIORITIES, type FeedbackStatus, type FeedbackType, type Priority } from "./schema.js";

/** Who runs a feedback command, in which project. */
export type Asker = ProjectAsker;

/** The longest text kept whole; a longer one is refused with its length. */
export const MAX_TEXT = 4000;

/** Statuses an item is still open in (the duplicate search and reminders look at these). */
export const OPEN_STATUSES: readonly FeedbackStatus[] = ["new", "triaged", "in_progress", "planned", "needs_info"];
/** Statuses a person sets with `feedback status`. */
export const SETTABLE: readonly FeedbackStatus[] = ["triaged", "in_progress", "planned", "resolved", "wont_fix", "needs_info"];

const TYPE_WORDS: Record<string, FeedbackType> = {
  bug: "bug", 缺陷: "bug", defect: "bug",
  performance: "performance", perf: "performance", slow: "performance", 系统性能: "performance", 性能: "performance",
  missing_feature: "missing_feature", "missing-feature": "missing_feature", missing: "missing_feature", feature: "missing_feature", 功能缺失: "missing_feature",
  too_complex: "too_complex", "too-complex": "too_complex", complex: "too_complex", 操作复杂: "too_complex", 复杂: "too_complex",
  training: "training", "how-to": "training", howto: "training", 培训: "training", 操作咨询: "training", "培训/操作咨询": "training",
  data: "data", 数据问题: "data", 数据: "data",
  suggestion: "suggestion", idea: "suggestion", 建议: "suggestion",
  complaint: "complaint", 投诉: "complaint",
};

const PRIORITY_WORDS: Record<string, Priority> = { urgent: "urgent", 紧急: "urgent", high: "high", 高: "high", normal: "normal", 普通: "normal", 中: "normal", low: "low", 低: "low" };

const STATUS_WORDS: Record<string, FeedbackStatus> = {
  triaged: "triaged", 已分诊: "triaged", in_progress: "in_progress", "in-progress": "in_progress", 处理中: "in_progress",
  planned: "planned", 已排期: "planned", resolved: "resolved", fixed: "resolved", 已解决: "resolved",
  wont_fix: "wont_fix", "wont-fix": "wont_fix", "won't_fix": "wont_fix", 不处理: "wont_fix", needs_info: "needs_info", "needs-info": "needs_info", 待补充: "needs_info",
};

export function readType(value: string): FeedbackType {
  const found = TYPE_WORDS[value.trim().toLowerCase()];
  if (!found) throw new UserError("feedback.errors.bad_type", { value, values: FEEDBACK_TYPES.join(", ") });
  return found;
}

export function readPriority(value: string): Priority {
  const found = PRIORITY_WORDS[value.trim().toLowerCase()];
  if (!found) throw new UserError("feedback.errors.bad_priority", { value, values: PRIORITIES.join(", ") });
  return found;
}

export function readStatus(value: string): FeedbackStatus {
  const found = STATUS_WORDS[value.trim().toLowerCase()];
  if (!found) throw new UserError("feedback.errors.bad_status", { value, values: SETTABLE.join(", ") });
  return found;
}

/** `FB-12`, `fb12`, `12` → 12; anything else is refused as not a feedback key. */
export function readKey(value: string): number {
  const number = keyNumber(value, "FB", { bareNumber: true });
  if (number === null) throw new UserError("feedback.errors.bad_key", { key: value });
  return number;
}

/** The module as listed for the project (case-insensitive), or a UserError offering the nearest ones. */
export function readModule(value: string, modules: readonly string[]): string {
  const wanted = value.trim().toLowerCase();
  const found = modules.find((m) => m.toLowerCase() === wanted);
  if (found) return found;
  const near = suggest(wanted, modules.map((m) => m.toLowerCase()));
  throw new UserError(near.length > 0 ? "feedback.errors.bad_module_near" : "feedback.errors.bad_module", { value, near: near.join(", "), modules: modules.join(", ") });
}

export function isPm(roles: readonly Role[]): boolean {
  return roles.includes("pm") || roles.includes("admin");
}

export function isTriager(roles: readonly Role[]): boolean {
  return isPm(roles) || roles.includes("key_user");
}

/**
 * Feedback text is quoted, never obeyed: platform-wide mentions (`@all`, `<!channel>`, `<at user_id="all">`, `@所有人`)
 * are defused so that a card in a group cannot ping everyone.
 */
export function defuse(textIn: string): string {
  return textIn
    .replace(/<!(channel|here|everyone)(\|[^>]*)?>/gi, "@\u200b$1")
    .replace(/<at\b[^>]*>([^<]*)<\/at>/gi, (_m, name: string) => `@\u200b${name || "all"}`)
    .replace(/<at\b[^>]*\/?>/gi, "@\u200ball")
    .replace(/@(all|here|channel|everyone|所有人|全体成员)/gi, "@\u200b$1");
}
