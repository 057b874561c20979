import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { readConfig } from "../../../src/config.js";
import { createPlatformAdapters } from "../../../src/platforms.js";
import { renderFor } from "../../../src/render-preview.js";
import { plain } from "../../../src/core/message.js";
import { testConfig } from "../../helpers/services.js";

const logger = pino({ level: "silent" });

describe("Slack wiring from the environment", () => {
  it("turns the adapter on with the bot token and the signing secret (Request URL)", async () => {
    const adapters = createPlatformAdapters(testConfig({ SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "secret", REDIS_URL: undefined }), logger);
    const slack = adapters.find((a) => a.platform === "slack");
    expect(slack?.directRoutes?.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /slack/events"]);
    await slack?.stop();
  });

  it("turns it on with an app token alone (Socket Mode, no route)", async () => {
    const adapters = createPlatformAdapters(testConfig({ SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_APP_TOKEN: "xapp-1-A-xyz", REDIS_URL: undefined }), logger);
    const slack = adapters.find((a) => a.platform === "slack");
    expect(slack).toBeDefined();
    expect(slack?.directRoutes).toEqual([]);
    await slack?.stop();
  });

  it("leaves Slack off with none of its variables, and refuses a partial configuration", () => {
    expect(createPlatformAdapters(testConfig({}), logger).some((a) => a.platform === "slack")).toBe(false);
    expect(() => createPlatformAdapters(testConfig({ SLACK_BOT_TOKEN: "xoxb-1-2-abc" }), logger)).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => createPlatformAdapters(testConfig({ SLACK_SIGNING_SECRET: "secret" }), logger)).toThrow(/only partly configured/);
  });

  it("names a token of the wrong kind", () => {
    const result = readConfig({ SLACK_BOT_TOKEN: "xapp-wrong", SLACK_APP_TOKEN: "xoxb-wrong", SLACK_API_URL: "ftp://x" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.join("\n")).toMatch(/SLACK_BOT_TOKEN: must be the bot token/);
      expect(result.problems.join("\n")).toMatch(/SLACK_APP_TOKEN: must be an app-level token/);
      expect(result.problems.join("\n")).toMatch(/SLACK_API_URL/);
    }
  });

  it("the console's :render no longer calls Slack renderer-only", () => {
    expect(renderFor("slack", plain("hi"))).not.toContain("renderer only");
  });
});
