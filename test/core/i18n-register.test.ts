import { describe, expect, it } from "vitest";
import { hasKey, keysOf, ownerOfKey, registerLocales, t } from "../../src/core/i18n.js";

// Each vitest file gets its own module graph, so these registrations do not leak into other test files.
describe("registerLocales", () => {
  it("merges a fragment into both catalogs under its owner, beside core's keys in a shared section", () => {
    registerLocales({ en: { zz_test: { hello: "Hello {name}" }, commands: { zz_test: "Own command" } }, "zh-CN": { zz_test: { hello: "你好 {name}" }, commands: { zz_test: "自己的命令" } } }, "zz-one");
    expect(t("en", "zz_test.hello", { name: "Ann" })).toBe("Hello Ann");
    expect(t("zh-CN", "zz_test.hello", { name: "Ann" })).toBe("你好 Ann");
    expect(ownerOfKey("zz_test.hello")).toBe("zz-one");
    expect(ownerOfKey("commands.zz_test")).toBe("zz-one");
    expect(ownerOfKey("commands.help.summary")).toBe("core");
    expect(hasKey("en", "commands.help.summary")).toBe(true);
    expect(keysOf("en")).toContain("commands.zz_test");
  });

  it("the same owner registering again is harmless, and a changed text takes effect (the compiled cache is dropped)", () => {
    expect(t("en", "zz_test.hello", { name: "Bo" })).toBe("Hello Bo");
    registerLocales({ en: { zz_test: { hello: "Hi {name}" } }, "zh-CN": { zz_test: { hello: "嗨 {name}" } } }, "zz-one");
    expect(t("en", "zz_test.hello", { name: "Bo" })).toBe("Hi Bo");
  });

  it("a key another owner already registered throws, naming both owners", () => {
    expect(() => registerLocales({ en: { dispatch: { yes: "Yep" } }, "zh-CN": { dispatch: { yes: "对" } } }, "zz-two")).toThrow(/"dispatch\.yes".*"core".*"zz-two"/);
    expect(() => registerLocales({ en: { zz_test: { hello: "Hey" } }, "zh-CN": { zz_test: { hello: "嘿" } } }, "zz-two")).toThrow(/"zz_test\.hello".*"zz-one".*"zz-two"/);
    expect(t("en", "dispatch.yes")).toBe("Yes");
  });

  it("a text where another owner has a section, or a section where another owner has a text, throws too", () => {
    expect(() => registerLocales({ en: { zz_test: "flat" }, "zh-CN": { zz_test: "平" } }, "zz-three")).toThrow(/"zz_test".*"zz-one".*"zz-three"/);
    expect(() => registerLocales({ en: { dispatch: { yes: { deeper: "x" } } }, "zh-CN": { dispatch: { yes: { deeper: "x" } } } }, "zz-three")).toThrow(/"dispatch\.yes".*"core".*"zz-three"/);
  });
});
