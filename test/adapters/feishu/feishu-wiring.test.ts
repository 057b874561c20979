import { describe, expect, it } from "vitest";
import { readConfig, type Config } from "../../../src/config.js";
import { plain } from "../../../src/core/message.js";
import { createLogger } from "../../../src/logger.js";
import { createPlatformAdapters } from "../../../src/platforms.js";
import { renderFor } from "../../../src/render-preview.js";

const logger = createLogger("silent");

function config(env: Record<string, string>): Config {
  const result = readConfig(env);
  if (!result.ok) throw new Error(result.problems.join("; "));
  return result.config;
}

describe("Feishu configuration and wiring", () => {
  it("reads FEISHU_* with defaults, and names bad values", () => {
    const c = config({ FEISHU_APP_ID: "cli_9f5343c580712544", FEISHU_APP_SECRET: "s", FEISHU_MODE: "", FEISHU_DOMAIN: "" });
    expect([c.FEISHU_MODE, c.FEISHU_DOMAIN, c.FEISHU_ENCRYPT_KEY]).toEqual(["http", "feishu", undefined]);
    expect(config({ FEISHU_MODE: "ws", FEISHU_DOMAIN: "lark" })).toMatchObject({ FEISHU_MODE: "ws", FEISHU_DOMAIN: "lark" });
    const bad = readConfig({ FEISHU_MODE: "socket", FEISHU_DOMAIN: "open.feishu.cn" });
    expect(bad.ok ? [] : bad.problems.map((p) => p.split(":")[0]).sort()).toEqual(["FEISHU_DOMAIN", "FEISHU_MODE"]);
  });

  it("creates the adapter when the app id and secret are set: a webhook route in http mode, none in ws mode", () => {
    const base = { FEISHU_APP_ID: "cli_9f5343c580712544", FEISHU_APP_SECRET: "s" };
    const http = createPlatformAdapters(config({ ...base, FEISHU_ENCRYPT_KEY: "k" }), logger).filter((a) => a.platform === "feishu");
    expect(http.map((a) => a.directRoutes?.map((r) => `${r.method} ${r.path}`))).toEqual([["POST /feishu/events"]]);
    const ws = createPlatformAdapters(config({ ...base, FEISHU_MODE: "ws" }), logger).filter((a) => a.platform === "feishu");
    expect(ws.map((a) => a.directRoutes)).toEqual([undefined]);
    expect(createPlatformAdapters(config({}), logger).some((a) => a.platform === "feishu")).toBe(false);
  });

  it("refuses half a configuration, and a webhook it could not check", () => {
    expect(() => createPlatformAdapters(config({ FEISHU_APP_ID: "cli_9f5343c580712544" }), logger)).toThrow(/FEISHU_APP_SECRET/);
    expect(() => createPlatformAdapters(config({ FEISHU_APP_ID: "cli_9f5343c580712544", FEISHU_APP_SECRET: "s" }), logger)).toThrow(/FEISHU_ENCRYPT_KEY/);
  });

  it("previews Feishu as a built adapter in the console's :render", () => {
    const out = renderFor("feishu", plain("hi"));
    expect(out).toContain('"msg_type": "interactive"');
    expect(out).not.toContain("renderer only");
  });
});
