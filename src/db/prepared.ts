import { createQueryId, type Compilable, type CompiledQuery, type QueryResult } from "kysely";
import type { Database } from "./database.js";

/** Stands in for the i-th argument while a prepared statement is compiled. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A statement of fixed shape that runs on every command (claim an event's key, write an outbox row): `build` is
 * called once with placeholders in place of its arguments and compiled once; each call then only puts its arguments
 * in the placeholders' parameter positions. Building and compiling a Kysely query costs more CPU than sending it.
 * Only for values that stay one parameter each (no values Kysely inlines; arrays are refused, as `in` expands them):
 * compiling checks that every argument landed in a parameter, and throws otherwise.
 */
export function prepared<A extends unknown[], O>(db: Database, build: (...args: A) => Compilable<O>): (...args: A) => Promise<QueryResult<O>> {
  let compiled: { query: CompiledQuery<O>; positions: (number | null)[] } | null = null;
  const compile = () => {
    const slots = Array.from({ length: build.length }, (_, i) => new Slot(i)) as unknown as A;
    const query = build(...slots).compile();
    const positions = query.parameters.map((p) => (p instanceof Slot ? p.index : null));
    for (let i = 0; i < build.length; i++) {
      if (!positions.includes(i)) throw new Error(`prepared statement: argument ${i} is not a parameter of ${query.sql}`);
    }
    return { query, positions };
  };
  return async (...args: A) => {
    // An array would be compiled as one parameter where Kysely expands it into a list (`in`): refused.
    if (args.some(Array.isArray)) throw new Error("prepared statement: an array argument cannot take one parameter's place");
    compiled ??= compile();
    const { query, positions } = compiled;
    const parameters = query.parameters.map((p, i) => {
      const at = positions[i];
      return at === null || at === undefined ? p : args[at];
    });
    return db.executeQuery<O>({ query: query.query, sql: query.sql, parameters, queryId: createQueryId() });
  };
}
