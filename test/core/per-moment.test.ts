import { describe, expect, it } from "vitest";
import { perMoment } from "../../src/schedule/per-moment.js";

describe("perMoment: one read shared by the schedules of one tick", () => {
  const nine = new Date("2026-12-07T01:00:00Z");
  const ten = new Date("2026-12-07T02:00:00Z");

  it("reads once for the same moment, again for another moment or once the read is 10 s old", async () => {
    let clock = 0;
    let reads = 0;
    const shared = perMoment(async () => ++reads, () => clock);
    expect(await Promise.all([shared(nine), shared(nine), shared(new Date(nine))])).toEqual([1, 1, 1]);
    expect(await shared(ten)).toBe(2);
    expect(await shared(nine)).toBe(3);
    clock += 9_999;
    expect(await shared(nine)).toBe(3);
    clock += 1;
    expect(await shared(nine)).toBe(4);
  });

  it("keeps no failed read: the next caller for that moment reads again", async () => {
    let reads = 0;
    const shared = perMoment(async () => {
      reads++;
      if (reads === 1) throw new Error("database went away");
      return "rows";
    });
    await expect(shared(nine)).rejects.toThrow("database went away");
    expect(await shared(nine)).toBe("rows");
    expect(reads).toBe(2);
  });
});
