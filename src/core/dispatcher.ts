import type { Attachment, ConversationRef, InboundEvent } from "./adapter.js";
import { isTransientError } from "./transient.js";
import { attachmentLabel } from "./attachments.js";
import type { Clock } from "./clock.js";
import { conversationScope } from "./conversation-scope.js";
import { createHookRunner } from "./hook-runner.js";
import type { FeatureHooks, SentMessageLookup } from "./hooks.js";
import { permits, RefusalError, rolesSatisfying, UserError, type AnyCommandSpec, type CommandActor, type CommandProject, type CommandResult, type CommandTenant, type Role } from "./command.js";
import { translator, type Locale, type Translate } from "./i18n.js";
import { inboundKey } from "./ingest.js";
import { actions, button, plain, type OutboundMessage } from "./message.js";
import { parseCommandLine, type CommandRegistry } from "./parse.js";
import { readReply, type PendingStore } from "./pending.js";
import { localDate } from "./relative-dates.js";
import { suggest } from "./suggest.js";
import { usageMessage } from "./usage.js";

/** Who is asking, in which tenant and project, as the composition root resolves it. */
export interface ResolvedContext {
  tenant: CommandTenant;
  actor: CommandActor;
  project: CommandProject | null;
  roles: readonly Role[];
  tenantAdmin: boolean;
  locale: Locale;
  /** The person's time zone (else their team's, their project's, the tenant's): relative dates are read in it. */
  timezone?: string;
  /** Scopes where the person has a live guided conversation, when the resolver read them; else conversationOpen is asked. */
  openScopes?: readonly string[];
}

export type DispatchOutcome = "ok" | "refused" | "invalid" | "unknown" | "error" | "ignored" | "duplicate" | "cancelled" | "confirm";

export interface DispatcherAudit {
  tenantId: number;
  personId: number;
  projectId: number | null;
  action: string;
  outcome: "ok" | "refused" | "invalid" | "error" | "cancelled";
  details?: Record<string, unknown>;
  conversation: ConversationRef;
}

/**
 * A conversation a feature holds with a person (a guided stand-up in their DM, a question asked in a group): it sees
 * typed lines before the parser. `scope` says where the line was typed (conversationScope: "direct" for any DM, else
 * the group); a handler looks its conversation up under that scope, so a group line reaches only a conversation
 * started in that group with that person.
 */
export interface ConversationHandler {
  /** A reply when the line belonged to the conversation; null lets the dispatcher parse it as usual. */
  take(input: { event: InboundEvent; text: string; tenantId: number; personId: number; locale: Locale; scope: string }): Promise<OutboundMessage | string | null>;
}

export interface DispatcherDeps<S> {
  registry: CommandRegistry;
  services: S;
  clock: Clock;
  pending: PendingStore;
  /** Consulted in order for typed messages (DMs and groups) after pending replies; the first that takes the line answers it. */
  conversations?: readonly ConversationHandler[];
  /** Whether the person has a guided conversation open in this scope: when not, the handlers are not asked (one query, not one per handler). */
  conversationOpen?(tenantId: number, personId: number, scope: string): Promise<boolean>;
  /** What features observe besides commands: group messages, replies, reactions, members joining. */
  hooks?: readonly FeatureHooks[];
  /** Finds the outbox key of a message the bot sent; without it, hooks never learn that a message was the bot's. */
  findSent?: SentMessageLookup;
  /** Resolves tenant, person, project and roles; null when the tenant is unknown (the event is refused). */
  resolve(event: InboundEvent): Promise<ResolvedContext | null>;
  reply(event: InboundEvent, message: OutboundMessage, key: string): Promise<void>;
  audit(entry: DispatcherAudit): Promise<void>;
  onOutcome?(command: string, outcome: DispatchOutcome): void;
  onError?(error: unknown, command: string): void;
}

interface Line {
  text: string;
  source: "slash" | "button" | "menu" | "typed" | "form";
  confirmed: boolean;
  attachments: readonly Attachment[];
}

/**
 * The roles that may run a command, as a refusal names them: every project role that satisfies the permission (a
 * PM may run what needs the sponsor), "or"-joined in the person's language; admin only when it alone does.
 */
export function refusedRoles(permission: AnyCommandSpec["permission"], t: Translate, locale: Locale): string {
  if (permission === "member" || permission === "anyone") return t(`roles.${permission}`);
  const roles = rolesSatisfying(permission);
  const named = roles.length > 1 ? roles.filter((r) => r !== "admin") : roles;
  return new Intl.ListFormat(locale, { type: "disjunction" }).format(named.map((r) => t(`roles.${r}`)));
}

/** The longest command line a reply quotes back (a 20,000-character line is not echoed across messages). */
const QUOTED_LINE_MAX = 200;

