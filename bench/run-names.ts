// Every Redis prefix and Postgres schema a bench run creates starts with this run's own stem, so that the cleanup at
// the end of `npm run bench` removes only this run's leftovers and never those of another bench running beside it.
const runStem = process.env.BENCH_RUN_STEM ?? `bench_${process.pid}_${Date.now().toString(36)}`;
process.env.BENCH_RUN_STEM = runStem;
let counter = 0;

export function benchRunStem(): string {
  return runStem;
}

/** A Redis key prefix (or Postgres schema name) unique to this call, inside this run's stem. */
export function benchRedisPrefix(label: string): string {
  counter += 1;
  return `${runStem}_${label}_${counter}`;
}

export const benchSchemaName = benchRedisPrefix;
