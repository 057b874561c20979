import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestBot, type TestBot } from "../helpers/bot.js";

// Four one-person teams, stand-ups every day at 09:30 team-local (the team starts at 09:00). Each prompt must
// leave at the UTC minute its zone's rules say — across the spring and autumn DST switch days — and not before.
interface Case {
  handle: string;
  team: string;
  teamZone: string;
  ownZone: string | null;
  ownStart: string | null;
  expected: [date: string, utc: string][];
}

const CASES: Case[] = [
  {
    handle: "berlin",
    team: "Berlin",
    teamZone: "Europe/Berlin",
    ownZone: "Europe/Berlin",
    ownStart: null,
    expected: [
      ["2026-03-28", "2026-03-28T08:30:00Z"], // CET, UTC+1
      ["2026-03-29", "2026-03-29T07:30:00Z"], // switch day: CEST, UTC+2
      ["2026-03-30", "2026-03-30T07:30:00Z"],
      ["2026-10-24", "2026-10-24T07:30:00Z"],
      ["2026-10-25", "2026-10-25T08:30:00Z"], // back to CET
      ["2026-10-26", "2026-10-26T08:30:00Z"],
    ],
  },
  {
    // The person has no zone of their own: the team's applies.
    handle: "newyork",
    team: "New York",
    teamZone: "America/New_York",
    ownZone: null,
    ownStart: null,
    expected: [
      ["2026-03-07", "2026-03-07T14:30:00Z"], // EST, UTC−5
      ["2026-03-08", "2026-03-08T13:30:00Z"], // switch day: EDT, UTC−4
      ["2026-03-09", "2026-03-09T13:30:00Z"],
      ["2026-10-31", "2026-10-31T13:30:00Z"],
      ["2026-11-01", "2026-11-01T14:30:00Z"], // back to EST
      ["2026-11-02", "2026-11-02T14:30:00Z"],
    ],
  },
  {
    handle: "shanghai",
    team: "Shanghai",
    teamZone: "Asia/Shanghai",
    ownZone: null,
    ownStart: null,
    expected: [
      ["2026-03-29", "2026-03-29T01:30:00Z"],
      ["2026-10-25", "2026-10-25T01:30:00Z"],
    ],
  },
  {
    // A Shanghai-based team; this person lives in Kolkata (UTC+05:30) and starts at 10:00: asked at 10:30 IST.
    handle: "kolkata",
    team: "APAC",
    teamZone: "Asia/Shanghai",
    ownZone: "Asia/Kolkata",
    ownStart: "10:00",
    expected: [
      ["2026-03-29", "2026-03-29T05:00:00Z"],
      ["2026-03-30", "2026-03-30T05:00:00Z"],
    ],
  },
];

describe("stand-up prompts at each person's local time across DST switch days", () => {
  let bot: TestBot;
  const teamIds = new Map<string, number>();
  const personIds = new Map<string, number>();

  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-03-01T00:00:00Z");
    const { services, database } = bot.runtime;
    const tenant = (await services.tenants.find("console", "demo"))!;
    const project = (await services.projects.list(tenant.id))[0]!;
    for (const c of CASES) {
      const person = await services.people.create(tenant.id, { displayName: `Person ${c.handle}`, locale: "en", timezone: c.ownZone });
      await services.people.linkIdentity(tenant.id, person.id, "console", c.handle);
      if (c.ownStart) await database.db.updateTable("people").set({ work_start: c.ownStart }).where("id", "=", person.id).execute();
      await services.projects.addMember(tenant.id, project.id, person.id, "member");
      const team = (await services.teams.create(tenant.id, project.id, { name: c.team, timezone: c.teamZone, locale: "en" }))!;
      await services.teams.addMember(tenant.id, team.id, person.id);
      const reply = await bot.as("lina").says(`standup setup "${c.team}" --days daily`);
      expect(reply.text).toContain("09:30–11:00");
      teamIds.set(c.handle, team.id);
      personIds.set(c.handle, person.id);
    }
  });
  afterAll(async () => {
    await bot.close();
  });

  const promptKey = (handle: string, date: string) => `standup:${teamIds.get(handle)}:${personIds.get(handle)}:${date}:prompt`;
  const sent = async (key: string) =>
    (await bot.runtime.database.db.selectFrom("deliveries").select("key").where("key", "=", key).executeTakeFirst()) !== undefined;

  const timeline = CASES.flatMap((c) => c.expected.map(([date, utc]) => ({ handle: c.handle, date, at: new Date(utc) }))).sort((a, b) => a.at.getTime() - b.at.getTime());

  it("sends nothing a minute early and the prompt at the exact minute, for every zone and switch day", async () => {
    const seen: string[] = [];
    for (const { handle, date, at } of timeline) {
      await bot.line(`:clock ${new Date(at.getTime() - 60_000).toISOString()}`);
      expect(await sent(promptKey(handle, date)), `${handle} ${date} before ${at.toISOString()}`).toBe(false);
      await bot.line(`:clock ${at.toISOString()}`);
      expect(await sent(promptKey(handle, date)), `${handle} ${date} at ${at.toISOString()}`).toBe(true);
      seen.push(`${handle} ${date}`);
    }
    expect(seen).toHaveLength(16);
    const dms = bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === "dm:kolkata");
    expect(dms[0]?.message.title).toBe("Stand-up · APAC · 2026-03-29");
    expect(dms.some((d) => JSON.stringify(d.message).includes("open until 12:00"))).toBe(true);
  });
});
