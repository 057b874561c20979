import { sql } from "kysely";
import type { Database } from "../db/database.js";

export interface SimilarItem {
  id: string;
  key: string;
  text: string;
  /** The reporter and every follower. */
  people: number;
  score: number;
}

/** What the duplicate search compares: the start of a text is enough to recognise it, and keeps the search cheap. */
const SEARCH_CHARS = 500;

/**
 * Open items of the project whose text is similar to this one (pg_trgm, in public on Postgres and PGlite alike),
 * most similar first. The `%` operator (similarity above pg_trgm's threshold, 0.3) lets the trigram index answer.
 */
export async function similarOpen(db: Database, projectId: number, textIn: string, exceptId: string | null, limit = 3): Promise<SimilarItem[]> {
  const probe = textIn.slice(0, SEARCH_CHARS);
  const rows = await sql<{ id: string; key: string; text: string; score: number; people: string }>`
    select i.id, i.key, i.text, public.similarity(i.text, ${probe}) as score,
      1 + (select count(*) from feedback_followers f where f.item_id = i.id) as people
    from feedback_items i
    where i.project_id = ${projectId} and i.status not in ('resolved','wont_fix','merged')
      and i.text operator(public.%) ${probe} ${exceptId === null ? sql`` : sql`and i.id <> ${exceptId}`}
    order by score desc, i.id
    limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ id: String(r.id), key: r.key, text: r.text, people: Number(r.people), score: Number(r.score) }));
}
