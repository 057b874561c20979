import type { ConversationRef, PlatformId } from "../core/adapter.js";
import type { OutboundMessage } from "../core/message.js";
import { jobIdFor, type JobQueue } from "../core/queue.js";
import type { Database } from "../db/database.js";
import { findDirectTargets } from "../people/direct-targets.js";
import type { DeliveryTarget } from "./target.js";

/** A group to create once under `key` (a go-live war room): people by person id, all of one tenant. */
export interface GroupRequest {
  /** The idempotency key: a second request with the same key creates nothing. */
  key: string;
  tenantId: number;
  name: string;
  topic?: string;
  ownerPersonId: number;
  memberPersonIds: number[];
  /** Posted into the group once, after the members were added, as a delivery keyed `${key}:welcome`. */
  welcome?: OutboundMessage;
}

/**
 * What `createGroup` did: "queued" (the job will create it), "exists" (the key was used before; nothing new), or
 * "owner_without_identity" (the owner was never seen on the tenant's platform; nothing queued). Members never seen
 * there are left out of the group and listed in `withoutIdentity`.
 */
export interface GroupQueued {
  status: "queued" | "exists" | "owner_without_identity";
  withoutIdentity: number[];
}

/** A group as the caller reads it later: its ref once the platform has created it (members may still be on their way). */
export interface GroupState {
  key: string;
  /** "pending" until members are added and the welcome is queued; "failed" when the job gave up (see `error`). */
  status: "pending" | "ready" | "failed";
  conversation: ConversationRef | null;
  error: string | null;
}

/** The platform's view of the request, stored on the row so that every retry asks for the same group. */
export interface StoredGroupSpec {
  name: string;
  topic?: string;
  ownerUserId: string;
  memberUserIds: string[];
}

/** Writes the group row and its outbox row in one transaction; the deliver job creates the group (src/notify/group-step.ts). */
export function createGroupOutbox(deps: { db: Database; queue: JobQueue }) {
  const { db, queue } = deps;
  return {
    async createGroup(request: GroupRequest): Promise<GroupQueued> {
      const members = [...new Set(request.memberPersonIds)].filter((id) => id !== request.ownerPersonId);
      const targets = await findDirectTargets(db, [request.ownerPersonId, ...members], request.tenantId);
      const withoutIdentity = members.filter((id) => !targets.has(id));
      const owner = targets.get(request.ownerPersonId);
      if (!owner) return { status: "owner_without_identity", withoutIdentity };
      const spec: StoredGroupSpec = {
        name: request.name,
        ...(request.topic ? { topic: request.topic } : {}),
        ownerUserId: owner.userId,
        memberUserIds: [...new Set(members.flatMap((id) => targets.get(id)?.userId ?? []))].filter((u) => u !== owner.userId),
      };
      const target: DeliveryTarget = { type: "group", platform: owner.platform, tenantRef: owner.tenantRef, groupKey: request.key };
      const deliveryId = await db.transaction().execute(async (trx) => {
        const fresh = await trx
          .insertInto("groups")
          .values({ key: request.key, tenant_id: request.tenantId, platform: owner.platform, spec: JSON.stringify(spec), welcome: request.welcome ? JSON.stringify(request.welcome) : null })
          .onConflict((oc) => oc.column("key").doNothing())
          .returning("key")
          .executeTakeFirst();
        if (!fresh) return null;
        const row = await trx
          .insertInto("deliveries")
          .values({ key: request.key, tenant_id: request.tenantId, platform: owner.platform, target: JSON.stringify(target), message: JSON.stringify(request.welcome ?? { blocks: [] }), next_at: new Date() })
          .onConflict((oc) => oc.column("key").doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!row) throw new Error(`the key ${request.key} was already used for a delivery; a group needs a key of its own`);
        return row.id;
      });
      if (deliveryId === null) return { status: "exists", withoutIdentity };
      await queue.add("deliver", { deliveryId }, { jobId: jobIdFor(`deliver:${deliveryId}`) });
      return { status: "queued", withoutIdentity };
    },

    /**
     * Archives the group created under `key` where its platform allows (see ChatAdapter.archiveGroup), once, after the
     * delivery keyed `after` (the group's last message) went out. False when no group was asked for under `key`.
     */
    async archiveGroup(key: string, options: { after?: string } = {}): Promise<boolean> {
      const group = await db.selectFrom("groups").select(["platform", "tenant_id"]).where("key", "=", key).executeTakeFirst();
      if (!group) return false;
      const target: DeliveryTarget = { type: "archive", platform: group.platform as PlatformId, groupKey: key, ...(options.after ? { after: options.after } : {}) };
      const row = await db
        .insertInto("deliveries")
        .values({ key: `${key}:archive`, tenant_id: group.tenant_id, platform: group.platform, target: JSON.stringify(target), message: JSON.stringify({ blocks: [] }), next_at: new Date() })
        .onConflict((oc) => oc.column("key").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (row) await queue.add("deliver", { deliveryId: row.id }, { jobId: jobIdFor(`deliver:${row.id}`) });
      return true;
    },

    async groupFor(key: string): Promise<GroupState | null> {
      const group = await db.selectFrom("groups").select(["key", "conversation"]).where("key", "=", key).executeTakeFirst();
      if (!group) return null;
      const job = await db.selectFrom("deliveries").select(["status", "last_error"]).where("key", "=", key).executeTakeFirst();
      const status = job?.status === "sent" ? "ready" : job?.status === "failed" || job?.status === "cancelled" ? "failed" : "pending";
      return { key, status, conversation: (group.conversation as ConversationRef | null) ?? null, error: status === "failed" ? (job?.last_error ?? null) : null };
    },
  };
}
