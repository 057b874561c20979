import { existsSync, mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEvent, type UsageEvent } from "../../../src/adoption/events.js";
import { createTestBot, type TestBot } from "../../helpers/bot.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// With the real services required (CI), a missing browser is a failure; on a bare laptop the test is skipped.
const skip = !existsSync(CHROMIUM) && !process.env.REQUIRE_SERVICES;

const created = (id: string, user: string, at: string): UsageEvent => {
  const read = readEvent({ id, occurred_at: at, user, type: "record_created", object: "account", record_id: id, required_fields: ["name"], filled_fields: ["name"] }, new Date("2027-01-01T00:00:00Z"));
  if ("reason" in read) throw new Error(read.reason);
  return read;
};

/** The web report in headless Chromium, as a sponsor opens it on a phone: no JavaScript, the chart shown, nothing past the screen's edge. */
describe.skipIf(skip)("the digest's web report in Chromium", () => {
  let bot: TestBot;
  let browser: Browser;
  let base: string;
  const dataDir = mkdtempSync(join(tmpdir(), "digest-web-"));

  beforeAll(async () => {
    bot = await createTestBot({ digests: true, env: { DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LINK_SECRET: "w".repeat(40), PUBLIC_URL: "https://bot.example.com" } });
    await bot.line(":clock 2026-12-02T02:00:00Z");
    const project = await bot.runtime.database.db.selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    await bot.runtime.services.adoption.settings.update(project.id, { licensed: 8 });
    const users = ["zhang.min@apollo.example", "liu.yang@apollo.example", "anna.schmidt@apollo.example", "tom.becker@apollo.example"];
    const events = [0, 1, 2, 3, 4, 5].flatMap((week) => users.slice(0, 1 + (week % 4)).map((u, i) => created(`E${week}-${i}`, u, new Date(Date.UTC(2026, 9, 27 + week * 7, 3)).toISOString())));
    await bot.runtime.services.adoption.ingest(project.tenant_id, project.id, events);
    await bot.as("lina").dm().says('task add "Connect the ERP" --r @liuyang --a @lina --due 2026-11-27');
    const http = await bot.runtime.startHttp();
    base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
  });

  const linkFor = async (who: string) => {
    const text = (await bot.as(who).dm().says("digest preview")).text;
    return `${base}${/https:\/\/bot\.example\.com(\/digest\/report\?t=[\w.-]+)/.exec(text)![1]}`;
  };

  it("loads without JavaScript on a phone, in the sponsor's language, with the chart and the lists behind the numbers", async () => {
    const url = await linkFor("wangfang");
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toContain("项目周报 · Apollo CRM 上线");
    expect(await page.locator("h2").allTextContents()).toEqual(expect.arrayContaining(["项目状态", "本周交付", expect.stringContaining("CRM 使用情况")]));
    const chart = page.locator("figure.chart svg");
    await expect.poll(() => chart.isVisible()).toBe(true);
    const box = (await chart.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.width).toBeLessThanOrEqual(390);
    expect(Number(await page.evaluate("document.documentElement.scrollWidth"))).toBeLessThanOrEqual(390);
    // The list behind "overdue": open the <details>, read the task.
    await page.locator("summary", { hasText: "逾期 1 项任务" }).click();
    await expect.poll(() => page.locator("details[open]").textContent()).toContain("Connect the ERP");
    await page.screenshot({ path: join(dataDir, "digest-report.png"), fullPage: true });
    await context.close();
  });

  it("an English reader gets it in English", async () => {
    await bot.as("chenwei").dm().says("whoami");
    const project = await bot.runtime.database.db.selectFrom("people").select(["id", "tenant_id"]).where("display_name", "=", "Anna Schmidt").executeTakeFirstOrThrow();
    await bot.runtime.services.projects.addMember(project.tenant_id, (await bot.runtime.database.db.selectFrom("projects").select("id").where("key", "=", "apollo").executeTakeFirstOrThrow()).id, project.id, "sponsor");
    const page = await browser.newPage();
    await page.goto(await linkFor("anna"));
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.locator("h2").first().textContent()).toBe("Status");
    await page.close();
  });

  it("a tampered or expired link gets 403 and shows nothing of the project", async () => {
    const url = await linkFor("wangfang");
    const page = await browser.newPage();
    const tampered = await page.goto(url.replace(/.$/, (c) => (c === "A" ? "B" : "A")));
    expect(tampered?.status()).toBe(403);
    expect(await page.content()).not.toContain("Apollo");
    await bot.line(":clock 2026-12-17T02:00:00Z");
    const expired = await page.goto(url);
    expect(expired?.status()).toBe(403);
    expect(await page.content()).not.toContain("Apollo");
    await page.close();
  });
});
