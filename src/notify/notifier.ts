import { sql } from "kysely";
import type { ConversationRef } from "../core/adapter.js";
import type { OutboundMessage } from "../core/message.js";
import { DELIVER_BATCH_MAX, jobIdFor, type JobQueue } from "../core/queue.js";
import type { Database } from "../db/database.js";
import { prepared } from "../db/prepared.js";
import type { Role } from "../core/command.js";
import { findDirectTargets } from "../people/direct-targets.js";
import { createProjectService } from "../projects/service.js";
import { createGroupOutbox } from "./groups.js";
import { storeMedia } from "./media.js";
import type { DeliveryOptions, DeliveryTarget } from "./target.js";

/** A message for everyone, or one built per recipient (their language, their tasks). */
export type MessageFor = OutboundMessage | ((personId: number) => OutboundMessage);

/** Who else may be left out of a fan-out to a project or role: only these people, or those the predicate keeps. */
export interface AudienceFilter {
  personIds?: readonly number[];
  keep?: (member: { personId: number; roles: readonly Role[] }) => boolean;
}

/** What a fan-out did: DMs newly queued, DMs whose key was already used, and people never seen on their platform. */
export interface FanOutResult {
  queued: number[];
  already: number[];
  withoutIdentity: number[];
}

export type Notifier = ReturnType<typeof createNotifier>;

function withoutFilter(opts: DeliveryOptions & { filter?: AudienceFilter }): DeliveryOptions {
  const { filter: _filter, ...rest } = opts;
  return rest;
}

