import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { UserError, type CommandActor, type CommandTenant } from "../core/command.js";
import type { ConversationRef } from "../core/adapter.js";
import { message, text, type OutboundMessage } from "../core/message.js";
import type { ErasureSubject } from "../core/personal-data.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import { personNamed } from "../people/person-arg.js";
import type { CoreServices } from "../services.js";
import { signExportGrant } from "./export-link.js";
import { t, type Locale } from "./i18n.js";
import { createRetention } from "./retention.js";

/** Who stands in for an erased person in records that stay: one per tenant, named in both languages. */
export const FORMER_MEMBER_NAME = "Former member · 前成员";
const EXPORT_LINK_DAYS = 1;

export interface PrivacyAsker {
  tenant: CommandTenant;
  actor: CommandActor;
  locale: Locale;
  conversation: ConversationRef;
  now: Date;
}

export interface PrivacyDeps {
  db: Database;
  core: CoreServices;
  logger: Logger;
  config: { PUBLIC_URL?: string | undefined; LINK_SECRET?: string | undefined; DATA_DIR: string };
}

const SELF = new Set(["me", "myself", "我", "自己", "本人"]);

/** `privacy export|erase|retention`: a person's data out, a person erased, and how long each kind is kept. */
export function createPrivacyFlows(deps: PrivacyDeps) {
  const { db, core } = deps;
  const retention = createRetention(deps);

  const isAdmin = async (personId: number) => (await core.projects.heldBy([personId], "admin")).length > 0;

  const refuse = async (who: PrivacyAsker, action: string, key: string, vars: Record<string, string> = {}): Promise<never> => {
    await core.audit.record({ tenantId: who.tenant.id, personId: who.actor.personId, projectId: null, action, outcome: "refused", details: { reason: key }, conversation: who.conversation });
    throw new UserError(key, vars);
  };

  /** The person a command names ("me" is the asker), only ever within the asker's tenant. */
  const subjectOf = async (who: PrivacyAsker, name: string, action: string) => {
    if (SELF.has(name.trim().toLowerCase())) return { id: who.actor.personId, displayName: who.actor.displayName };
    try {
      const { person } = await personNamed(core, who.tenant, name);
      return { id: person.id, displayName: person.displayName };
    } catch (error) {
      if (error instanceof UserError) await refuse(who, action, error.key, error.vars as Record<string, string>);
      throw error;
    }
  };

  /** Everything every owner keeps about the person, as one readable document. */
  const collect = async (tenantId: number, personId: number, displayName: string, at: Date) => {
    const data: Record<string, unknown> = {};
    for (const { owner, data: owned } of core.personalData.entries()) {
      const part = await owned.export(tenantId, personId);
      if (Object.keys(part).length > 0) data[owner] = part;
    }
    return { exportedAt: at.toISOString(), person: displayName, data };
  };

  const formerMember = async (tenantId: number): Promise<number> => {
    const existing = await db.selectFrom("privacy_former_members").select("person_id").where("tenant_id", "=", tenantId).executeTakeFirst();
    if (existing) return existing.person_id;
    const created = await core.people.create(tenantId, { displayName: FORMER_MEMBER_NAME });
    await db.insertInto("privacy_former_members").values({ tenant_id: tenantId, person_id: created.id }).onConflict((oc) => oc.column("tenant_id").doNothing()).execute();
    const row = await db.selectFrom("privacy_former_members").select("person_id").where("tenant_id", "=", tenantId).executeTakeFirstOrThrow();
    return row.person_id;
  };

  return {
    retention,

    /** Builds the export a download link grants (the HTTP route calls it). */
    document: (tenantId: number, personId: number, at: Date) =>
      core.people.get(tenantId, personId).then((person) => (person ? collect(tenantId, personId, person.displayName, at) : null)),

    async export(who: PrivacyAsker, name: string): Promise<OutboundMessage> {
      const subject = await subjectOf(who, name, "privacy export");
      if (subject.id !== who.actor.personId && !(await isAdmin(who.actor.personId))) await refuse(who, "privacy export", "privacy.errors.admin_only_export");
      const document = await collect(who.tenant.id, subject.id, subject.displayName, who.now);
      const owners = Object.keys(document.data).length;
      await core.audit.record({ tenantId: who.tenant.id, personId: who.actor.personId, projectId: null, action: "privacy export", outcome: "ok", details: { self: subject.id === who.actor.personId }, conversation: who.conversation });
      if (who.actor.platform === "console") {
        const dir = resolve(deps.config.DATA_DIR, "exports");
        await mkdir(dir, { recursive: true });
        const file = join(dir, `personal-data-${who.tenant.id}-${subject.id}-${who.now.toISOString().replace(/[:.]/g, "-")}.json`);
        await writeFile(file, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
        return message(t(who.locale, "privacy.export.title", { name: subject.displayName }), text(t(who.locale, "privacy.export.written", { file, owners })));
      }
      const { PUBLIC_URL, LINK_SECRET } = deps.config;
      if (!PUBLIC_URL || !LINK_SECRET) throw new UserError("privacy.errors.no_public_url");
      const expiresAt = who.now.getTime() + EXPORT_LINK_DAYS * 24 * 3600_000;
      const token = signExportGrant(LINK_SECRET, { tenantId: who.tenant.id, personId: subject.id, requestedBy: who.actor.personId, expiresAt });
      const link = `${PUBLIC_URL.replace(/\/+$/, "")}/privacy/export?t=${token}`;
      const dm = message(t(who.locale, "privacy.export.title", { name: subject.displayName }), text(t(who.locale, "privacy.export.link", { link, owners, hours: EXPORT_LINK_DAYS * 24 })));
      await core.notify.toPerson(who.tenant.id, who.actor.personId, dm, { key: `privacy:export:${who.tenant.id}:${subject.id}:${who.actor.personId}:${who.now.getTime()}` });
      return message(undefined, text(t(who.locale, "privacy.export.sent")));
    },

    async erase(who: PrivacyAsker, name: string, reason: string): Promise<OutboundMessage> {
      const subject = await subjectOf(who, name, "privacy erase");
      const former = await formerMember(who.tenant.id);
      if (subject.id === former) await refuse(who, "privacy erase", "privacy.errors.former_member");
      const holds: string[] = [];
      for (const { data } of core.personalData.entries()) holds.push(...((await data.holds?.(who.tenant.id, subject.id, who.locale)) ?? []));
      if (holds.length > 0) {
        await core.audit.record({ tenantId: who.tenant.id, personId: who.actor.personId, projectId: null, action: "privacy erase", outcome: "refused", details: { reason: "holds", holds: holds.length }, conversation: who.conversation });
        return message(t(who.locale, "privacy.erase.held_title", { name: subject.displayName }), text(holds.map((h) => `• ${h}`).join("\n")), text(t(who.locale, "privacy.erase.held_nothing")));
      }
      const erasure: ErasureSubject = { tenantId: who.tenant.id, personId: subject.id, formerMemberId: former, displayName: subject.displayName, formerName: FORMER_MEMBER_NAME };
      const owners = [...core.personalData.entries()].reverse();
      await db.transaction().execute(async (trx) => {
        for (const { data } of owners) await data.erase(trx, erasure);
      });
      // The entry says who erased and why, never whom: the person's id and name are gone with them.
      await core.audit.record({ tenantId: who.tenant.id, personId: who.actor.personId, projectId: null, action: "privacy erase", outcome: "ok", details: { reason }, conversation: who.conversation });
      deps.logger.info({ tenant: who.tenant.id, owners: owners.length }, "person erased");
      return message(t(who.locale, "privacy.erase.done_title"), text(t(who.locale, "privacy.erase.done", { former: FORMER_MEMBER_NAME })));
    },
  };
}

export type PrivacyFlows = ReturnType<typeof createPrivacyFlows>;
