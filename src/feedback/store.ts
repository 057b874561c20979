import "./i18n.js";
import { sql, type Selectable } from "kysely";
import { UserError } from "../core/command.js";
import type { Database } from "../db/database.js";
import { readKey } from "./model.js";
import type { FeedbackItemsTable } from "./schema.js";
import "./i18n.js";

export type ItemRow = Selectable<FeedbackItemsTable>;

/** The next FB number of a project; the counter row's lock keeps numbers distinct. */
export async function nextNumber(trx: Database, projectId: number): Promise<number> {
  const row = await trx
    .insertInto("feedback_counters")
    .values({ project_id: projectId, last_number: 1 })
    .onConflict((oc) => oc.column("project_id").doUpdateSet({ last_number: sql`feedback_counters.last_number + 1` }))
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return row.last_number;
}

export interface NewItem {
  tenantId: number;
  projectId: number;
  text: string;
  type: string | null;
  module: string | null;
  priority: string;
  reporterId: number;
  filedBy: number | null;
  source: "command" | "reply" | "reaction";
  sourceRef: string | null;
  attachments: string | null;
  by: number;
  at: Date;
}

/**
 * Numbers, inserts and records the filing of an item in one statement (one round trip, atomic on its own: filing is
 * the hot path the duplicate search sits on). Undefined when the captured message was filed meanwhile.
 */
export async function insertItem(db: Database, n: NewItem): Promise<ItemRow | undefined> {
  const result = await sql<ItemRow>`
    with counter as (
      insert into feedback_counters (project_id, last_number) values (${n.projectId}, 1)
      on conflict (project_id) do update set last_number = feedback_counters.last_number + 1
      returning last_number
    ), item as (
      insert into feedback_items (tenant_id, project_id, number, key, text, type, module, priority, reporter_id, filed_by, source, source_ref, attachments, created_at, updated_at)
      select ${n.tenantId}, ${n.projectId}, counter.last_number, 'FB-' || counter.last_number, ${n.text}, ${n.type}, ${n.module}, ${n.priority}, ${n.reporterId}, ${n.filedBy}, ${n.source}, ${n.sourceRef}, ${n.attachments}::jsonb, ${n.at}, ${n.at}
      from counter
      on conflict do nothing
      returning *
    ), created as (
      insert into feedback_events (item_id, tenant_id, person_id, kind, note, at) select item.id, item.tenant_id, ${n.by}, 'created', null, ${n.at} from item
    )
    select * from item`.execute(db);
  const row = result.rows[0];
  return row ? { ...row, id: String(row.id), duplicate_of: row.duplicate_of === null ? null : String(row.duplicate_of), task_id: row.task_id === null ? null : String(row.task_id) } : undefined;
}

/** The item a typed key names in the project, or a UserError naming the key. */
export async function itemByKey(db: Database, projectId: number, typed: string): Promise<ItemRow> {
  const number = readKey(typed);
  const row = await db.selectFrom("feedback_items").selectAll().where("project_id", "=", projectId).where("number", "=", number).executeTakeFirst();
  if (!row) throw new UserError("feedback.errors.no_item", { key: `FB-${number}` });
  return row;
}

/** Records one change; its id keys the notices about it, so nobody hears of one change twice. */
export async function recordEvent(trx: Database, item: Pick<ItemRow, "id" | "tenant_id">, personId: number | null, kind: string, note: string | null, at: Date, pending = false): Promise<string> {
  const row = await trx.insertInto("feedback_events").values({ item_id: item.id, tenant_id: item.tenant_id, person_id: personId, kind, note, at, pending }).returning("id").executeTakeFirstOrThrow();
  await trx.updateTable("feedback_items").set({ updated_at: at }).where("id", "=", item.id).execute();
  return String(row.id);
}

export async function followersOf(db: Database, itemId: string): Promise<number[]> {
  const rows = await db.selectFrom("feedback_followers").select("person_id").where("item_id", "=", itemId).orderBy("added_at").execute();
  return rows.map((r) => r.person_id);
}

/** Adds a follower; false when they already follow it. */
export async function follow(trx: Database, item: Pick<ItemRow, "id" | "tenant_id">, personId: number, at: Date): Promise<boolean> {
  const row = await trx.insertInto("feedback_followers").values({ item_id: item.id, person_id: personId, tenant_id: item.tenant_id, added_at: at }).onConflict((oc) => oc.doNothing()).returning("person_id").executeTakeFirst();
  return row !== undefined;
}

/** Follower counts by item id. */
export async function followerCounts(db: Database, itemIds: readonly string[]): Promise<Map<string, number>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db.selectFrom("feedback_followers").select((eb) => ["item_id", eb.fn.countAll<string>().as("n")]).where("item_id", "in", [...itemIds]).groupBy("item_id").execute();
  return new Map(rows.map((r) => [String(r.item_id), Number(r.n)]));
}