/** The only way anything is sent: write an outbox row under a unique key, then let the deliver job send it. */
export function createNotifier(deps: { db: Database; queue: JobQueue }) {
  const { db, queue } = deps;

  // `message` is the outbox form (storeMedia): image bytes already stored, the blocks naming them.
  const rowOf = (target: DeliveryTarget, message: unknown, opts: DeliveryOptions, messageJson: (message: unknown) => string = JSON.stringify) => ({
    key: opts.key,
    tenant_id: opts.tenantId ?? null,
    person_id: opts.personId ?? null,
    platform: target.type === "conversation" ? target.conversation.platform : target.platform,
    target: JSON.stringify(target),
    message: messageJson(message),
    reply: opts.reply ? JSON.stringify(opts.reply) : null,
    edit_of: opts.editOf ?? null,
    // Every row names its send time so that a multi-row insert has one shape.
    next_at: opts.notBefore ?? new Date(),
  });

  type Row = ReturnType<typeof rowOf>;
  // One message (every command's reply) is one row: compiled once, not built per reply.
  const insertOne = prepared(
    db,
    (key: Row["key"], tenantId: Row["tenant_id"], personId: Row["person_id"], platform: Row["platform"], target: Row["target"], message: Row["message"], reply: Row["reply"], editOf: Row["edit_of"], nextAt: Row["next_at"]) =>
      db
        .insertInto("deliveries")
        .values({ key, tenant_id: tenantId, person_id: personId, platform, target, message, reply, edit_of: editOf, next_at: nextAt })
        .onConflict((oc) => oc.column("key").doNothing())
        .returning("id"),
  );

  const queueDelivery = (id: string, opts: DeliveryOptions): Promise<void> => {
    const delayMs = opts.notBefore ? opts.notBefore.getTime() - Date.now() : 0;
    return queue.add("deliver", { deliveryId: id }, { jobId: jobIdFor(`deliver:${id}`), ...(delayMs > 0 ? { delayMs } : {}) });
  };

  /**
   * Queues a message; returns false when the key was already used (nothing new is sent). `held` is offered the new
   * row's id first: when it answers true, its caller delivers the row itself and no deliver job is queued.
   */
  const enqueue = async (target: DeliveryTarget, message: OutboundMessage, opts: DeliveryOptions, held?: (deliveryId: string) => boolean): Promise<boolean> => {
    const [stored] = await storeMedia(db, [message]);
    const r = rowOf(target, stored, opts);
    const row = (await insertOne(r.key, r.tenant_id, r.person_id, r.platform, r.target, r.message, r.reply, r.edit_of, r.next_at)).rows[0];
    if (!row) return false;
    if (!opts.notBefore && held?.(row.id)) return true;
    await queueDelivery(row.id, opts);
    return true;
  };

  /**
   * Queues many messages (a fan-out) with one insert of array parameters; returns the keys that were new.
   */
  const enqueueMany = async (items: { target: DeliveryTarget; message: OutboundMessage; opts: DeliveryOptions }[]): Promise<Set<string>> => {
    if (items.length === 0) return new Set();
    const stored = await storeMedia(db, items.map((i) => i.message));
    // A fan-out's recipients often share one message object (a team's prompt in one language): serialised once.
    const serialised = new Map<unknown, string>();
    const messageJson = (message: unknown): string => {
      let json = serialised.get(message);
      if (json === undefined) serialised.set(message, (json = JSON.stringify(message)));
      return json;
    };
    const rows = items.map((i, n) => rowOf(i.target, stored[n], i.opts, messageJson));
    // Each distinct message goes once, in one JSON array, and each row names its place in it: a team's prompt to a
    // thousand people is one message on the wire, not a thousand copies. Messages and targets travel as JSON arrays
    // (already JSON: joined, never escaped again as array elements), the rest as arrays: ten parameters in all.
    const messageIndex = new Map<string, number>();
    const messageOf = rows.map((r) => {
      let index = messageIndex.get(r.message);
      if (index === undefined) messageIndex.set(r.message, (index = messageIndex.size));
      return index;
    });
    const jsonArray = (jsons: Iterable<string>): string => `[${[...jsons].join(",")}]`;
    const { rows: inserted } = await sql<{ id: string; key: string }>`
      insert into deliveries (key, tenant_id, person_id, platform, target, message, reply, edit_of, next_at)
      select r.key, r.tenant_id, r.person_id, r.platform, (${jsonArray(rows.map((r) => r.target))}::jsonb) -> (r.n::int - 1),
        (${jsonArray(messageIndex.keys())}::jsonb) -> r.message, r.reply, r.edit_of, r.next_at
      from unnest(${rows.map((r) => r.key)}::text[], ${rows.map((r) => r.tenant_id)}::int[], ${rows.map((r) => r.person_id)}::int[],
        ${rows.map((r) => r.platform)}::text[], ${messageOf}::int[], ${rows.map((r) => r.reply)}::jsonb[],
        ${rows.map((r) => r.edit_of)}::text[], ${rows.map((r) => r.next_at.toISOString())}::timestamptz[])
        with ordinality as r(key, tenant_id, person_id, platform, message, reply, edit_of, next_at, n)
      on conflict (key) do nothing
      returning id, key`.execute(db);
    const byKey = new Map(items.map((i) => [i.opts.key, i.opts]));
    // Rows to send now share deliver jobs (a fan-out's thousand rows are tens of jobs); paced rows keep a job each,
    // due at its own slot.
    const now: string[] = [];
    const later: { id: string; opts: DeliveryOptions }[] = [];
    for (const r of inserted) {
      const opts = byKey.get(r.key) ?? { key: r.key };
      if (opts.notBefore && opts.notBefore.getTime() > Date.now()) later.push({ id: r.id, opts });
      else now.push(r.id);
    }
    const jobs: Promise<void>[] = later.map((r) => queueDelivery(r.id, r.opts));
    for (let from = 0; from < now.length; from += DELIVER_BATCH_MAX) {
      const [first, ...more] = now.slice(from, from + DELIVER_BATCH_MAX);
      if (first === undefined) continue;
      const one = more.length === 0;
      jobs.push(queue.add("deliver", { deliveryId: first, ...(one ? {} : { more }) }, { jobId: jobIdFor(one ? `deliver:${first}` : `deliver:${first}+${more.length}`) }));
    }
    await Promise.all(jobs);
    return new Set(inserted.map((r) => r.key));
  };

  /** One DM per person under `${key}:p${personId}`, in batched inserts; a retry with the same key sends nothing twice. */
  const toPeople = async (tenantId: number, personIds: readonly number[], message: MessageFor, opts: DeliveryOptions): Promise<FanOutResult> => {
    const unique = [...new Set(personIds)];
    const targets = await findDirectTargets(db, unique, tenantId);
    const reached = unique.filter((id) => targets.has(id));
    const keyOf = (personId: number) => `${opts.key}:p${personId}`;
    const fresh = await enqueueMany(
      reached.map((personId) => ({
        target: { type: "direct" as const, ...targets.get(personId)! },
        message: typeof message === "function" ? message(personId) : message,
        opts: { ...opts, key: keyOf(personId), tenantId, personId },
      })),
    );
    return {
      queued: reached.filter((id) => fresh.has(keyOf(id))),
      already: reached.filter((id) => !fresh.has(keyOf(id))),
      withoutIdentity: unique.filter((id) => !targets.has(id)),
    };
  };

  const projects = createProjectService(db);
  const audienceOf = async (tenantId: number, projectId: number, roles: readonly Role[] | null, filter: AudienceFilter): Promise<number[]> => {
    const only = filter.personIds ? new Set(filter.personIds) : null;
    return (await projects.members(tenantId, projectId))
      .filter((m) => roles === null || m.roles.some((r) => roles.includes(r)))
      .filter((m) => (only ? only.has(m.personId) : true) && (filter.keep ? filter.keep(m) : true))
      .map((m) => m.personId);
  };

  const groups = createGroupOutbox({ db, queue });

  return {
    enqueue,
    enqueueMany,

    /** Creates a group once under `request.key` (create → store its ref → add members → welcome), through the outbox. */
    createGroup: groups.createGroup,
    /** The group created under `key`, once the platform has made it; null when no group was asked for under it. */
    groupFor: groups.groupFor,
    /** Archives the group created under `key` where the platform allows, after the delivery keyed `after` went out. */
    archiveGroup: groups.archiveGroup,

    /** A DM to everyone holding one of `role` in the project (all sponsors, all key users …), narrowed by `filter`. */
    toRole(tenantId: number, projectId: number, role: Role | readonly Role[], message: MessageFor, opts: DeliveryOptions & { filter?: AudienceFilter }): Promise<FanOutResult> {
      const roles = typeof role === "string" ? [role] : role;
      return audienceOf(tenantId, projectId, roles, opts.filter ?? {}).then((ids) => toPeople(tenantId, ids, message, withoutFilter(opts)));
    },

    /** A DM to every member of the project, whatever their role, narrowed by `filter`. */
    toProject(tenantId: number, projectId: number, message: MessageFor, opts: DeliveryOptions & { filter?: AudienceFilter }): Promise<FanOutResult> {
      return audienceOf(tenantId, projectId, null, opts.filter ?? {}).then((ids) => toPeople(tenantId, ids, message, withoutFilter(opts)));
    },

    /**
     * Sends to a conversation; numbered choices, if any, are offered to `audience` (a user id, or "*"). `held` (a
     * command's reply, see reply-now.ts) may take the new row to deliver it itself instead of through a deliver job.
     */
    toConversation(conversation: ConversationRef, message: OutboundMessage, opts: DeliveryOptions & { audience?: string; held?: (deliveryId: string) => boolean }): Promise<boolean> {
      const { held, ...rest } = opts;
      const target: DeliveryTarget = { type: "conversation", conversation, ...(rest.audience ? { audience: rest.audience } : {}) };
      return enqueue(target, message, rest, held);
    },

    /**
     * Sends a direct message to a person on their tenant's platform. Returns "no_identity" when the person
     * has never been seen there (added by email, say, and not yet resolved).
     */
    async toPerson(tenantId: number, personId: number, message: OutboundMessage, opts: DeliveryOptions): Promise<boolean | "no_identity"> {
      const to = (await findDirectTargets(db, [personId], tenantId)).get(personId);
      if (!to) return "no_identity";
      const target: DeliveryTarget = { type: "direct", ...to };
      return enqueue(target, message, { ...opts, tenantId, personId });
    },

    /** Sends a direct message to a platform user, opening the DM at send time. */
    toUser(platform: ConversationRef["platform"], tenantRef: string, userId: string, message: OutboundMessage, opts: DeliveryOptions): Promise<boolean> {
      return enqueue({ type: "direct", platform, tenantRef, userId }, message, opts);
    },
  };
}
