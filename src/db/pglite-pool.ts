import type { PGlite } from "@electric-sql/pglite";
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";

/**
 * Presents one embedded PGlite instance as a pg-style pool of a single connection. A connection is held
 * exclusively until released, so a Kysely transaction never interleaves with another caller's queries.
 */
export function createPglitePool(pglite: PGlite): PostgresPool {
  let queue: Promise<void> = Promise.resolve();

  const client = {
    async query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
      const result = await pglite.query<R>(sql, parameters as unknown[]);
      return {
        command: (result.command ?? "SELECT") as PostgresQueryResult<R>["command"],
        rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
        rows: result.rows,
      };
    },
  };

  return {
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const previous = queue;
      queue = previous.then(() => held);
      await previous;
      let released = false;
      return {
        query: client.query as PostgresPoolClient["query"],
        release: () => {
          if (released) return;
          released = true;
          release();
        },
      };
    },
    async end(): Promise<void> {
      await queue;
      await pglite.close();
    },
  };
}
