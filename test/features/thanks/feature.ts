import { z } from "zod";
import type { Database } from "../../../src/db/database.js";
import { defineFeature, defineJob } from "../../../src/feature/define.js";
import type { FeatureJobs } from "../../../src/feature/jobs.js";
import type { OccurrenceSchedule } from "../../../src/schedule/occurrence.js";
import thanks from "./commands/thanks.js";
import en from "./locales/en.json" with { type: "json" };
import zhCN from "./locales/zh-CN.json" with { type: "json" };
import * as m9001 from "./migrations/9001_thanks.js";
import "./schema.js";
import { t } from "../../../src/core/i18n.js";

/** What the feature's command reaches as `services.thanks`. */
export interface ThanksFlows {
  record(input: { tenantId: number; projectId: number; from: number; to: number; text: string }): Promise<void>;
  countOn(projectId: number, date: string): Promise<number>;
  projectsOn(date: string): Promise<{ tenantId: number; projectId: number }[]>;
}

declare module "../../../src/services.js" {
  interface FeatureServices {
    thanks: ThanksFlows;
  }
}

function createThanks(db: Database, now: () => Date, jobs: FeatureJobs): ThanksFlows {
  return {
    async record(input) {
      const row = await db
        .insertInto("test_thanks")
        .values({ tenant_id: input.tenantId, project_id: input.projectId, from_person: input.from, to_person: input.to, text: input.text, created_at: now() })
        .returning("id")
        .executeTakeFirstOrThrow();
      // The person thanked hears it from a job of the feature's own, after the command has answered.
      await jobs.add("tell", { thanksId: String(row.id) });
    },
    async countOn(projectId, date) {
      const row = await db
        .selectFrom("test_thanks")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("project_id", "=", projectId)
        .where("created_at", ">=", new Date(`${date}T00:00:00Z`))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async projectsOn(date) {
      const rows = await db.selectFrom("test_thanks").select(["tenant_id", "project_id"]).distinct().where("created_at", ">=", new Date(`${date}T00:00:00Z`)).execute();
      return rows.map((r) => ({ tenantId: r.tenant_id, projectId: r.project_id }));
    },
  };
}

/**
 * A small feature that lives entirely in this folder and is registered with one line (a feature list): one command
 * behind a permission of its own, one schedule, one hook, one job, one table with its migration, its own texts. test/feature-module.test.ts runs it.
 */
export const thanksFeature = defineFeature({
  name: "thanks",
  tables: ["test_thanks"],
  migrations: { "9001_thanks": m9001 },
  locales: { en, "zh-CN": zhCN },
  // Everyone on the project but the sponsor, who thanks people in the weekly meeting instead.
  permissions: { "thanks.give": ["pm", "key_user", "member", "admin", "consultant"] },
  commands: [thanks],
  build({ db, core, jobs }) {
    const flows = createThanks(db, () => core.clock.now(), jobs);
    const tell = defineJob({
      name: "tell",
      payload: z.object({ thanksId: z.string().regex(/^\d+$/) }),
      async run({ thanksId }) {
        const row = await db.selectFrom("test_thanks").selectAll().where("id", "=", thanksId).executeTakeFirst();
        if (!row) return;
        const from = await core.people.get(row.tenant_id, row.from_person);
        const message = { title: t("en", "thanks.told_title"), blocks: [{ type: "text" as const, markdown: t("en", "thanks.told", { name: from?.displayName ?? "—", text: row.text }) }] };
        await core.notify.toPerson(row.tenant_id, row.to_person, message, { key: `thanks:told:${thanksId}` });
      },
    });
    const digest: OccurrenceSchedule = {
      name: "thanks-daily",
      late: "send",
      async *due(window) {
        const at = new Date(window.to);
        at.setUTCHours(17, 0, 0, 0);
        if (at <= window.from || at > window.to) return;
        const date = at.toISOString().slice(0, 10);
        const occurrences = [];
        for (const { tenantId, projectId } of await flows.projectsOn(date)) {
          const project = (await core.projects.list(tenantId)).find((p) => p.id === projectId);
          // Read here, not in `message`: the runner builds messages inside its claim transaction, and a read through
          // `db` there would wait for a second connection (forever on embedded PGlite, which has one).
          const count = await flows.countOn(projectId, date);
          for (const pm of await core.projects.members(tenantId, projectId, "pm")) {
            occurrences.push({
              key: `thanks:${projectId}:${date}:${pm.personId}`,
              dueAt: at,
              to: { person: { tenantId, personId: pm.personId } },
              locale: "en" as const,
              timeZone: "UTC",
              message: () => ({ title: t("en", "thanks.digest_title"), blocks: [{ type: "text" as const, markdown: t("en", "thanks.digest", { count, project: project?.name ?? "" }) }] }),
            });
          }
        }
        if (occurrences.length > 0) yield { occurrences };
      },
    };
    return {
      services: flows,
      jobs: [tell],
      // An endpoint of its own beside the webhooks, with a body limit above the server's (a bulk upload, say).
      routes: [
        {
          method: "POST" as const,
          path: "/thanks/bulk",
          bodyLimit: 2 * 1024 * 1024,
          handle: async ({ body }) => ({ status: 200, json: { bytes: body.length } }),
        },
      ],
      schedules: [digest],
      hooks: {
        async groupMessage({ text, mentionsBot, locale }) {
          return !mentionsBot && /\b(thanks|thank you)\b|谢谢/i.test(text) ? t(locale, "thanks.heard") : null;
        },
      },
    };
  },
});
