import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { VECTORS_PATH, loadVectors } from "./crypto-test-support.js";

const REPO_ROOT_URL = new URL("../../../", import.meta.url);
const SHARED_PATH = fileURLToPath(new URL("../shared/conformance/platform-vectors.json", REPO_ROOT_URL));
const sharedExists = existsSync(SHARED_PATH);

describe("conformance vectors copy", () => {
  it.skipIf(!sharedExists)(
    `is byte-identical to ../shared/conformance/platform-vectors.json${sharedExists ? "" : " (skipped: the shared file is absent outside the team workspace)"}`,
    () => {
      const copy = readFileSync(VECTORS_PATH);
      const shared = readFileSync(SHARED_PATH);
      expect(copy.equals(shared), `${VECTORS_PATH} differs from ${SHARED_PATH}; copy it again byte for byte`).toBe(true);
    },
  );

  it("has only vectors that one of the four platform suites picks up", () => {
    const names = Object.keys(loadVectors());
    expect(names.length).toBeGreaterThan(0);
    const unclaimed = names.filter((name) => !/^(slack|feishu|dingtalk|wecom)_/.test(name));
    expect(unclaimed).toEqual([]);
  });
});
