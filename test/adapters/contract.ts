import { describe, expect, it } from "vitest";
import type { ChatAdapter, InboundEvent } from "../../src/core/adapter.js";
import { degrade } from "../../src/core/degrade.js";
import { tinyPng } from "../helpers/png.js";
import { actions, button, divider, fields, form, image, text, type OutboundMessage } from "../../src/core/message.js";

/** A recorded platform payload and the neutral event the adapter must turn it into (null: ignored). */
export interface ContractFixture {
  name: string;
  decode(): InboundEvent | null | Promise<InboundEvent | null>;
  expected: ExpectedEvent | null;
}

export type ExpectedEvent =
  | {
      kind: "message";
      text: string;
      mentionsBot: boolean;
      conversationKind: "direct" | "group";
      userId: string;
      tenantId: string;
      dedupeKey?: string;
      /** Files the message carries: each name, and the download reference the adapter keeps (compared field by field). */
      attachments?: { name: string; ref: Record<string, string> }[];
      /** The message it replies to or quotes; absent: it must carry none. */
      replyTo?: { messageId: string; text?: string; authorId?: string };
    }
  | { kind: "command"; commandLine: string; source: "slash" | "button" | "menu" | "typed" | "form"; userId: string; tenantId: string; dedupeKey?: string }
  | { kind: "reaction"; messageId: string; emoji: string; rawEmoji: string; added: boolean; conversationId: string; userId: string; tenantId: string; dedupeKey?: string }
  | { kind: "members_joined"; userIds: string[]; conversationId: string; userId: string; tenantId: string; dedupeKey?: string };

export interface ContractSubject {
  platform: string;
  adapter: ChatAdapter;
  /** The adapter's pure renderer(s); every one must accept the kitchen-sink message after degrade. */
  renderers: ((message: OutboundMessage) => unknown)[];
  fixtures: ContractFixture[];
  /** A payload of the bot's own message: must decode to null or to an event whose actor.isBot is true. */
  ownMessage(): InboundEvent | null | Promise<InboundEvent | null>;
  /** A button click on a card that carried `command`; must decode to that exact command line. */
  click: { command: string; decode(): InboundEvent | null | Promise<InboundEvent | null> };
}

/** The message every renderer must survive: every block type, Chinese text, long labels, many buttons. */
export const kitchenSink: OutboundMessage = {
  title: "上线检查 Go-live checklist",
  locale: "zh-CN",
  mentions: ["U123"],
  blocks: [
    text("**Phase**: UAT · [Runbook](https://example.com/runbook)\n- item one\n- 第二项 <script>&amp;"),
    fields([
      ["Owner", "张三"],
      ["Due", "2026-12-01"],
    ]),
    divider(),
    actions(
      button("Done", "task done T-42", "primary"),
      button("Snooze 1d", "task snooze T-42 --days 1"),
      button("A label that is far too long for any platform to show it in one button at all, really", "task show T-42"),
      button("Blocked", "task status T-42 blocked", "danger"),
      button("Reopen", "task reopen T-42"),
      button("Cancel", "task cancel T-42", "danger"),
      button("Seventh", "help"),
    ),
    image(tinyPng(), "burn-down", "burndown.png"),
    form({ title: "Stand-up", submitLabel: "Send", command: "standup", fields: [{ name: "yesterday", label: "Yesterday", kind: "textarea" }] }),
    text("x".repeat(9000)),
  ],
};

