import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import { assertServicesPresent, databaseUrl } from "../helpers/services.js";

/**
 * A connection the server drops while the bot holds it between two queries (inside a transaction) must fail that
 * transaction, not crash the process with an unheard "error" event (CI saw exactly that while Postgres restarted).
 */
describe.runIf(databaseUrl)("Postgres drops a checked-out connection", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    assertServicesPresent();
    handle = await openDatabase({ url: databaseUrl!, poolSize: 2 });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("fails the transaction that held it, and the next query gets a fresh connection", async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.prependListener("uncaughtException", onUncaught);
    try {
      const transaction = handle.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // Terminated from another connection while this one sits idle in the transaction.
        await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(handle.db);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await sql`select 1`.execute(trx);
      });
      await expect(transaction).rejects.toThrow();
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(handle.db);
      expect(rows[0]!.one).toBe(1);
      expect(uncaught).toEqual([]);
    } finally {
      process.removeListener("uncaughtException", onUncaught);
    }
  });
});
