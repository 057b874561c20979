import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { loadConfigOrExit } from "./config.js";
import { isLocale } from "./core/i18n.js";
import { toPlainText } from "./core/plain-text.js";
import { JOBS_USAGE, runJobsCli } from "./cli-jobs.js";
import { createLogger } from "./logger.js";
import { createRuntime, type Runtime } from "./main.js";

const USAGE = [
  "usage: npm run cli -- <command>",
  "",
  "  raci import <file.csv> --project <id|key> [--dry-run]",
  "      Import a RACI matrix (columns: key, title, phase, due, R, A, C, I) into a project.",
  "      Nothing is written unless every line is valid; --dry-run only shows what would change.",
  JOBS_USAGE,
  "",
  "  adoption import <file.csv|.ndjson> --project <id|key>",
  "      Import CRM usage events (README \"Adoption\"); nothing is written unless every line is valid; a replay adds nothing.",
].join("\n");

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Reads `raci import <file> --project <p> [--dry-run]`; null when the words are not that. */
export function readImportArgs(argv: readonly string[]): { group: "raci" | "adoption"; file: string; project: string; dryRun: boolean } | null {
  const [group, verb, ...rest] = argv;
  if ((group !== "raci" && group !== "adoption") || verb !== "import") return null;
  let file: string | null = null;
  let project: string | null = null;
  let dryRun = false;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] ?? "";
    if (word === "--dry-run") dryRun = true;
    else if (word === "--project") project = rest[++i] ?? null;
    else if (word.startsWith("--project=")) project = word.slice("--project=".length);
    else if (!word.startsWith("--") && file === null) file = word;
    else return null;
  }
  if (group === "adoption" && dryRun) return null;
  return file && project ? { group, file, project, dryRun } : null;
}

/** Runs one command-line command against a runtime; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runCli(argv: readonly string[], runtime: Runtime, io: Io): Promise<number> {
  const jobs = await runJobsCli(argv, runtime.queue, io);
  if (jobs !== null) return jobs;
  const args = readImportArgs(argv);
  if (!args) {
    io.err(USAGE);
    return 2;
  }
  const { db } = runtime.database;
  const ref = args.project.trim();
  const matches = await db
    .selectFrom("projects")
    .select(["id", "tenant_id", "key", "name"])
    .where((eb) => eb.or([eb("key", "=", ref.toLowerCase()), ...(/^\d+$/.test(ref) ? [eb("id", "=", Number(ref))] : [])]))
    .orderBy("id")
    .execute();
  const byId = matches.find((m) => String(m.id) === ref);
  const project = byId ?? (matches.length === 1 ? matches[0] : undefined);
  if (!project) {
    io.err(matches.length === 0 ? `no project "${ref}"` : `"${ref}" names several projects; use the id: ${matches.map((m) => `${m.id} (${m.name})`).join(", ")}`);
    return 1;
  }
  if (args.group === "adoption") return importAdoptionEvents(runtime, { tenantId: project.tenant_id, projectId: project.id, file: args.file }, io);
  const read = await runtime.services.raci.readCsvFile(args.file);
  if (!read.ok) {
    io.err(read.reason === "no_file" ? `no file ${args.file}` : read.reason === "not_text" ? `${args.file} is not a text CSV file (save it as CSV UTF-8)` : `${args.file} is larger than 1 MB`);
    return 1;
  }
  const tenant = await runtime.services.tenants.get(project.tenant_id);
  const locale = isLocale(tenant.locale) ? tenant.locale : runtime.config.DEFAULT_LOCALE;
  const outcome = await runtime.services.raci.importCsv({ tenantId: project.tenant_id, projectId: project.id, personId: null, locale }, read.text, { dryRun: args.dryRun, projectName: project.name, from: "cli" });
  (outcome.ok ? io.out : io.err)(toPlainText(outcome.message));
  return outcome.ok ? 0 : 1;
}

async function importAdoptionEvents(runtime: Runtime, args: { tenantId: number; projectId: number; file: string }, io: Io): Promise<number> {
  let body: string;
  try {
    body = await readFile(args.file, "utf8");
  } catch {
    io.err(`no file ${args.file}`);
    return 1;
  }
  const outcome = await runtime.services.adoption.importText(args.tenantId, args.projectId, body, args.file);
  if (outcome.bad.length > 0) {
    io.err(`nothing imported: ${outcome.bad.length} bad line(s); the first: line ${outcome.bad[0]!.line} (${outcome.bad[0]!.reason}${outcome.bad[0]!.field ? ` ${outcome.bad[0]!.field}` : ""})`);
    return 1;
  }
  io.out(`imported ${outcome.added} new event(s); ${outcome.duplicates} seen before, skipped`);
  return 0;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL ?? "warn");
  const runtime = await createRuntime({ config, logger, console: false, jobs: false });
  try {
    process.exitCode = await runCli(process.argv.slice(2), runtime, { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) });
  } finally {
    await runtime.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`rollout-bot cli failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
