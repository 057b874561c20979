import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import subsetFont from "subset-font";

const require = createRequire(import.meta.url);
/** Noto Sans SC, shipped by an npm package (not a system font), so that Chinese labels render on any machine. */
export const FONT_FILE = require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf");
export const FONT_FAMILY = "Noto Sans SC";

/** Characters every chart has (digits, Latin, punctuation): one subset per language rather than one per week. */
const ALWAYS = "0123456789%+-−–—.,:;()/ WabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVXYZ%（）：，、";
const DIR = join(tmpdir(), "rollout-bot-fonts");

let full: Promise<Buffer> | null = null;
const subsets = new Map<string, Promise<string>>();

/** The characters a piece of SVG draws (its text content), with the usual ones. */
export function charactersOf(svg: string): string {
  const drawn = svg.replace(/<[^>]*>/g, "").replace(/&[a-z#0-9]+;/gi, " ");
  return [...new Set([...ALWAYS, ...drawn])].sort().join("");
}

/**
 * A font file holding just the glyphs `characters` needs, cut from the 10 MB CJK font once per set of characters and
 * kept (in memory and under the temp dir): resvg loads the few kilobytes in a millisecond instead of the whole font
 * in fifty. Falls back to the whole font when cutting fails.
 */
export function fontFileFor(characters: string): Promise<string> {
  let hit = subsets.get(characters);
  if (!hit) {
    hit = (async () => {
      try {
        full ??= readFile(FONT_FILE);
        const bytes = await subsetFont(await full, characters, { targetFormat: "truetype" });
        const path = join(DIR, `${createHash("sha256").update(characters).digest("hex").slice(0, 24)}.ttf`);
        await mkdir(DIR, { recursive: true });
        await writeFile(path, bytes);
        return path;
      } catch {
        return FONT_FILE;
      }
    })();
    subsets.set(characters, hit);
    if (subsets.size > 64) subsets.delete(subsets.keys().next().value!);
  }
  return hit;
}
