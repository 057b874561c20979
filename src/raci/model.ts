import { t as translate } from "../core/i18n.js";
import type { RaciRole, TaskRow, TaskStatus } from "./schema.js";
import { isRealDate } from "../core/dates.js";
import { keyNumber } from "../core/item-keys.js";
import { PHASES } from "../projects/service.js";

export type { RaciRole, TaskStatus };

export const TASK_STATUSES: readonly TaskStatus[] = ["open", "in_progress", "blocked", "done", "cancelled"];

/** True for a stored status value. */
export function isStatus(value: string): value is TaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(value);
}
/** Statuses whose tasks are still to be done (and may be nagged about). */
export const ACTIVE_STATUSES: readonly TaskStatus[] = ["open", "in_progress", "blocked"];
export const RACI_ROLES: readonly RaciRole[] = ["R", "A", "C", "I"];

/** A person as a task names them. */
export interface PersonRef {
  id: number;
  name: string;
}

/** A RACI task, without its people. */
export interface Task {
  id: string;
  tenantId: number;
  projectId: number;
  number: number;
  key: string;
  title: string;
  phase: string | null;
  dueDate: string | null;
  dueTime: string | null;
  dueAt: Date | null;
  status: TaskStatus;
  snoozedUntil: string | null;
  blockedNote: string | null;
  doneAt: Date | null;
}

/** Who holds which letter on a task. */
export type RaciPeople = Record<RaciRole, PersonRef[]>;

/** A task with its R, A, C and I. */
export interface TaskWithPeople extends Task {
  people: RaciPeople;
}

/** The R, A, C and I a change gives a task, as person ids (A: exactly one; R: at least one). */
export interface RaciIds {
  R: number[];
  A: number[];
  C: number[];
  I: number[];
}

/** A stand-up blocker linked to a task. */
export interface LinkedBlocker {
  key: string;
  ownerName: string;
  text: string;
}

/** Maps a database row to a task. */
export function toTask(row: TaskRow): Task {
  return {
    id: String(row.id),
    tenantId: row.tenant_id,
    projectId: row.project_id,
    number: row.number,
    key: row.key,
    title: row.title,
    phase: row.phase,
    dueDate: row.due_date,
    dueTime: row.due_time,
    dueAt: row.due_at,
    status: row.status,
    snoozedUntil: row.snoozed_until,
    blockedNote: row.blocked_note,
    doneAt: row.done_at,
  };
}

/** Empty R, A, C, I lists. */
export function noPeople(): RaciPeople {
  return { R: [], A: [], C: [], I: [] };
}

/** `T-7`, `t7`, `T 7` → `T-7`; null when the text is not a task key. */
export function readTaskKey(text: string): string | null {
  const number = keyNumber(text, "T");
  return number === null ? null : `T-${number}`;
}

/** The number of a `T-7` key. */
export function numberOfKey(key: string): number {
  return Number(key.replace(/^T-/, ""));
}

/** Splits a cell or flag naming several people: `a;b`, `a；b`, `a、b`, `a,b`. */
export function splitPeople(text: string): string[] {
  return text
    .split(/[;；、,，]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const STATUS_WORDS: Record<string, TaskStatus> = {
  open: "open", todo: "open", "to-do": "open", 待办: "open", 未开始: "open", 打开: "open",
  in_progress: "in_progress", "in-progress": "in_progress", inprogress: "in_progress", doing: "in_progress", started: "in_progress", 进行中: "in_progress", 处理中: "in_progress",
  blocked: "blocked", 阻塞: "blocked", 受阻: "blocked", 卡住: "blocked",
  done: "done", complete: "done", completed: "done", 完成: "done", 已完成: "done",
  cancelled: "cancelled", canceled: "cancelled", cancel: "cancelled", 取消: "cancelled", 已取消: "cancelled",
};

/** A status as people type it (`in progress`, `进行中`, `blocked` …); null when it is none. */
export function readStatus(text: string): TaskStatus | null {
  return STATUS_WORDS[text.trim().toLowerCase().replace(/\s+/g, "_")] ?? null;
}

const CLEAR_WORDS = new Set(["none", "off", "clear", "-", "—", "无", "取消", "清除"]);

/** True for the words that clear an optional value (`none`, `off`, `-`, `无` …). */
export function isClearWord(text: string): boolean {
  return CLEAR_WORDS.has(text.trim().toLowerCase());
}

const MAX_PHASE = 60;

/** A phase as typed: a project phase (`uat`, `用户验收测试`) becomes its key; anything else is a milestone name. */
export function readPhase(text: string): string | null {
  const value = text.trim();
  if (isClearWord(value)) return null;
  const known = PHASES.find((p) => p === value.toLowerCase() || translate("en", `phases.${p}`).toLowerCase() === value.toLowerCase() || translate("zh-CN", `phases.${p}`) === value);
  return known ?? value.slice(0, MAX_PHASE);
}

/** A snooze as typed: `1d`, `+3d`, `2天` (working days to skip), a date nags resume on, or `off`. */
export type SnoozeRequest = { kind: "days"; n: number } | { kind: "date"; date: string } | { kind: "off" };

/** Reads a snooze; null when the text is not one. */
export function readSnooze(text: string): SnoozeRequest | null {
  const value = text.trim().toLowerCase();
  if (isClearWord(value)) return { kind: "off" };
  const days = /^\+?(\d{1,2})\s*(?:d|day|days|天|个工作日|工作日)?$/.exec(value);
  if (days) {
    const n = Number(days[1]);
    return n >= 1 ? { kind: "days", n } : null;
  }
  return isRealDate(value) ? { kind: "date", date: value } : null;
}
