import { loadConfigOrExit } from "../config.js";
import { openDatabase } from "./database.js";
import { migrateToLatest } from "./migrate.js";

// `npm run migrate`: applies pending migrations to DATABASE_URL, or to PGlite under DATA_DIR.
const config = loadConfigOrExit();
const handle = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: config.DATA_DIR });
try {
  const applied = await migrateToLatest(handle.db);
  process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : "database is up to date\n");
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
