import { benchDispatch } from "./dispatch.js";

// `npm run bench`: every benchmark, each printed as one JSON line with its ratio against an in-run baseline.
const benches: [string, () => Promise<Record<string, number | string>>][] = [["dispatch", () => benchDispatch()]];
const only = process.argv[2];
for (const [name, run] of benches) {
  if (only && only !== name) continue;
  process.stdout.write(`${JSON.stringify(await run())}\n`);
}
