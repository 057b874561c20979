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
/** pg_trgm's own default threshold for "similar" (its % operator). */
const SIMILAR_AT = 0.3;

/**
 * Open items of the project whose text is similar to this one (pg_trgm, in public on Postgres and PGlite alike),
 * most similar first: the nearest few by trigram distance (a GiST index walk), kept when their similarity is at
 * least pg_trgm's default threshold, 0.3.
 */
export async function similarOpen(db: Database, projectId: number, textIn: string, exceptId: string | null, limit = 3): Promise<SimilarItem[]> {
  const probe = textIn.slice(0, SEARCH_CHARS);
  const rows = await sql<{ id: string; key: string; text: string; score: number; people: string }>`
    select n.id, n.key, n.text, 1 - n.distance as score, 1 + (select count(*) from feedback_followers f where f.item_id = n.id) as people
    from (
      select i.id, i.key, i.text, i.text operator(public.<->) ${probe} as distance
      from feedback_items i
      where i.project_id = ${projectId} and i.status not in ('resolved','wont_fix','merged') ${exceptId === null ? sql`` : sql`and i.id <> ${exceptId}`}
      order by i.text operator(public.<->) ${probe}
      limit ${limit}
    ) n
    where n.distance < ${1 - SIMILAR_AT}
    order by n.distance, n.id`.execute(db);
  return rows.rows.map((r) => ({ id: String(r.id), key: r.key, text: r.text, people: Number(r.people), score: Number(r.score) }));
}
