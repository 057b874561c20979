import { sql } from "kysely";
import { UserError } from "../core/command.js";
import { message, text } from "../core/message.js";
import type { Database } from "../db/database.js";
import type { CoreServices } from "../services.js";
import { t, type Locale } from "./i18n.js";
import { KUDOS_PER_DAY, PARTICIPATION } from "./rules.js";
import { localDay } from "./days.js";

export interface KudosInput {
  tenantId: number;
  projectId: number;
  timezone: string;
  giverId: number;
  giverName: string;
  receiverId: number;
  reason: string;
}

/**
 * A thank-you: a point for the receiver, who hears who thanked them and why. Five per giver per day (counted under a
 * lock on the giver, so a script firing thousands at once gets five); past the cap the admins are told once a day.
 */
export function createKudos(deps: { db: Database; core: CoreServices }) {
  const { db, core } = deps;
  const localeOf = async (tenantId: number, personId: number): Promise<Locale> =>
    core.people.localeOf(tenantId, personId, (await core.tenants.get(tenantId)).locale as Locale);

  // Caps already reported by this process: a script hammering the command costs one count query per try, not a fan-out.
  const reported = new Set<string>();
  const givenOn = async (target: Database, giverId: number, day: string) =>
    Number((await target.selectFrom("adoption_kudos").select((eb) => eb.fn.countAll<string>().as("n")).where("giver_id", "=", giverId).where("day", "=", day).executeTakeFirstOrThrow()).n);

  return {
    async give(input: KudosInput): Promise<{ left: number }> {
      if (input.giverId === input.receiverId) throw new UserError("adoption.kudos.self");
      const at = core.clock.now();
      const day = localDay(at, input.timezone);
      const outcome = (await givenOn(db, input.giverId, day)) >= KUDOS_PER_DAY ? { capped: true as const } : await db.transaction().execute(async (trx) => {
        // Counted again under a lock on the giver: concurrent tries cannot all see room for one more.
        await sql`select pg_advisory_xact_lock(hashtext(${`adoption:kudos:${input.giverId}`}))`.execute(trx);
        const given = await givenOn(trx, input.giverId, day);
        if (given >= KUDOS_PER_DAY) return { capped: true as const };
        const row = await trx
          .insertInto("adoption_kudos")
          .values({ tenant_id: input.tenantId, project_id: input.projectId, giver_id: input.giverId, receiver_id: input.receiverId, reason: input.reason, at, day })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("adoption_points")
          .values({ tenant_id: input.tenantId, project_id: input.projectId, person_id: input.receiverId, kind: "kudos", ref: `k:${row.id}`, points: PARTICIPATION.kudos, at, day })
          .execute();
        return { capped: false as const, id: String(row.id), left: KUDOS_PER_DAY - given - 1 };
      });
      const capKey = `adoption:kudos-cap:${input.giverId}:${day}`;
      if (outcome.capped && reported.has(capKey)) throw new UserError("adoption.kudos.cap", { cap: KUDOS_PER_DAY });
      if (outcome.capped) {
        const adminLocales = new Map<number, Locale>();
        for (const admin of await core.projects.members(input.tenantId, input.projectId, "admin")) adminLocales.set(admin.personId, await localeOf(input.tenantId, admin.personId));
        // One note per giver and day, however many more they try: the outbox key makes it once.
        await core.notify.toRole(
          input.tenantId,
          input.projectId,
          "admin",
          (personId) => message(undefined, text(t(adminLocales.get(personId) ?? "zh-CN", "adoption.kudos.capped_admin", { name: input.giverName, cap: KUDOS_PER_DAY, day }))),
          { key: capKey },
        );
        reported.add(capKey);
        throw new UserError("adoption.kudos.cap", { cap: KUDOS_PER_DAY });
      }
      const locale = await localeOf(input.tenantId, input.receiverId);
      await core.notify.toPerson(
        input.tenantId,
        input.receiverId,
        message(t(locale, "adoption.kudos.told_title"), text(t(locale, "adoption.kudos.told", { name: input.giverName, reason: input.reason }))),
        { key: `adoption:kudos:${outcome.id}` },
      );
      return { left: outcome.left };
    },
  };
}
