import type { ConversationRef } from "../core/adapter.js";
import { addDays } from "../core/dates.js";
import type { Database } from "../db/database.js";
import "./i18n.js";

export interface MeetingSettings {
  projectId: number;
  tenantId: number;
  weekday: number;
  time: string;
  conversation: ConversationRef;
  setBy: number | null;
}

export async function meetingSettings(db: Database, projectId: number): Promise<MeetingSettings | null> {
  const row = await db.selectFrom("meeting_settings").selectAll().where("project_id", "=", projectId).executeTakeFirst();
  return row ? { projectId: row.project_id, tenantId: row.tenant_id, weekday: row.weekday, time: row.time, conversation: row.conversation, setBy: row.set_by } : null;
}

/** The meeting of that date, made if it is not there yet. */
export async function meetingOn(db: Database, tenantId: number, projectId: number, date: string): Promise<{ id: string; date: string }> {
  await db.insertInto("meetings").values({ tenant_id: tenantId, project_id: projectId, date }).onConflict((oc) => oc.columns(["project_id", "date"]).doNothing()).execute();
  const row = await db.selectFrom("meetings").select(["id", "date"]).where("project_id", "=", projectId).where("date", "=", date).executeTakeFirstOrThrow();
  return { id: String(row.id), date: row.date };
}

/** The meeting actions and decisions belong to: the latest of the last seven days, else today's. */
export async function currentMeeting(db: Database, tenantId: number, projectId: number, today: string): Promise<{ id: string; date: string }> {
  const recent = await db
    .selectFrom("meetings")
    .select(["id", "date"])
    .where("project_id", "=", projectId)
    .where("date", "<=", today)
    .where("date", ">", addDays(today, -7))
    .orderBy("date", "desc")
    .executeTakeFirst();
  return recent ? { id: String(recent.id), date: recent.date } : meetingOn(db, tenantId, projectId, today);
}
