import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryError } from "../../src/core/delivery-error.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/** A group the platform refuses to create: the PM is told why, nothing is left half-done, and a later open works. */
describe("war room group refused by the platform", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot();
    await bot.line(":clock 2026-12-07T02:00:00Z");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("the PM hears the platform's reason, the room is closed, and opening again creates the group", async () => {
    const adapter = bot.runtime.console!;
    const create = adapter.createGroup!.bind(adapter);
    adapter.createGroup = async () => {
      throw DeliveryError.fatal("the app may not create chats (permission im:chat missing)");
    };
    await bot.as("lina").dm().says("warroom open");
    expect(bot.printed.join("\n")).not.toContain("bot created group");
    await bot.line(":clock 2026-12-07T02:02:00Z");
    const told = bot.runtime.console!.sent.filter((s) => s.conversation.conversationId === "dm:lina").map((s) => JSON.stringify(s.message)).join();
    expect(told).toContain("permission im:chat missing");
    const rooms = await bot.runtime.database.db.selectFrom("warrooms").select("status").execute();
    expect(rooms).toEqual([{ status: "closed" }]);

    adapter.createGroup = create;
    await bot.as("lina").dm().says("warroom open");
    expect(bot.printed.join("\n")).toContain("bot created group #apollo-war-room");
    expect((await bot.as("lina").dm().says("warroom status")).text).toContain("上线进行中");
  });
});
