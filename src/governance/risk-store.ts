import "./i18n.js";
import type { Selectable } from "kysely";
import { UserError } from "../core/command.js";
import type { Database } from "../db/database.js";
import { readKey } from "./model.js";
import type { RisksTable } from "./schema.js";

export type RiskRow = Selectable<RisksTable>;

/** The project's risk a key names (`R-3`), or a UserError saying there is none. */
export async function riskByKey(db: Database, projectId: number, key: string): Promise<RiskRow> {
  const number = readKey(key, "R");
  const row = await db.selectFrom("risks").selectAll().where("project_id", "=", projectId).where("number", "=", number).executeTakeFirst();
  if (!row) throw new UserError("governance.errors.no_risk", { key: `R-${number}` });
  return row;
}

/** Records what happened to a risk; a review (or an update) also moves its last review to now. */
export async function recordRiskEvent(trx: Database, risk: Pick<RiskRow, "id" | "tenant_id">, by: number | null, kind: string, note: string | null, at: Date, review = false): Promise<void> {
  await trx.insertInto("risk_events").values({ risk_id: risk.id, tenant_id: risk.tenant_id, person_id: by, kind, note, at }).execute();
  if (review) await trx.updateTable("risks").set({ reviewed_at: at }).where("id", "=", risk.id).execute();
}

/** Open risks of a project, highest exposure first (then the oldest). */
export async function openRisks(db: Database, projectId: number): Promise<RiskRow[]> {
  const rows = await db.selectFrom("risks").selectAll().where("project_id", "=", projectId).where("status", "=", "open").execute();
  return rows.sort((a, b) => b.impact * b.likelihood - a.impact * a.likelihood || b.impact - a.impact || a.number - b.number);
}

/** True while an escalated risk waits for the sponsor's decision. */
export function awaitingDecision(risk: Pick<RiskRow, "status" | "escalated_at" | "decided_at">): boolean {
  return risk.status === "open" && risk.escalated_at !== null && (risk.decided_at === null || risk.decided_at < risk.escalated_at);
}