function matches(event: InboundEvent, expected: ExpectedEvent): void {
  expect(event.kind).toBe(expected.kind);
  expect(event.actor.userId).toBe(expected.userId);
  expect(event.conversation.tenantId).toBe(expected.tenantId);
  expect(event.actor.isBot).toBe(false);
  expect(event.dedupeKey.length).toBeGreaterThan(0);
  if (expected.dedupeKey) expect(event.dedupeKey).toBe(expected.dedupeKey);
  if (expected.kind === "message" && event.kind === "message") {
    expect(event.text).toBe(expected.text);
    expect(event.mentionsBot).toBe(expected.mentionsBot);
    expect(event.conversation.kind).toBe(expected.conversationKind);
    const files = (event.attachments ?? []).map((a) => ({ name: a.name, ref: a.ref }));
    if (expected.attachments) expect(files).toEqual(expected.attachments.map((a) => ({ name: a.name, ref: expect.objectContaining(a.ref) })));
    else expect(files).toEqual([]);
    expect(event.replyTo).toEqual(expected.replyTo);
  }
  if (expected.kind === "reaction" && event.kind === "reaction") {
    expect({ messageId: event.messageId, emoji: event.emoji, rawEmoji: event.rawEmoji, added: event.added }).toEqual({
      messageId: expected.messageId,
      emoji: expected.emoji,
      rawEmoji: expected.rawEmoji,
      added: expected.added,
    });
    expect(event.conversation.conversationId).toBe(expected.conversationId);
  }
  if (expected.kind === "members_joined" && event.kind === "members_joined") {
    expect(event.userIds).toEqual(expected.userIds);
    expect(event.conversation.conversationId).toBe(expected.conversationId);
    expect(event.conversation.kind).toBe("group");
  }
  if (expected.kind === "command" && event.kind === "command") {
    expect(event.commandLine).toBe(expected.commandLine);
    expect(event.source).toBe(expected.source);
  }
}

/** The adapter contract (ARCHITECTURE §8), run by every adapter's suite over its recorded payloads. */
export function runAdapterContract(subject: () => ContractSubject): void {
  describe("adapter contract", () => {
    it("maps each recorded payload to the expected event", async () => {
      const s = subject();
      expect(s.fixtures.length).toBeGreaterThan(0);
      for (const fixture of s.fixtures) {
        const event = await fixture.decode();
        if (fixture.expected === null) expect(event, fixture.name).toBeNull();
        else {
          expect(event, fixture.name).not.toBeNull();
          matches(event!, fixture.expected);
        }
      }
    });

    it("ignores the bot's own messages", async () => {
      const event = await subject().ownMessage();
      expect(event === null || event.actor.isBot).toBe(true);
    });

    it("decodes a click to the button's exact command line", async () => {
      const { click } = subject();
      const event = await click.decode();
      expect(event?.kind).toBe("command");
      if (event?.kind === "command") {
        expect(event.commandLine).toBe(click.command);
        expect(event.source).toBe("button");
      }
    });

    it("declares capabilities that agree with its optional methods", () => {
      const { adapter } = subject();
      const caps = adapter.capabilities;
      expect(Boolean(adapter.createGroup)).toBe(caps.createGroup);
      expect(Boolean(adapter.edit)).toBe(caps.editMessage);
      if (caps.buttons !== false) {
        expect(caps.buttons.max).toBeGreaterThan(0);
        expect(caps.buttons.labelMax).toBeGreaterThan(0);
      }
      expect(caps.maxTextLength).toBeGreaterThan(0);
      expect(["inline", "separate", "none"]).toContain(caps.images);
      const decodesFiles = subject().fixtures.some((f) => f.expected?.kind === "message" && (f.expected.attachments?.length ?? 0) > 0);
      if (decodesFiles) expect(typeof adapter.fetchAttachment).toBe("function");
      for (const rule of caps.rateLimits) expect(rule.limit > 0 && rule.windowMs > 0).toBe(true);
      // An adapter that decodes reactions must say so, and one that says so must decode some.
      const decodesReactions = subject().fixtures.some((f) => f.expected?.kind === "reaction");
      expect(caps.reactions).toBe(decodesReactions);
    });

    it("renders the kitchen-sink message without throwing, every part, every renderer", () => {
      const { adapter, renderers } = subject();
      const { parts } = degrade(kitchenSink, adapter.capabilities);
      expect(parts.length).toBeGreaterThan(0);
      for (const render of renderers) for (const part of parts) expect(() => JSON.stringify(render(part))).not.toThrow();
    });
  });
}
