import "./i18n.js"; // registers the texts whose keys are named here
import type { RaciRole, TaskStatus } from "./model.js";
import type { RaciProblem } from "./service.js";

/** i18n keys of the task statuses. */
export const STATUS_KEYS: Record<TaskStatus, string> = {
  open: "raci.status.open",
  in_progress: "raci.status.in_progress",
  blocked: "raci.status.blocked",
  done: "raci.status.done",
  cancelled: "raci.status.cancelled",
};

/** i18n keys of the four letters. */
export const ROLE_KEYS: Record<RaciRole, string> = { R: "raci.role.R", A: "raci.role.A", C: "raci.role.C", I: "raci.role.I" };

/** i18n keys of what a history entry did. */
export const HISTORY_KEYS: Record<string, string> = {
  created: "raci.history.created",
  imported: "raci.history.imported",
  edited: "raci.history.edited",
  assigned: "raci.history.assigned",
  due: "raci.history.due",
  status: "raci.history.status",
  snoozed: "raci.history.snoozed",
  linked: "raci.history.linked",
};

/** i18n keys of the fields a history entry records (the names stored in task_history.changes). */
export const HISTORY_FIELD_KEYS: Record<string, string> = {
  title: "raci.field.title",
  status: "raci.card.status",
  phase: "raci.card.phase",
  due: "raci.card.due",
  R: "raci.role.R",
  A: "raci.role.A",
  C: "raci.role.C",
  I: "raci.role.I",
  snoozed_until: "raci.field.snoozed_until",
  note: "raci.field.note",
  gate: "raci.field.gate",
  blocker: "raci.field.blocker",
  source: "raci.field.source",
};

/** The field an action is about, where it is about one: its label is not repeated after the action's. */
export const HISTORY_ACTION_FIELDS: Record<string, string> = { status: "status", due: "due", snoozed: "snoozed_until", linked: "blocker" };

/** i18n keys of the RACI invariants' complaints. */
export const RACI_PROBLEM_KEYS: Record<RaciProblem, string> = { no_a: "raci.errors.no_a", many_a: "raci.errors.many_a", no_r: "raci.errors.no_r" };

/** What can be wrong with a line of an import. */
export type ImportProblem =
  | "unterminated_quote"
  | "empty"
  | "missing_columns"
  | "no_rows"
  | "too_many_rows"
  | "too_many_cells"
  | "too_large"
  | "bad_key"
  | "duplicate_key"
  | "unknown_key"
  | "ambiguous_title"
  | "no_title"
  | "title_too_long"
  | "bad_due"
  | "unknown_person"
  | "ambiguous_person"
  | "not_member"
  | "bad_gate"
  | "gate_unavailable"
  | RaciProblem;

/** i18n keys of import problems. */
export const IMPORT_PROBLEM_KEYS: Record<ImportProblem, string> = {
  unterminated_quote: "raci.import.problem.unterminated_quote",
  empty: "raci.import.problem.empty",
  missing_columns: "raci.import.problem.missing_columns",
  bad_gate: "raci.import.problem.bad_gate",
  gate_unavailable: "raci.import.problem.gate_unavailable",
  no_rows: "raci.import.problem.no_rows",
  too_many_rows: "raci.import.problem.too_many_rows",
  too_many_cells: "raci.import.problem.too_many_cells",
  too_large: "raci.import.problem.too_large",
  bad_key: "raci.import.problem.bad_key",
  unknown_key: "raci.import.problem.unknown_key",
  ambiguous_title: "raci.import.problem.ambiguous_title",
  duplicate_key: "raci.import.problem.duplicate_key",
  no_title: "raci.import.problem.no_title",
  title_too_long: "raci.import.problem.title_too_long",
  bad_due: "raci.import.problem.bad_due",
  unknown_person: "raci.import.problem.unknown_person",
  ambiguous_person: "raci.import.problem.ambiguous_person",
  not_member: "raci.import.problem.not_member",
  no_a: "raci.import.problem.no_a",
  many_a: "raci.import.problem.many_a",
  no_r: "raci.import.problem.no_r",
};

/** i18n keys of a file that could not be read. */
export const FILE_PROBLEM_KEYS: Record<"no_file" | "too_large" | "not_text", string> = { no_file: "raci.import.no_file", too_large: "raci.import.too_large", not_text: "raci.import.not_text" };
