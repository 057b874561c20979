import type { Attachment, ConversationRef, InboundEvent, ReplyRef } from "../../src/core/adapter.js";
import { normalizeEmoji } from "../../src/core/emoji.js";
import { buttonsOf, type OutboundMessage } from "../../src/core/message.js";
import { toPlainText } from "../../src/core/plain-text.js";
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
  ":paste … :end     send the lines in between as one message (a CSV after raci import); pasting on a terminal does it too",
  ":say <text>       say something in the group without addressing the bot (features may still hear it)",
  ":reply <id|last|@person> <text>  reply to a message (the [id] after \"bot →\", last: the bot's last one here, @person: their last one here);",
  "                  in a group it is addressed to the bot only when the text starts with @bot",
  ":react <id|last|@person> <emoji>  put an emoji on a message (ticket, +1, 👍, …); :unreact takes it off",
  ":join <person>…   people join the group you are in",
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
  // What people said in each conversation, newest last, so `:reply @person` and `:react @person` can name it.
  const said = new Map<string, { id: string; userId: string; text: string }[]>();
  /** Lines collected between `:paste` and `:end`; null when not pasting. */
  let pasting: string[] | null = null;

  type Fields =
    | { kind: "message"; text: string; attachments?: Attachment[]; mentionsBot?: boolean; replyTo?: ReplyRef }
    | { kind: "command"; commandLine: string }
    | { kind: "reaction"; messageId: string; rawEmoji: string; added: boolean; authorId?: string }
    | { kind: "members_joined"; userIds: string[] };

  const event = (fields: Fields): InboundEvent => {
    const base = {
      dedupeKey: `line-${process.pid}-${Date.now()}-${++counter}`,
      conversation: where,
      actor: { platform: "console" as const, tenantId: tenantRef, userId: user.userId, displayName: user.displayName, isBot: false },
      receivedAt: new Date().toISOString(),
      raw: null,
    };
    switch (fields.kind) {
      case "message": {
        const messageId = `m${counter}`;
        const here = said.get(where.conversationId) ?? [];
        here.push({ id: messageId, userId: user.userId, text: fields.text });
        said.set(where.conversationId, here.slice(-50));
        return {
          ...base,
          kind: "message",
          messageId,
          text: fields.text,
          mentionsBot: fields.mentionsBot ?? true,
          ...(fields.attachments ? { attachments: fields.attachments } : {}),
          ...(fields.replyTo ? { replyTo: fields.replyTo } : {}),
        };
      }
      case "command":
        return { ...base, kind: "command", commandLine: fields.commandLine, source: "button" };
      case "reaction":
        return { ...base, kind: "reaction", messageId: fields.messageId, emoji: normalizeEmoji(fields.rawEmoji), rawEmoji: fields.rawEmoji, added: fields.added, ...(fields.authorId ? { authorId: fields.authorId } : {}) };
      case "members_joined":
        return { ...base, kind: "members_joined", userIds: fields.userIds };
    }
  };

  const lastHere = () => [...adapter.sent].reverse().find((s) => s.conversation.conversationId === where.conversationId);
  const lastCardHere = (): OutboundMessage | undefined => lastHere()?.message;

  /** A message named by its console id or "last"; its text when the bot sent it. */
  const messageRef = (name: string): ReplyRef | null => {
    // `@person`: their last message here, with its text and its author.
    if (name.startsWith("@")) {
      const theirs = [...(said.get(where.conversationId) ?? [])].reverse().find((m) => m.userId === name.slice(1));
      return theirs ? { messageId: theirs.id, text: theirs.text, authorId: theirs.userId } : null;
    }
    const id = name === "last" ? lastHere()?.id : name;
    if (!id) return null;
    const sent = [...adapter.sent].reverse().find((s) => s.id === id);
    return { messageId: id, ...(sent ? { text: toPlainText(sent.message) } : {}) };
  };

  const send = async (fields: Fields): Promise<void> => {
    await adapter.sink()(event(fields));
    return hooks.settle();
  };

  const meta = async (name: string, arg: string): Promise<"quit" | void> => {
    switch (name) {
      case "as": {
        // `@handle` of no one known: a new person writing for the first time (after an erasure, say).
        const handle = /^@([\w.-]{1,40})$/.exec(arg.trim())?.[1];
        const found = (await hooks.findUser(arg)) ?? (handle ? { userId: handle, displayName: handle } : null);
        if (!found) return print(`No one called "${arg}" here (\`:as @handle\` is someone new).`);
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
      case "say":
        if (!arg) return print("Usage: :say <text>");
        return send({ kind: "message", text: arg, mentionsBot: where.kind === "direct" });
      case "reply": {
        const [target = "", ...words] = arg.split(" ");
        const replyTo = messageRef(target);
        if (!replyTo || words.length === 0) return print(replyTo ? "Usage: :reply <id|last> <text>" : "Nothing to reply to here yet.");
        const text = words.join(" ");
        const addressed = where.kind === "direct" || /^@bot\b/i.test(text);
        return send({ kind: "message", text: text.replace(/^@bot\b\s*/i, ""), mentionsBot: addressed, replyTo });
      }
      case "react":
      case "unreact": {
        const [target = "", emoji = ""] = arg.split(" ");
        const ref = messageRef(target);
        if (!ref || !emoji) return print(ref ? `Usage: :${name} <id|last> <emoji>` : "Nothing to react to here yet.");
        return send({ kind: "reaction", messageId: ref.messageId, rawEmoji: emoji, added: name === "react", ...(ref.authorId ? { authorId: ref.authorId } : {}) });
      }
      case "join": {
        if (where.kind !== "group" || !arg) return print("Usage (in a group): :join <person> [person…]");
        const found = await Promise.all(arg.split(/\s+/).map((who) => hooks.findUser(who)));
        const missing = arg.split(/\s+/).filter((_, i) => !found[i]);
        if (missing.length > 0) return print(`No one called ${missing.map((m) => `"${m}"`).join(", ")} here.`);
        return send({ kind: "members_joined", userIds: found.flatMap((f) => (f ? [f.userId] : [])) });
      }
      case "render": {
        // What the bot handed the notifier, before the console's own degrade step: each platform degrades it its way.
        const last = lastHere();
        const card = last?.original ?? last?.message;
        if (!card) return print("Nothing has been sent here yet.");
        return print(hooks.render(arg || "all", card));
      }
      case "clock": {
        const at = new Date(arg);
        // Date() rolls 2026-02-30 over into March; a day the calendar does not have is refused.
        const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(arg);
        const real = day !== null && new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))).toISOString().slice(0, 10) === day[0];
        if (!arg || Number.isNaN(at.getTime()) || !real) return print(`${arg ? `${arg} is not a real time. ` : ""}Usage: :clock 2026-12-01T09:00+08:00`);
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
      if (pasting !== null) {
        if (raw.trim() !== ":end") {
          pasting.push(raw);
          return;
        }
        const block = pasting.join("\n").trim();
        pasting = null;
        if (!block) return print("Nothing was pasted.");
        await adapter.sink()(event({ kind: "message", text: block }));
        return hooks.settle();
      }
      if (raw.trim() === ":paste") {
        pasting = [];
        return print("Pasting: the next lines are one message; end with :end");
      }
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
