import type { ChildProcess } from "node:child_process";

/**
 * The first message from a bench's child process that `pick` accepts (after sending `send`, if given); rejects if
 * the child exits first.
 */
export function once<T>(child: ChildProcess, pick: (m: Record<string, unknown>) => T | undefined, send?: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench server exited with ${code}`));
    const onMessage = (m: unknown) => {
      const value = typeof m === "object" && m !== null ? pick(m as Record<string, unknown>) : undefined;
      if (value !== undefined) {
        child.off("message", onMessage).off("exit", onExit);
        resolve(value);
      }
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
    if (send) child.send(send);
  });
}
