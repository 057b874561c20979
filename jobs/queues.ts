import { z } from "zod";
import { DELIVER_BATCH_MAX, type JobName } from "../src/core/queue.js";

/** Payload schemas per job: every processor validates before it calls a flow. */
export const jobPayloads = {
  inbound: z.object({
    event: z
      .object({
        kind: z.enum(["message", "command", "members_joined", "reaction"]),
        dedupeKey: z.string().min(1),
        conversation: z.object({ platform: z.string(), tenantId: z.string(), conversationId: z.string(), kind: z.enum(["direct", "group"]) }).passthrough(),
        actor: z.object({ platform: z.string(), tenantId: z.string(), userId: z.string(), displayName: z.string(), isBot: z.boolean() }).passthrough(),
        receivedAt: z.string(),
        replyTo: z.object({ messageId: z.string().min(1), text: z.string().optional() }).optional(),
        messageId: z.string().min(1).optional(),
        emoji: z.string().optional(),
        rawEmoji: z.string().optional(),
        added: z.boolean().optional(),
        userIds: z.array(z.string()).optional(),
      })
      .passthrough()
      .refine((e) => e.kind !== "reaction" || (e.messageId !== undefined && e.emoji !== undefined && e.added !== undefined), { message: "a reaction names its message, emoji and whether it was added" }),
  }),
  deliver: z.object({ deliveryId: z.string().regex(/^\d+$/), more: z.array(z.string().regex(/^\d+$/)).max(DELIVER_BATCH_MAX).optional() }),
  tick: z.object({ at: z.iso.datetime({ offset: true }).optional() }),
  schedule: z.object({ name: z.string().min(1), from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
  feature: z.object({ name: z.string().regex(/^[a-z][a-z0-9_-]*\.[a-z][a-z0-9_-]*$/), payload: z.unknown() }),
} satisfies Record<JobName, z.ZodType>;
