import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/core/command.js";
import { defineFeature } from "../../src/feature/define.js";
import { features } from "../../src/features.js";
import type { RaciReads } from "../../src/raci/feature.js";
import type { TaskStatusEvent } from "../../src/raci/task-port.js";
import { createTestBot, type TestBot } from "../helpers/bot.js";

/** Another feature creates RACI tasks and hears their status changes through the raci read API only. */
describe("RACI's task port for other features", () => {
  let bot: TestBot;
  let port: RaciReads["tasks"];
  const heard: Omit<TaskStatusEvent, "trx">[] = [];

  beforeAll(async () => {
    const linker = defineFeature({
      name: "linker",
      build({ reads }) {
        port = reads.get<RaciReads>("raci").tasks;
        port.onStatusChange(async ({ trx: _trx, ...event }) => {
          heard.push(event);
        });
        return {};
      },
    });
    bot = await createTestBot({ features: [...features, linker] });
    await bot.line(":clock 2026-12-07T10:00:00Z");
  });
  afterAll(async () => {
    await bot.close();
  });

  it("a task created by a feature has the next key, its R and A, and a history naming its source", async () => {
    const db = bot.runtime.database.db;
    const project = await db.selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    const people = await db.selectFrom("people").select(["id", "display_name"]).where("tenant_id", "=", project.tenant_id).execute();
    const idOf = (name: string) => people.find((p) => p.display_name.includes(name))!.id;
    const created = await port.createTask({ tenantId: project.tenant_id, projectId: project.id, title: "Fix the lead import", r: [idOf("Zhang Min")], a: idOf("Li Na"), due: { date: "2026-12-09" }, createdBy: null, source: { feature: "feedback", ref: "FB-3" } });
    expect(created.key).toMatch(/^T-\d+$/);
    const shown = await bot.as("zhangmin").dm().says(`task show ${created.key}`);
    expect(shown.text).toContain("Fix the lead import");
    expect((await port.statusOf([created.id])).get(created.id)).toMatchObject({ key: created.key, status: "open", dueDate: "2026-12-09" });

    await bot.as("zhangmin").dm().says(`task done ${created.key}`);
    expect(heard.map((e) => [e.key, e.from, e.to])).toEqual([[created.key, "open", "done"]]);
    expect((await port.statusOf([created.id])).get(created.id)?.status).toBe("done");
  });

  it("a task without an Accountable is refused", async () => {
    const db = bot.runtime.database.db;
    const project = await db.selectFrom("projects").select(["id", "tenant_id"]).where("key", "=", "apollo").executeTakeFirstOrThrow();
    await expect(port.createTask({ tenantId: project.tenant_id, projectId: project.id, title: "x", r: [], a: 1, createdBy: null, source: { feature: "x", ref: "y" } })).rejects.toBeInstanceOf(UserError);
  });
});
