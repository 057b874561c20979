import pg from "pg";
import { deleteRedisKeys, dropSchema } from "../test/helpers/cleanup.js";
import { benchAdoptionBoard } from "./adoption-board.js";
import { benchAdoptionIngest } from "./adoption-ingest.js";
import { benchDigest } from "./digest.js";
import { benchDispatch } from "./dispatch.js";
import { benchFeedback } from "./feedback.js";
import { benchFeishuEvents } from "./feishu-events.js";
import { benchGolive } from "./golive.js";
import { benchRaciNag } from "./raci-nag.js";
import { benchRunStem } from "./run-names.js";
import { benchScheduleIsolation } from "./schedule-isolation.js";
import { benchSoak } from "./soak.js";
import { benchStandupFanout } from "./standup-fanout.js";
import { benchWebhook } from "./webhook.js";
import { benchWecomCallback } from "./wecom-callback.js";

// `npm run bench [name]`: every benchmark, each printed as one JSON line with its ratio against an in-run baseline.
// The soak (30 minutes) runs only when named: `npm run bench soak`.
const onlyWhenNamed = new Set(["soak"]);
const benches: [string, () => Promise<Record<string, number | string>>][] = [
  ["dispatch", () => benchDispatch()],
  ["standup-fanout", () => benchStandupFanout()],
  ["feishu-events", () => benchFeishuEvents()],
  ["wecom-callback", () => benchWecomCallback()],
  ["webhook", () => benchWebhook()],
  ["raci-nag", () => benchRaciNag()],
  ["digest", () => benchDigest()],
  ["schedule-isolation", () => benchScheduleIsolation()],
  ["adoption-ingest", () => benchAdoptionIngest()],
  ["adoption-board", () => benchAdoptionBoard()],
  ["feedback", () => benchFeedback()],
  ["golive", () => benchGolive()],
  ["soak", () => benchSoak()],
];

/** This run's schemas on the configured Postgres, so that the ones it leaves behind can be dropped. */
async function benchSchemas(url: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>("select schema_name as name from information_schema.schemata where starts_with(schema_name, $1)", [benchRunStem()]);
    return new Set(rows.map((r) => r.name));
  } finally {
    await client.end();
  }
}

const only = process.argv[2];
const databaseUrl = process.env.DATABASE_URL || undefined;
try {
  for (const [name, run] of benches) {
    if (only ? only !== name : onlyWhenNamed.has(name)) continue;
    process.stdout.write(`${JSON.stringify(await run())}\n`);
  }
} finally {
  if (databaseUrl) for (const schema of await benchSchemas(databaseUrl)) await dropSchema(databaseUrl, schema);
  if (process.env.REDIS_URL) await deleteRedisKeys(process.env.REDIS_URL, benchRunStem());
}
