import { createHash } from "node:crypto";
import type { ConversationRef, GroupSpec } from "../../src/core/adapter.js";
import { DingtalkApiError, type DingtalkClient } from "./client.js";
import { toDeliveryError } from "./errors.js";

// Scene groups (场景群) are created from a group template, which is also what puts the robot in the group:
// POST /v1.0/im/sceneGroup/create {title, template_id, owner_user_id, user_ids, uuid} → {open_conversation_id}
// https://open.dingtalk.com/document/development/create-a-scene-group (title ≤ 30 characters).
// Members: POST {oapi}/topapi/im/chat/scenegroup/member/add {open_conversation_id, user_ids:"a,b"}, at most 100 per call
// https://open.dingtalk.com/document/development/add-people-to-scene-group.
// Lookup: POST {oapi}/topapi/v2/user/getbymobile {mobile} → {result:{userid}}
// https://open.dingtalk.com/document/development/query-users-by-phone-number; 60121 = no such user. DingTalk has no
// e-mail → userid lookup, so an e-mail alone finds nobody.

/** user_ids per member/add call. */
export const MEMBER_BATCH = 100;
const TITLE_MAX = 30;
const USER_NOT_FOUND = "60121";

/** Scene-group creation, member batches and mobile lookup over the client. */
export interface DingtalkGroups {
  createGroup(templateId: string, spec: GroupSpec): Promise<ConversationRef>;
  addMembers(to: ConversationRef, userIds: string[]): Promise<void>;
  lookupByMobile(mobile: string): Promise<string | null>;
  archiveGroup(to: ConversationRef): Promise<void>;
}

/** Creates the group operations; every failure is a classified DeliveryError. */
export function createDingtalkGroups(client: DingtalkClient): DingtalkGroups {
  return {
    // One create call with the first 100 people; the rest go through addMembers. `uuid` makes a retried create return
    // the same group instead of a second one (CreateSceneGroupConversation, PLATFORMS.md §3.5); we derive it from our
    // idempotency key, or, without one, from tenant, name and owner.
    async createGroup(templateId, spec) {
      const members = [...new Set([spec.ownerId, ...spec.memberIds].map((id) => id.trim()).filter(Boolean))];
      const title = [...spec.name.trim()].slice(0, TITLE_MAX).join("");
      const seed = spec.idempotencyKey ? `group\n${spec.idempotencyKey}` : `${spec.tenantId}\n${spec.name}\n${spec.ownerId}`;
      const uuid = createHash("sha256").update(seed, "utf8").digest("hex").slice(0, 32);
      try {
        const result = await client.api("POST", "/v1.0/im/sceneGroup/create", {
          title,
          template_id: templateId,
          owner_user_id: spec.ownerId,
          user_ids: members.slice(0, MEMBER_BATCH),
          uuid,
        });
        const id = typeof result.open_conversation_id === "string" ? result.open_conversation_id : "";
        if (!id) throw new Error("sceneGroup/create answered without an open_conversation_id");
        return { platform: "dingtalk", tenantId: spec.tenantId, conversationId: id, kind: "group" };
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    async addMembers(to, userIds) {
      if (to.kind !== "group") throw new Error("members can only be added to a group");
      const ids = [...new Set(userIds.map((id) => id.trim()).filter(Boolean))];
      try {
        for (let i = 0; i < ids.length; i += MEMBER_BATCH) {
          await client.oapi("/topapi/im/chat/scenegroup/member/add", { open_conversation_id: to.conversationId, user_ids: ids.slice(i, i + MEMBER_BATCH).join(",") });
        }
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    // DingTalk offers no way to archive or disband a scene group; the closest is 全员禁言 (chat_banned_type 1) through
    // POST {oapi}/topapi/im/chat/scenegroup/update https://open.dingtalk.com/document/development/scene-group-update:
    // the history stays, nobody but the owner posts.
    async archiveGroup(to) {
      try {
        await client.oapi("/topapi/im/chat/scenegroup/update", { open_conversation_id: to.conversationId, chat_banned_type: 1 });
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    async lookupByMobile(mobile) {
      try {
        const result = await client.oapi("/topapi/v2/user/getbymobile", { mobile });
        const found = result.result;
        const userid = typeof found === "object" && found !== null && "userid" in found ? found.userid : undefined;
        return typeof userid === "string" && userid ? userid : null;
      } catch (error) {
        if (error instanceof DingtalkApiError && error.code === USER_NOT_FOUND) return null;
        throw toDeliveryError(error);
      }
    },
  };
}
