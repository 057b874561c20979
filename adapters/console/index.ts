import { resolve } from "node:path";
import type { ChatAdapter, ConversationRef, GroupSpec, InboundSink, SentRef } from "../../src/core/adapter.js";
import { uploadImages, type UploadedImages } from "../../src/core/media.js";
import type { OutboundMessage } from "../../src/core/message.js";
import { consoleCapabilities } from "./capabilities.js";
import { readLocalFile, writeImageFile } from "./files.js";
import { renderConsoleCard } from "./render-text.js";

/** One message the console "platform" received from the bot. */
export interface ConsoleSent {
  id: string;
  conversation: ConversationRef;
  message: OutboundMessage;
  /** The message before the console's degrade step: what `:render` hands another platform's renderer. */
  original?: OutboundMessage;
  edited: boolean;
}

export interface ConsoleAdapter extends ChatAdapter {
  /** Everything sent so far, oldest first (transcript tests read it). */
  readonly sent: ConsoleSent[];
  /** The sink the runtime gave at start; the console session feeds typed lines into it. */
  sink(): InboundSink;
  groups(): string[];
  /** Who was added to a group the bot created, in order. */
  membersOf(group: string): string[];
  /** Urgent pushes (the console's stand-in for Feishu buzz / DingTalk DING): the message id and who was buzzed. */
  readonly buzzed: { messageId: string; userIds: string[] }[];
  /** Groups archived, in order. */
  readonly archived: string[];
}

/**
 * Creates the console adapter: a chat platform in the terminal, for trying everything without an account. Images
 * are written as PNG files under `<dataDir>/images/` (named by their content address) and their path printed.
 */
export function createConsoleAdapter(options: { tenantRef: string; print: (text: string) => void; describe?: (c: ConversationRef) => string; dataDir?: string }): ConsoleAdapter {
  const sent: ConsoleSent[] = [];
  const buzzed: { messageId: string; userIds: string[] }[] = [];
  const archived: string[] = [];
  const groups = new Set<string>();
  const memberships = new Map<string, Set<string>>();
  const seen = new Map<string, SentRef>();
  let sink: InboundSink | null = null;
  let counter = 0;
  const describe = options.describe ?? ((c: ConversationRef) => (c.kind === "group" ? c.conversationId : `DM ${c.conversationId.replace(/^dm:/, "@")}`));

  const imagesDir = resolve(options.dataDir ?? "./data", "images");
  const writeImages = (message: OutboundMessage): Promise<UploadedImages> => uploadImages(message, options.tenantRef, undefined, (image) => writeImageFile(imagesDir, image.png));
  // The id in brackets is what `:reply` and `:react` take.
  const print = async (conversation: ConversationRef, message: OutboundMessage, edited: boolean, id: string): Promise<void> => {
    const images = await writeImages(message);
    options.print(`bot → ${describe(conversation)} [${id}]${edited ? " (edited)" : ""}\n${renderConsoleCard(message, { images })}`);
  };

  return {
    platform: "console",
    capabilities: consoleCapabilities,
    sent,
    buzzed,
    archived,
    sink: () => {
      if (!sink) throw new Error("console adapter not started");
      return sink;
    },
    groups: () => [...groups],
    membersOf: (group) => [...(memberships.get(group) ?? [])],
    async start(given) {
      sink = given;
    },
    async stop() {
      sink = null;
    },
    async send(to, message, opts) {
      const again = seen.get(opts.idempotencyKey);
      if (again) return again;
      const id = `c${++counter}`;
      sent.push({ id, conversation: to, message, ...(opts.original ? { original: opts.original } : {}), edited: false });
      await print(to, message, false, id);
      const ref: SentRef = { platform: "console", conversation: to, messageId: id };
      seen.set(opts.idempotencyKey, ref);
      return ref;
    },
    async openDirect(tenantId, userId) {
      return { platform: "console", tenantId, conversationId: `dm:${userId}`, kind: "direct" };
    },
    async edit(ref, message, opts) {
      const before = sent.find((s) => s.id === ref.messageId);
      if (before) {
        before.message = message;
        if (opts?.original) before.original = opts.original;
        else delete before.original;
        before.edited = true;
      }
      sent.push({ id: ref.messageId, conversation: ref.conversation, message, ...(opts?.original ? { original: opts.original } : {}), edited: true });
      await print(ref.conversation, message, true, ref.messageId);
    },
    // The name is the group's id, so a repeated create (same name) finds the group it made before.
    async createGroup(spec: GroupSpec) {
      const name = `#${spec.name.toLowerCase().replace(/\s+/g, "-")}`;
      if (!groups.has(name)) {
        groups.add(name);
        options.print(`bot created group ${name} (owner ${spec.ownerId})${spec.topic ? `: ${spec.topic}` : ""} · talk in it with :in ${name}`);
      }
      return { platform: "console", tenantId: spec.tenantId, conversationId: name, kind: "group" };
    },
    async addMembers(to, userIds) {
      const members = memberships.get(to.conversationId) ?? new Set<string>();
      const added = userIds.filter((id) => !members.has(id));
      for (const id of added) members.add(id);
      memberships.set(to.conversationId, members);
      if (added.length > 0) options.print(`bot added ${added.join(", ")} to ${to.conversationId}`);
    },
    async urgent(ref, userIds) {
      buzzed.push({ messageId: ref.messageId, userIds });
      options.print(`bot buzzed ${userIds.map((u) => `@${u}`).join(", ")} about [${ref.messageId}] (urgent)`);
    },
    async archiveGroup(to) {
      if (archived.includes(to.conversationId)) return;
      archived.push(to.conversationId);
      options.print(`bot archived group ${to.conversationId}`);
    },
    fetchAttachment: (_conversation, attachment, { maxBytes }) => readLocalFile(attachment, maxBytes),
  };
}
