import "./i18n.js";
import type { Selectable } from "kysely";
import type { ConversationRef } from "../core/adapter.js";
import { RefusalError, UserError } from "../core/command.js";
import type { Database } from "../db/database.js";
import type { GoliveDeps } from "./deps.js";
import { isPm, type GoliveAsker } from "./model.js";
import type { WarroomRole, WarroomsTable } from "./schema.js";

export type Warroom = Selectable<WarroomsTable>;

/** The project's live war room (open or in hypercare), if any. */
export async function liveWarroom(db: Database, projectId: number): Promise<Warroom | null> {
  return (await db.selectFrom("warrooms").selectAll().where("project_id", "=", projectId).where("status", "<>", "closed").executeTakeFirst()) ?? null;
}

/** The live war room, or a UserError telling the PM how to open one. */
export async function requireWarroom(db: Database, who: GoliveAsker): Promise<Warroom> {
  const room = await liveWarroom(db, who.projectId);
  if (!room) throw new UserError("golive.errors.no_warroom");
  return room;
}

export async function rolesOf(db: Database, warroomId: string): Promise<Map<WarroomRole, number>> {
  const rows = await db.selectFrom("warroom_roles").select(["role", "person_id"]).where("warroom_id", "=", warroomId).execute();
  return new Map(rows.map((r) => [r.role, r.person_id]));
}

/** Only the commander or the PM may change roles or close the war room; anyone else is refused (and audited). */
export async function requireCommanderOrPm(db: Database, room: Warroom, who: GoliveAsker): Promise<void> {
  if (isPm(who)) return;
  if ((await rolesOf(db, room.id)).get("commander") === who.personId) return;
  throw new RefusalError("golive.errors.commander_or_pm", {}, { warroom: room.id });
}

/** Appends an event to the war room's timeline (names are never written into `text`: people are ids). */
export async function logEvent(deps: Pick<GoliveDeps, "db" | "core">, room: Pick<Warroom, "id" | "tenant_id">, personId: number | null, kind: string, text = "", at?: Date): Promise<void> {
  await deps.db.insertInto("warroom_events").values({ tenant_id: room.tenant_id, warroom_id: room.id, person_id: personId, kind, text, at: at ?? deps.core.clock.now() }).execute();
}

/** The war room's group once the platform has created it. */
export async function groupOf(deps: GoliveDeps, room: Warroom): Promise<ConversationRef | null> {
  return (await deps.core.notify.groupFor(room.group_key))?.conversation ?? null;
}
