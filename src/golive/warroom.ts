import { sql } from "kysely";
import { UserError } from "../core/command.js";
import type { OutboundMessage } from "../core/message.js";
import { dmEach } from "./broadcast.js";
import { localStamp, membersNamed, namesOf, projectOf, type GoliveDeps } from "./deps.js";
import { t, type Locale } from "./i18n.js";
import { readSeverity, readWarroomRole, type GoliveAsker } from "./model.js";
import { statusCard } from "./warroom-card.js";
import { groupOf, liveWarroom, logEvent, requireCommanderOrPm, requireWarroom, type Warroom } from "./warroom-state.js";

/** Who sits in the war room: everyone on the project but plain members (sponsor, PM, key users, admins, consultants). */
const CORE_ROLES = ["sponsor", "pm", "key_user", "admin", "consultant"] as const;

/** The war room: one group per go-live, its roles, its status card. */
export function createWarroom(deps: GoliveDeps) {
  const { db, core } = deps;

  const roomLocale = async (room: Pick<Warroom, "tenant_id">): Promise<Locale> => (await core.tenants.get(room.tenant_id)).locale;

  /** Posts the status card again as an edit of the first one (in place where the platform can edit, else reposted). */
  const refreshCard = async (room: Warroom): Promise<void> => {
    const conversation = await groupOf(deps, room);
    if (!conversation) return;
    const bumped = await db.updateTable("warrooms").set({ card_version: sql`card_version + 1` }).where("id", "=", room.id).returning("card_version").executeTakeFirstOrThrow();
    const card = await statusCard(deps, room, await roomLocale(room));
    await core.notify.toConversation(conversation, card, { key: `${room.group_key}:card:${bumped.card_version}`, editOf: `${room.group_key}:welcome`, tenantId: room.tenant_id });
  };

  /** Posts a message in the war room group (nothing when the group is not there yet). */
  const postInRoom = async (room: Warroom, key: string, message: OutboundMessage): Promise<boolean> => {
    const conversation = await groupOf(deps, room);
    if (!conversation) return false;
    await core.notify.toConversation(conversation, message, { key: `${room.group_key}:${key}`, tenantId: room.tenant_id });
    return true;
  };

  return {
    refreshCard,
    postInRoom,
    roomLocale,

    /**
     * Opens the war room once per go-live: the row first (a unique index refuses a second), then the group through
     * notify's outbox under the room's key, so a retried or timed-out create makes one group. A group the platform
     * refused closes the row, so the PM can open again after fixing the cause.
     */
    async open(who: GoliveAsker): Promise<string> {
      const existing = await liveWarroom(db, who.projectId);
      if (existing) {
        const state = await core.notify.groupFor(existing.group_key);
        if (state?.status !== "failed") {
          const names = await namesOf(db, [existing.opened_by]);
          const project = await projectOf(deps, who);
          throw new UserError("golive.errors.warroom_exists", { group: state?.conversation?.conversationId ?? "…", by: names.get(existing.opened_by ?? 0) ?? "—", at: localStamp(existing.opened_at, project.timezone) });
        }
        await db.updateTable("warrooms").set({ status: "closed", closed_at: core.clock.now() }).where("id", "=", existing.id).execute();
      }
      const project = await projectOf(deps, who);
      const count = await db.selectFrom("warrooms").select(sql<number>`count(*)`.as("n")).where("project_id", "=", who.projectId).executeTakeFirstOrThrow();
      const key = `golive:warroom:${who.projectId}:${Number(count.n) + 1}`;
      const room = await db.insertInto("warrooms").values({ tenant_id: who.tenantId, project_id: who.projectId, group_key: key, opened_by: who.personId, opened_at: core.clock.now() }).returningAll().executeTakeFirstOrThrow();
      const members = (await core.projects.members(who.tenantId, who.projectId)).filter((m) => m.roles.some((r) => (CORE_ROLES as readonly string[]).includes(r))).map((m) => m.personId);
      const locale = await roomLocale(room);
      const queued = await core.notify.createGroup({
        key,
        tenantId: who.tenantId,
        name: `${project.key} war room`,
        topic: t(locale, "golive.warroom.topic", { project: project.name }),
        ownerPersonId: who.personId,
        memberPersonIds: members,
        welcome: await statusCard(deps, room, locale),
      });
      if (queued.status === "owner_without_identity") {
        await db.deleteFrom("warrooms").where("id", "=", room.id).execute();
        throw new UserError("golive.errors.owner_without_identity");
      }
      await logEvent(deps, room, who.personId, "opened");
      const missing = await namesOf(db, queued.withoutIdentity);
      return t(who.locale, "golive.warroom.opened", { count: members.length - queued.withoutIdentity.length }) + (missing.size > 0 ? `\n${t(who.locale, "golive.warroom.missing", { names: [...missing.values()].join(", ") })}` : "");
    },

    /** Where the war room stands: its group (or why it is not there), shown as the status card. */
    async status(who: GoliveAsker): Promise<OutboundMessage | string> {
      const room = await requireWarroom(db, who);
      const state = await core.notify.groupFor(room.group_key);
      if (state?.status === "failed") return t(who.locale, "golive.warroom.group_failed", { error: state.error ?? "—" });
      return statusCard(deps, room, who.locale);
    },

    /** `warroom role commander @x` (commander or PM): the assignee gets a DM with the role's duties. */
    async role(who: GoliveAsker, roleText: string, personText: string): Promise<string> {
      const role = readWarroomRole(roleText);
      if (!role) throw new UserError("golive.errors.bad_role", { role: roleText });
      const room = await requireWarroom(db, who);
      await requireCommanderOrPm(db, room, who);
      const [person] = await membersNamed(deps, who, personText);
      if (!person) throw new UserError("golive.errors.person_none", { who: personText });
      await db
        .insertInto("warroom_roles")
        .values({ warroom_id: room.id, tenant_id: who.tenantId, role, person_id: person.id, assigned_by: who.personId, assigned_at: core.clock.now() })
        .onConflict((oc) => oc.columns(["warroom_id", "role"]).doUpdateSet({ person_id: person.id, assigned_by: who.personId, assigned_at: core.clock.now() }))
        .execute();
      await logEvent(deps, room, person.id, "role", role);
      const at = core.clock.now().getTime();
      await dmEach(deps, who.tenantId, [person.id], `golive:role:${room.id}:${role}:${at}`, (locale) => ({
        title: t(locale, "golive.role.dm_title", { role: t(locale, `golive.role.${role}`) }),
        locale,
        blocks: [{ type: "text", markdown: t(locale, `golive.role.duties.${role}`) }],
      }));
      await refreshCard(room);
      return t(who.locale, "golive.warroom.role_set", { role: t(who.locale, `golive.role.${role}`), name: person.name });
    },

    /** A tactical update (conditions / actions / needs): kept on the timeline, the status card refreshed. */
    async update(who: GoliveAsker, input: { conditions?: string; actions?: string; needs?: string }): Promise<string> {
      const room = await requireWarroom(db, who);
      if (!input.conditions && !input.actions && !input.needs) throw new UserError("golive.errors.empty_update");
      const at = core.clock.now();
      const updated = await db
        .updateTable("warrooms")
        .set({ ...(input.conditions ? { conditions: input.conditions } : {}), ...(input.actions ? { actions: input.actions } : {}), ...(input.needs ? { needs: input.needs } : {}), updated_at: at })
        .where("id", "=", room.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await logEvent(deps, room, who.personId, "update", [input.conditions, input.actions, input.needs].map((v) => v ?? "").join(" | "));
      await refreshCard(updated);
      return t(who.locale, "golive.warroom.updated");
    },

    /** "Remind me in 30 min / 1 h / 2 h": the commander's next update reminder comes then (commander or PM). */
    async remind(who: GoliveAsker, minutes: number): Promise<string> {
      const room = await requireWarroom(db, who);
      await requireCommanderOrPm(db, room, who);
      await db.updateTable("warrooms").set({ remind_at: new Date(core.clock.now().getTime() + minutes * 60_000) }).where("id", "=", room.id).execute();
      return t(who.locale, "golive.warroom.remind_set", { minutes });
    },

    /**
     * `warroom cadence 30`: the commander is asked for an update every N minutes (commander or PM); with `--sev 2`,
     * every N minutes while an issue of that severity is open (the shortest cadence of the open issues wins).
     */
    async cadence(who: GoliveAsker, minutes: number, sevText?: string): Promise<string> {
      const severity = sevText === undefined ? undefined : readSeverity(sevText);
      if (severity === null) throw new UserError("golive.errors.bad_sev", { sev: sevText ?? "" });
      const room = await requireWarroom(db, who);
      await requireCommanderOrPm(db, room, who);
      if (severity === undefined) {
        await db.updateTable("warrooms").set({ cadence_minutes: minutes }).where("id", "=", room.id).execute();
        await logEvent(deps, room, who.personId, "cadence", String(minutes));
        return t(who.locale, "golive.warroom.cadence_set", { minutes });
      }
      await db.updateTable("warrooms").set({ sev_cadence: JSON.stringify({ ...room.sev_cadence, [String(severity)]: minutes }) }).where("id", "=", room.id).execute();
      await logEvent(deps, room, who.personId, "cadence", `S${severity} ${minutes}`);
      return t(who.locale, "golive.warroom.cadence_set_sev", { minutes, sev: severity });
    },

  };
}

export type WarroomFlows = ReturnType<typeof createWarroom>;
