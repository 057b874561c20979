import { describe, expect, it } from "vitest";
import { eachAtMost } from "../../src/core/each-at-most.js";

describe("eachAtMost", () => {
  it("runs every item, in order of start, never more than the limit at once, and a slow one holds back only its lane", async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    let releaseSlow = (): void => undefined;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const done = eachAtMost([0, 1, 2, 3, 4, 5, 6], 3, async (i) => {
      started.push(i);
      most = Math.max(most, ++running);
      await (i === 0 ? slow : new Promise((resolve) => setImmediate(resolve)));
      running--;
    });
    // Item 0 is still running, yet the two other lanes got through all the rest.
    while (started.length < 7) await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(3);
    releaseSlow();
    await done;
    expect(running).toBe(0);
  });

  it("does nothing for no items and runs one at a time when the limit is below one", async () => {
    await eachAtMost([], 4, async () => {
      throw new Error("not called");
    });
    let running = 0;
    let most = 0;
    await eachAtMost([1, 2, 3], 0, async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
    });
    expect(most).toBe(1);
  });
});
