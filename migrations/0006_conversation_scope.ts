import { sql, type Kysely } from "kysely";

// Migrations take Kysely<any>: they describe the schema the typed code relies on, so they cannot use its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Guided conversations in groups: a person may hold one in their DMs ("direct", every existing row) and one per group
 * it was started in, so the key becomes (tenant, person, scope) (src/conversations/store.ts).
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`alter table guided_conversations add column scope text not null default 'direct'`.execute(db);
  await sql`alter table guided_conversations drop constraint guided_conversations_pk`.execute(db);
  await sql`alter table guided_conversations add constraint guided_conversations_pk primary key (tenant_id, person_id, scope)`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`delete from guided_conversations where scope <> 'direct'`.execute(db);
  await sql`alter table guided_conversations drop constraint guided_conversations_pk`.execute(db);
  await sql`alter table guided_conversations add constraint guided_conversations_pk primary key (tenant_id, person_id)`.execute(db);
  await sql`alter table guided_conversations drop column scope`.execute(db);
}
