import { describe, expect, it } from "vitest";
import { resolveLocale, resolvePersonSettings } from "../../src/people/settings.js";

const none = { locale: null, timezone: null, work_start: null, work_end: null };
const team = { id: 7, name: "Sales Ops", locale: "zh-CN", timezone: "Asia/Shanghai", work_start: "09:00", work_end: "18:00" };
const tenant = { locale: "en", timezone: "Europe/Berlin" };

describe("one resolver for a person's language, time zone and working hours", () => {
  it("takes the team's where the person set nothing, and says so", () => {
    expect(resolvePersonSettings(none, team, tenant)).toEqual({
      locale: "zh-CN",
      timeZone: "Asia/Shanghai",
      workStart: "09:00",
      workEnd: "18:00",
      team: { id: 7, name: "Sales Ops" },
      from: { locale: "team", timeZone: "team", hours: "team" },
    });
  });

  it("the person's own settings win, each on its own", () => {
    const own = resolvePersonSettings({ locale: "en", timezone: "America/New_York", work_start: "10:00", work_end: "19:00" }, team, tenant);
    expect(own).toMatchObject({ locale: "en", timeZone: "America/New_York", workStart: "10:00", workEnd: "19:00", from: { locale: "own", timeZone: "own", hours: "own" } });
    expect(resolvePersonSettings({ ...none, timezone: "Asia/Tokyo" }, team, tenant).from).toEqual({ locale: "team", timeZone: "own", hours: "team" });
  });

  it("without a team: the tenant's language and zone, the bot's 09:00–18:00", () => {
    expect(resolvePersonSettings(none, undefined, tenant)).toMatchObject({ locale: "en", timeZone: "Europe/Berlin", workStart: "09:00", workEnd: "18:00", team: null, from: { locale: "tenant", timeZone: "tenant", hours: "default" } });
  });

  it("a start of their own past the team's end (set before hours had an end) gets a nine-hour day, never an empty one", () => {
    expect(resolvePersonSettings({ ...none, work_start: "19:00" }, team, tenant)).toMatchObject({ workStart: "19:00", workEnd: "23:59" });
    expect(resolvePersonSettings({ ...none, work_start: "08:00" }, team, tenant)).toMatchObject({ workStart: "08:00", workEnd: "18:00" });
  });

  it("a language the bot does not speak is skipped, down to English", () => {
    expect(resolveLocale("fr", "de", "zh-CN")).toEqual({ locale: "zh-CN", from: "tenant" });
    expect(resolveLocale(null, undefined, "xx")).toEqual({ locale: "en", from: "default" });
  });
});
