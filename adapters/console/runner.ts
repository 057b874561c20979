import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { ConsoleSession } from "./session.js";

/**
 * Groups lines into what the person sent: lines that arrived in one input chunk (a paste on a terminal) form one
 * message, like a pasted block on a chat platform, unless one of them is a meta-command. The batch closes after the
 * chunk's line events, not after a delay, so how fast the machine is does not matter.
 */
async function* pastedBlocks(rl: Interface): AsyncGenerator<string> {
  const batches: string[][] = [];
  let open: string[] | null = null;
  let closed = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  rl.on("line", (line) => {
    if (open === null) {
      const batch: string[] = [];
      open = batch;
      setImmediate(() => {
        open = null;
        batches.push(batch);
        notify();
      });
    }
    open.push(line);
  });
  rl.on("close", () => {
    setImmediate(() => {
      closed = true;
      notify();
    });
  });
  for (;;) {
    const batch = batches.shift();
    if (batch) {
      const block = batch.length > 1 && !batch.some((l) => l.trim().startsWith(":")) && batch.some((l) => l.trim() !== "");
      if (block) yield batch.join("\n").trim();
      else yield* batch;
      continue;
    }
    if (closed) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

/**
 * Runs the console: a prompt on a TTY, or, with piped input, each line as a script (echoed after "> ")
 * and then exit. Resolves with the exit code: non-zero when a line crashed the bot. On a TTY a pasted block of
 * lines is one message (a CSV pasted after `raci import`); a script sends one with `:paste` … `:end`.
 */
export async function runConsole(session: ConsoleSession, io: { input: Readable; output: Writable; interactive: boolean; crashes: () => number }): Promise<number> {
  const rl = createInterface({ input: io.input, ...(io.interactive ? { output: io.output, prompt: session.prompt() } : {}), terminal: io.interactive });
  const crashesBefore = io.crashes();
  let failed = false;
  if (io.interactive) rl.prompt();
  for await (const line of io.interactive ? pastedBlocks(rl) : rl) {
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