/** A command line as a reply quotes it: cut at its first line break and at QUOTED_LINE_MAX characters. */
export function shortLine(line: string, max = QUOTED_LINE_MAX): string {
  const first = line.split(/\r?\n/, 1)[0] ?? "";
  const chars = [...first];
  if (chars.length > max) return `${chars.slice(0, max - 1).join("")}…`;
  return first.length < line.trimEnd().length ? `${first} …` : first;
}

/** The command core: pending replies → parse → authorise → confirm → run → reply. */
export function createDispatcher<S>(deps: DispatcherDeps<S>) {
  const { registry, pending } = deps;

  const say = (event: InboundEvent, locale: Locale, message: OutboundMessage | string, suffix = ""): Promise<void> => {
    const msg = typeof message === "string" ? plain(message) : message;
    // Scoped like the ingest key: two tenants (or platforms) may use the same event id.
    return deps.reply(event, { ...msg, locale: msg.locale ?? locale }, `reply:${inboundKey(event)}${suffix}`);
  };

  const unknownCommand = (words: string, t: Translate): OutboundMessage => {
    const candidates = registry.allWords().filter((w) => !w.spec.hidden).map((w) => w.words);
    const close = suggest(words, candidates);
    const lines = [t("dispatch.unknown", { words: shortLine(words, 60) })];
    if (close.length > 0) lines.push(t("dispatch.did_you_mean", { commands: close.map((c) => `\`${c}\``).join(", ") }));
    lines.push(t("dispatch.help_hint"));
    const buttons = close.slice(0, 3).map((c) => button(c, `help ${c}`));
    return buttons.length > 0 ? { blocks: [{ type: "text", markdown: lines.join("\n") }, actions(...buttons)] } : plain(lines.join("\n"));
  };

  /** Turns an event into a line to run, or null when it is not addressed to the bot. */
  const lineOf = async (event: InboundEvent, ctx: ResolvedContext, t: Translate): Promise<Line | null | "answered"> => {
    if (event.kind === "members_joined" || event.kind === "reaction") return null;
    const text = event.kind === "command" ? event.commandLine : event.text;
    const source = event.kind === "command" ? event.source : "typed";
    const answer = readReply(text);
    const waiting = answer ? await pending.get(event.conversation, event.actor.userId) : null;
    if (answer && waiting) {
      if (waiting.kind === "choices" && answer.kind === "number") {
        const chosen = waiting.commands[answer.n - 1];
        if (chosen === undefined) {
          await say(event, ctx.locale, t("dispatch.pick_between", { max: waiting.commands.length }));
          return "answered";
        }
        return { text: chosen, source: "button", confirmed: false, attachments: [] };
      }
      if (waiting.kind === "confirm" && answer.kind !== "number") {
        await pending.clear(event.conversation, event.actor.userId);
        if (answer.kind === "yes") return { text: waiting.commandLine, source, confirmed: true, attachments: [] };
        await say(event, ctx.locale, t("dispatch.cancelled"));
        deps.onOutcome?.("confirm", "cancelled");
        return "answered";
      }
    }
    if (event.kind === "message") {
      const scope = conversationScope(event.conversation);
      const open = ctx.openScopes ? ctx.openScopes.includes(scope) : deps.conversationOpen ? await deps.conversationOpen(ctx.tenant.id, ctx.actor.personId, scope) : true;
      for (const handler of open ? (deps.conversations ?? []) : []) {
        const taken = await handler.take({ event, text, tenantId: ctx.tenant.id, personId: ctx.actor.personId, locale: ctx.locale, scope });
        if (taken === null) continue;
        await say(event, ctx.locale, taken);
        return "answered";
      }
    }
    if (event.kind === "message" && event.conversation.kind === "group" && !event.mentionsBot) return null;
    const attachments = event.attachments ?? [];
    if (attachments.length > 0 && text.trim() === "") {
      await say(event, ctx.locale, t("dispatch.file_without_command", { name: attachments.map((a) => attachmentLabel(a, t)).join(", ") }));
      return "answered";
    }
    return { text, source, confirmed: false, attachments };
  };

  const run = async (event: InboundEvent, ctx: ResolvedContext, spec: AnyCommandSpec, args: unknown, body: string | null, line: Line, t: Translate): Promise<DispatchOutcome> => {
    const auditBase = { tenantId: ctx.tenant.id, personId: ctx.actor.personId, projectId: ctx.project?.id ?? null, action: spec.name, conversation: event.conversation };
    const tenantScoped = spec.scope === "tenant";
    if (!tenantScoped && spec.permission !== "anyone" && !ctx.project) {
      await say(event, ctx.locale, t("dispatch.no_project"));
      return "invalid";
    }
    const allowed = tenantScoped ? spec.permission === "anyone" || ctx.tenantAdmin || permits(spec.permission, ctx.roles) : permits(spec.permission, ctx.roles);
    if (!allowed) {
      await deps.audit({ ...auditBase, outcome: "refused", details: { permission: spec.permission, roles: [...ctx.roles] } });
      const role = refusedRoles(spec.permission, t, ctx.locale);
      await say(event, ctx.locale, t("dispatch.refused", { command: spec.name, role }));
      return "refused";
    }
    const context = {
      args,
      actor: ctx.actor,
      tenant: ctx.tenant,
      project: ctx.project,
      roles: ctx.roles,
      conversation: event.conversation,
      source: line.source,
      body,
      attachments: line.attachments,
      services: deps.services,
      locale: ctx.locale,
      t,
      now: deps.clock.now(),
      specs: registry.specs,
    };
    let result: CommandResult;
    try {
      if (spec.confirm && !line.confirmed) {
        await spec.check?.(context);
        await pending.set(event.conversation, event.actor.userId, { kind: "confirm", commandLine: line.text });
        await say(event, ctx.locale, {
          blocks: [{ type: "text", markdown: t("dispatch.confirm", { command: shortLine(line.text) }) }, actions(button(t("dispatch.yes"), "yes", "danger"), button(t("dispatch.no"), "no"))],
        });
        return "confirm";
      }
      result = await spec.run(context);
    } catch (error) {
      if (error instanceof RefusalError) {
        await say(event, ctx.locale, t(error.key, error.vars));
        await deps.audit({ ...auditBase, outcome: "refused", details: { reason: error.key, ...error.details } });
        return "refused";
      }
      if (error instanceof UserError) {
        await say(event, ctx.locale, t(error.key, error.vars));
        await deps.audit({ ...auditBase, outcome: "invalid", details: { reason: error.key } });
        return "invalid";
      }
      // The database or queue went away: fail the job, whose retry runs the event again once they are back.
      if (isTransientError(error)) throw error;
      deps.onError?.(error, spec.name);
      await deps.audit({ ...auditBase, outcome: "error", details: { error: error instanceof Error ? error.name : "unknown" } });
      await say(event, ctx.locale, t("dispatch.crashed", { command: spec.name }));
      return "error";
    }
    if (spec.mutates ?? spec.permission !== "anyone") await deps.audit({ ...auditBase, outcome: "ok", details: { args: args as Record<string, unknown> } });
    if (result !== undefined && result !== null) await say(event, ctx.locale, result);
    return "ok";
  };

  const hooks = createHookRunner({ hooks: deps.hooks ?? [], say, ...(deps.findSent ? { findSent: deps.findSent } : {}), ...(deps.onError ? { onError: deps.onError } : {}) });

  /** The command path: pending replies → conversations → parse → authorise → confirm → run → reply. */
  const command = async (event: InboundEvent, ctx: ResolvedContext): Promise<DispatchOutcome> => {
    const t = translator(ctx.locale);
    const line = await lineOf(event, ctx, t);
    if (line === null) return "ignored";
    if (line === "answered") return "ok";
    const parsed = parseCommandLine(registry, line.text, ctx.locale, localDate(deps.clock.now(), ctx.timezone ?? ctx.tenant.timezone));
    if (!parsed.ok) {
      if (parsed.reason === "empty") await say(event, ctx.locale, t("dispatch.help_hint"));
      else if (parsed.reason === "unknown") await say(event, ctx.locale, unknownCommand(parsed.words, t));
      else await say(event, ctx.locale, usageMessage(parsed.spec, t, parsed.problems));
      const outcome = parsed.reason === "bad_args" ? "invalid" : "unknown";
      deps.onOutcome?.(parsed.reason === "bad_args" ? parsed.spec.name : "(unknown)", outcome);
      return outcome;
    }
    if (line.source === "button") await pending.clear(event.conversation, event.actor.userId);
    const outcome = await run(event, ctx, parsed.spec, parsed.args, parsed.body, line, t);
    deps.onOutcome?.(parsed.spec.name, outcome);
    return outcome;
  };

  return {
    /**
     * Handles one inbound event end to end; never throws for a person's mistake. Messages run as commands where they
     * are addressed to the bot, then reach the hooks that observe them; reactions and joins reach only hooks.
     */
    async handle(event: InboundEvent): Promise<DispatchOutcome> {
      if (event.actor.isBot) return "ignored";
      const ctx = await deps.resolve(event);
      if (!ctx) return "ignored";
      if (event.kind === "reaction" || event.kind === "members_joined") return (await hooks.observe(event, ctx)) ? "ok" : "ignored";
      const outcome = await command(event, ctx);
      await hooks.observe(event, ctx);
      return outcome;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
