import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConversationRef } from "../../src/core/adapter.js";
import { PNG_SIGNATURE } from "../../src/core/media.js";
import { image, text } from "../../src/core/message.js";
import { CONSOLE_TENANT } from "../../src/main.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";
import { tinyPng } from "../helpers/png.js";

// The console "uploads" an image by writing it under DATA_DIR/images and prints the file's path in the card.

describe("images in the console", () => {
  let bot: TestBot;
  let dataDir: string;
  const apollo: ConversationRef = { platform: "console", tenantId: CONSOLE_TENANT, conversationId: "#apollo", kind: "group" };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "console-images-"));
    bot = await createTestBot({ env: { DATA_DIR: dataDir } });
  });
  afterAll(async () => {
    await bot?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("writes the PNG under DATA_DIR and prints its path in the text box", async () => {
    const chart = tinyPng(8, 4, [120, 60, 200]);
    const printedBefore = bot.printed.length;
    await bot.runtime.services.notify.toConversation(apollo, { title: "Weekly digest", blocks: [text("Adoption is up"), image(chart, "Adoption chart")] }, { key: "console-image-1" });
    await bot.runtime.settle();
    const card = bot.printed.slice(printedBefore).find((p) => p.includes("Weekly digest"));
    const line = card?.split("\n").find((l) => l.includes("🖼"));
    const path = /→ (.+\.png)$/.exec(line ?? "")?.[1];
    expect(line).toContain("Adoption chart");
    expect(path?.startsWith(join(dataDir, "images"))).toBe(true);
    const written = readFileSync(path ?? "");
    expect(written.subarray(0, 8).equals(Buffer.from(PNG_SIGNATURE))).toBe(true);
    expect(written.equals(chart)).toBe(true);
  });
});
