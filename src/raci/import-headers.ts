import type { RaciRole } from "./model.js";

/** A column of the RACI CSV. */
export type Column = "key" | "title" | "phase" | "due" | "gate" | RaciRole;

/** The names each column is known by, in Chinese and English, as spreadsheets and project plans write them. */
export const COLUMN_NAMES: Record<Column, readonly string[]> = {
  key: ["key", "id", "task id", "task key", "编号", "任务编号", "任务id"],
  title: ["title", "task", "name", "task name", "task title", "subject", "item", "activity", "work item", "deliverable", "任务", "标题", "任务名称", "任务名", "名称", "事项", "工作项", "工作内容", "活动", "交付物"],
  phase: ["phase", "stage", "milestone", "阶段", "里程碑", "项目阶段"],
  due: ["due", "due date", "deadline", "end date", "target date", "finish date", "截止", "截止日期", "截止时间", "到期", "到期日", "完成时间", "完成日期", "计划完成时间", "计划完成日期", "结束日期"],
  R: ["r", "responsible", "owner", "assignee", "doer", "负责", "负责人", "执行", "执行人", "责任人", "经办人", "承办人"],
  A: ["a", "accountable", "approver", "approved by", "批准", "批准人", "问责", "问责人", "审批", "审批人", "最终负责人"],
  C: ["c", "consulted", "consult", "咨询", "咨询人", "顾问", "被咨询"],
  I: ["i", "informed", "inform", "知会", "知会人", "告知", "通知", "抄送"],
  gate: ["gate", "category", "go-live gate", "关卡", "上线类别", "类别", "上线关卡"],
};

const BY_NAME = new Map<string, Column>(Object.entries(COLUMN_NAMES).flatMap(([column, names]) => names.map((n) => [n, column as Column] as const)));

const normal = (text: string) =>
  text
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, " ")
    .replace(/[：:]$/, "");

/**
 * The column a header cell names: its words as they are (`Task Name`, `截止日期`), else without a bracketed note
 * (`负责人（R）`), else the note itself (`Responsible (R)` → R). Null for a column the import does not read.
 */
export function columnOf(header: string): Column | null {
  const text = normal(header);
  const direct = BY_NAME.get(text);
  if (direct) return direct;
  const bracket = /^(.*?)\s*[（(【[]\s*(.*?)\s*[）)】\]]\s*$/.exec(text);
  if (!bracket) return null;
  return BY_NAME.get(normal(bracket[1] ?? "")) ?? BY_NAME.get(normal(bracket[2] ?? "")) ?? null;
}

/** The names a column is accepted under, for a message: `title, task, name, …`. */
export function acceptedNames(column: Column): string {
  return COLUMN_NAMES[column].join(", ");
}
