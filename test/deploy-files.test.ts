import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), "utf8");

/** The flags `npm run start:prod` gives node: the soak benchmark measures a replica run with exactly these. */
function startProdFlags(): string[] {
  const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
  return pkg.scripts["start:prod"]!.split(/\s+/).filter((word) => word.startsWith("--"));
}

function dockerfileCmd(): string[] {
  const line = read("Dockerfile").split("\n").find((l) => l.startsWith("CMD "));
  return JSON.parse(line!.slice(4)) as string[];
}

describe("deploy files", () => {
  it("runs the image's replica with the node flags start:prod uses, so the soak measures what production runs", () => {
    const cmd = dockerfileCmd();
    expect(cmd[0]).toBe("node");
    expect(cmd.filter((word) => word.startsWith("--"))).toEqual(startProdFlags());
    expect(cmd.at(-1)).toBe("dist/src/main.js");
  });

  it("bounds a replica's heap, so its memory stays inside the documented 256 MB per replica", () => {
    const oldSpace = startProdFlags().find((flag) => flag.startsWith("--max-old-space-size="));
    expect(oldSpace).toBeDefined();
    expect(Number(oldSpace!.split("=")[1])).toBeLessThanOrEqual(192);
  });
});
