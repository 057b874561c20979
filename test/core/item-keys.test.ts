import { describe, expect, it } from "vitest";
import { keyNumber } from "../../src/core/item-keys.js";

describe("item keys as people type them", () => {
  it("reads the number with the prefix in any case, with or without a dash or space", () => {
    for (const typed of ["T-7", "t7", "T 7", " t - 7 ", "T-007"]) expect(keyNumber(typed, "T")).toBe(7);
    expect(keyNumber("CR-12", "CR", { bareNumber: true })).toBe(12);
    expect(keyNumber("fb12", "FB", { bareNumber: true })).toBe(12);
  });

  it("takes a bare number only where the command already names the kind", () => {
    expect(keyNumber("7", "T")).toBeNull();
    expect(keyNumber("7", "R", { bareNumber: true })).toBe(7);
  });

  it("refuses other kinds' keys, words and numbers too long to be a key", () => {
    expect(keyNumber("B-3", "T")).toBeNull();
    expect(keyNumber("CR-3", "R", { bareNumber: true })).toBeNull();
    expect(keyNumber("T-12345678", "T")).toBeNull();
    expect(keyNumber("task", "T")).toBeNull();
    expect(keyNumber("", "FB", { bareNumber: true })).toBeNull();
  });
});
