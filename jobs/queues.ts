import { z } from "zod";
import type { JobName } from "../src/core/queue.js";

/** Payload schemas per job: every processor validates before it calls a flow. */
export const jobPayloads = {
  inbound: z.object({
    event: z
      .object({
        kind: z.enum(["message", "command", "members_joined"]),
        dedupeKey: z.string().min(1),
        conversation: z.object({ platform: z.string(), tenantId: z.string(), conversationId: z.string(), kind: z.enum(["direct", "group"]) }).passthrough(),
        actor: z.object({ platform: z.string(), tenantId: z.string(), userId: z.string(), displayName: z.string(), isBot: z.boolean() }).passthrough(),
        receivedAt: z.string(),
      })
      .passthrough(),
  }),
  deliver: z.object({ deliveryId: z.string().regex(/^\d+$/) }),
  tick: z.object({ at: z.iso.datetime({ offset: true }).optional() }),
} satisfies Record<JobName, z.ZodType>;
