import type { JobName, JobQueue } from "./core/queue.js";

const JOB_NAMES: readonly JobName[] = ["inbound", "deliver", "tick", "schedule", "feature"];

export const JOBS_USAGE = [
  "  jobs failed [inbound|deliver|schedule|feature] [--limit <n>]",
  "      List jobs that used up their retries (an acknowledged event whose run kept failing), newest first.",
  "  jobs replay <inbound|…> (<job id> | --all)",
  "      Run failed jobs again; an event that already ran is recognised by its delivery key and not run twice.",
].join("\n");

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** `jobs failed|replay …` against the runtime's queue; null when the words are not a jobs command. */
export async function runJobsCli(argv: readonly string[], queue: JobQueue, io: Io): Promise<number | null> {
  const [group, verb, ...rest] = argv;
  if (group !== "jobs") return null;
  const name = (JOB_NAMES as readonly string[]).includes(rest[0] ?? "") ? (rest.shift() as JobName) : "inbound";
  if (verb === "failed") {
    const limitAt = rest.indexOf("--limit");
    const limit = limitAt >= 0 ? Number(rest[limitAt + 1]) : 50;
    if (!Number.isInteger(limit) || limit < 1) {
      io.err("--limit takes a whole number, e.g. --limit 20");
      return 2;
    }
    if (queue.driver === "inline") io.err("note: without REDIS_URL failed jobs live in the running bot's memory; see its /readyz");
    const failed = await queue.failed(name, limit);
    if (failed.length === 0) io.out(`no failed ${name} jobs`);
    for (const job of failed) io.out(`${job.id}\t${job.failedAt.toISOString()}\t${job.attempts} attempts\t${job.reason}`);
    return 0;
  }
  if (verb === "replay") {
    const target = rest[0];
    if (!target) {
      io.err(`say which: a job id from \`jobs failed ${name}\`, or --all`);
      return 2;
    }
    const replayed = await queue.replayFailed(name, target === "--all" ? undefined : target);
    io.out(`${replayed} ${name} job(s) queued again`);
    return replayed > 0 || target === "--all" ? 0 : 1;
  }
  io.err(JOBS_USAGE);
  return 2;
}
