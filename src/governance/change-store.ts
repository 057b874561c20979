import "./i18n.js";
import type { Selectable } from "kysely";
import { UserError } from "../core/command.js";
import type { Database } from "../db/database.js";
import { readKey } from "./model.js";
import type { ChangeRequestsTable } from "./schema.js";

export type ChangeRow = Selectable<ChangeRequestsTable>;

export const CHANGE_DECISIONS = ["approve", "reject", "defer"] as const;
export type ChangeDecision = (typeof CHANGE_DECISIONS)[number];
export const STATUS_OF: Record<ChangeDecision, "approved" | "rejected" | "deferred"> = { approve: "approved", reject: "rejected", defer: "deferred" };

/** The project's change request a key names (`CR-3`), or a UserError saying there is none. */
export async function changeByKey(db: Database, projectId: number, key: string): Promise<ChangeRow> {
  const number = readKey(key, "CR");
  const row = await db.selectFrom("change_requests").selectAll().where("project_id", "=", projectId).where("number", "=", number).executeTakeFirst();
  if (!row) throw new UserError("governance.errors.no_change", { key: `CR-${number}` });
  return row;
}

/** `--impact-time 5` (working days, 0 … 999); anything else is refused naming the option. */
export function readDays(value: string): number {
  const trimmed = value.trim();
  if (!/^\d{1,3}$/.test(trimmed)) throw new UserError("governance.errors.bad_days", { value });
  return Number(trimmed);
}

/** `--impact-cost 20000` (or `20,000`, `1500.50`), 0 or more; anything else is refused naming the option. */
export function readAmount(value: string): string {
  const trimmed = value.trim().replace(/[,，]/g, "");
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(trimmed)) throw new UserError("governance.errors.bad_cost", { value });
  return trimmed;
}

/** Whether the change waits for a sponsor's decision. */
export const awaitingSponsor = (row: Pick<ChangeRow, "status">) => row.status === "reviewed";
export const decided = (row: Pick<ChangeRow, "status">) => row.status === "approved" || row.status === "rejected" || row.status === "deferred";

/** Who may decide: the project's sponsors and the person the PM named. */
export function mayDecide(row: Pick<ChangeRow, "decider_id">, personId: number, roles: readonly string[]): boolean {
  return roles.includes("sponsor") || row.decider_id === personId;
}
