import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { ConsoleSession } from "./session.js";

/**
 * Runs the console: a prompt on a TTY, or, with piped input, each line as a script (echoed after "> ")
 * and then exit. Resolves with the exit code: non-zero when a line crashed the bot.
 */
export async function runConsole(session: ConsoleSession, io: { input: Readable; output: Writable; interactive: boolean; crashes: () => number }): Promise<number> {
  const rl = createInterface({ input: io.input, ...(io.interactive ? { output: io.output, prompt: session.prompt() } : {}), terminal: io.interactive });
  const crashesBefore = io.crashes();
  let failed = false;
  if (io.interactive) rl.prompt();
  for await (const line of rl) {
    if (!io.interactive && line.trim()) io.output.write(`\n> ${line}\n`);
    try {
      if ((await session.line(line)) === "quit") break;
    } catch (error) {
      failed = true;
      io.output.write(`! ${error instanceof Error ? error.message : String(error)}\n`);
    }
    if (io.interactive) {
      rl.setPrompt(session.prompt());
      rl.prompt();
    }
  }
  rl.close();
  return failed || io.crashes() > crashesBefore ? 1 : 0;
}
