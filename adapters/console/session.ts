import type { Attachment, ConversationRef, InboundEvent } from "../../src/core/adapter.js";
import { buttonsOf, type OutboundMessage } from "../../src/core/message.js";
import { describeLocalFile } from "./files.js";
import type { ConsoleAdapter } from "./index.js";

/** What the console needs from the runtime for its meta-commands; wired by the composition root. */
export interface ConsoleHooks {
  findUser(who: string): Promise<{ userId: string; displayName: string } | null>;
  setClock(at: Date): Promise<void>;
  runJob(name: string): Promise<boolean>;
  render(platform: string, message: OutboundMessage): string;
  /** Waits until every job the line started has finished. */
  settle(): Promise<void>;
  now(): Date;
}

export const META_HELP = [
  ":as <person>      act as someone (name, handle, or a role such as sponsor)",
  ":in <#group>      talk in a group conversation",
  ":dm               back to your direct messages with the bot",
  ":click <n>        click button n of the last card here",
  ":upload <f> [msg] send a file, with an optional message (e.g. raci import)",
  ":render <p|all>   show the last card as slack/feishu/dingtalk/wecom would get it",
  ":clock <iso time> move time; what falls due fires. A jump is treated exactly like the bot being down that long:",
  "                  summaries and escalations go out late (marked late), prompts whose window closed are skipped,",
  "                  and nothing older than 3 days is caught up",
  ":job <name>       run a job now (tick)",
  ":quit             leave",
].join("\n");

/** The console's state: who is typing, where; turns lines into inbound events or meta-commands. */
export function createConsoleSession(options: { adapter: ConsoleAdapter; tenantRef: string; hooks: ConsoleHooks; print: (text: string) => void; user: { userId: string; displayName: string } }) {
  const { adapter, hooks, print, tenantRef } = options;
  let user = options.user;
  let where: ConversationRef = { platform: "console", tenantId: tenantRef, conversationId: `dm:${user.userId}`, kind: "direct" };
  let counter = 0;

  const event = (fields: { kind: "message"; text: string; attachments?: Attachment[] } | { kind: "command"; commandLine: string }): InboundEvent => {
    const base = {
      dedupeKey: `line-${process.pid}-${Date.now()}-${++counter}`,
      conversation: where,
      actor: { platform: "console" as const, tenantId: tenantRef, userId: user.userId, displayName: user.displayName, isBot: false },
      receivedAt: new Date().toISOString(),
      raw: null,
    };
    return fields.kind === "message"
      ? { ...base, kind: "message", text: fields.text, mentionsBot: true, ...(fields.attachments ? { attachments: fields.attachments } : {}) }
      : { ...base, kind: "command", commandLine: fields.commandLine, source: "button" };
  };

  const lastCardHere = (): OutboundMessage | undefined =>
    [...adapter.sent].reverse().find((s) => s.conversation.conversationId === where.conversationId)?.message;

  const meta = async (name: string, arg: string): Promise<"quit" | void> => {
    switch (name) {
      case "as": {
        const found = await hooks.findUser(arg);
        if (!found) return print(`No one called "${arg}" here.`);
        user = found;
        if (where.kind === "direct") where = { ...where, conversationId: `dm:${user.userId}` };
        return print(`You are now ${found.displayName} (@${found.userId}).`);
      }
      case "in": {
        if (!arg) return print("Usage: :in #group");
        where = { platform: "console", tenantId: tenantRef, conversationId: arg.startsWith("#") ? arg : `#${arg}`, kind: "group" };
        return print(`Now in ${where.conversationId}.`);
      }
      case "dm":
        where = { platform: "console", tenantId: tenantRef, conversationId: `dm:${user.userId}`, kind: "direct" };
        return print("Now in your DM with the bot.");
      case "click": {
        const card = lastCardHere();
        const buttons = card ? buttonsOf(card) : [];
        const chosen = buttons[Number(arg) - 1];
        if (!chosen) return print(buttons.length ? `Pick a button between 1 and ${buttons.length}.` : "The last card here has no buttons.");
        await adapter.sink()(event({ kind: "command", commandLine: chosen.command }));
        return hooks.settle();
      }
      case "upload": {
        const [path = "", ...words] = arg.split(" ");
        if (!path) return print("Usage: :upload <file> [message]");
        const file = await describeLocalFile(path);
        if (!file) return print(`No file at ${path}.`);
        await adapter.sink()(event({ kind: "message", text: words.join(" "), attachments: [file] }));
        return hooks.settle();
      }
      case "render": {
        const card = lastCardHere();
        if (!card) return print("Nothing has been sent here yet.");
        return print(hooks.render(arg || "all", card));
      }
      case "clock": {
        const at = new Date(arg);
        if (!arg || Number.isNaN(at.getTime())) return print("Usage: :clock 2026-12-01T09:00+08:00");
        await hooks.setClock(at);
        print(`🕒 ${at.toISOString()}`);
        return hooks.settle();
      }
      case "job": {
        if (!(await hooks.runJob(arg))) return print(`Unknown job "${arg}". Jobs: tick`);
        return hooks.settle();
      }
      case "quit":
      case "exit":
        return "quit";
      case "help":
        return print(META_HELP);
      default:
        return print(`Unknown meta-command :${name}\n${META_HELP}`);
    }
  };

  return {
    get user() {
      return user;
    },
    get where() {
      return where;
    },
    /** Runs one typed line; resolves once its replies have been printed. Returns "quit" on :quit. */
    async line(raw: string): Promise<"quit" | void> {
      const text = raw.trim();
      if (!text || text.startsWith("//")) return;
      if (text.startsWith(":")) {
        const [name = "", ...rest] = text.slice(1).split(/\s+/);
        return meta(name.toLowerCase(), rest.join(" "));
      }
      await adapter.sink()(event({ kind: "message", text }));
      await hooks.settle();
    },
    prompt(): string {
      return `${user.displayName}${where.kind === "group" ? ` in ${where.conversationId}` : ""}> `;
    },
  };
}

export type ConsoleSession = ReturnType<typeof createConsoleSession>;
