import type { z } from "zod";
import type { ArgLabels } from "./arg-problems.js";
import type { Attachment, CommandSource, ConversationRef } from "./adapter.js";
import type { Locale, Translate } from "./i18n.js";
import type { OutboundMessage } from "./message.js";

export const ROLES = ["sponsor", "pm", "key_user", "admin", "member", "consultant"] as const;
export type Role = (typeof ROLES)[number];

/** The built-in permissions: a role, or "member" (any role in the project). */
export type CorePermission = "anyone" | "member" | "key_user" | "pm" | "sponsor" | "admin";

/** A permission a feature names (`golive.close`), satisfied by the roles it lists in its feature declaration. */
export type FeaturePermission = `${string}.${string}`;

/**
 * Who may run a command. "anyone": no project needed. "member": whatever role they hold in the current project.
 * "key_user", "pm", "sponsor", "admin": that role (or one that includes it, see `rolesSatisfying`). A feature's
 * named permission: the roles it declared for it.
 */
export type Permission = CorePermission | FeaturePermission;

const featurePermissions = new Map<string, { owner: string; roles: readonly Role[] }>();

/**
 * Registers a feature's named permissions (`<feature>.<what>` → roles); a name outside the feature's namespace, an
 * unknown role, or a name registered by another feature is a start-up error.
 */
export function registerPermissions(owner: string, permissions: Readonly<Record<string, readonly string[]>>): void {
  for (const [name, roles] of Object.entries(permissions)) {
    if (!name.startsWith(`${owner}.`)) throw new Error(`permission ${name} of feature ${owner} must be named ${owner}.<what>`);
    const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length > 0) throw new Error(`permission ${name} of feature ${owner} names unknown roles: ${unknown.join(", ")}`);
    const known = featurePermissions.get(name);
    if (known && known.owner !== owner) throw new Error(`permission ${name} is declared by ${known.owner} and ${owner}`);
    featurePermissions.set(name, { owner, roles: roles as readonly Role[] });
  }
}

const SATISFIES: Record<Exclude<CorePermission, "anyone">, readonly Role[]> = {
  member: ROLES,
  key_user: ["key_user", "pm", "admin"],
  pm: ["pm", "admin"],
  sponsor: ["sponsor", "pm", "admin"],
  admin: ["admin"],
};

/** The project roles that satisfy a permission (none for a feature permission nobody registered). */
export function rolesSatisfying(permission: Exclude<Permission, "anyone">): readonly Role[] {
  return permission in SATISFIES ? SATISFIES[permission as Exclude<CorePermission, "anyone">] : (featurePermissions.get(permission)?.roles ?? []);
}

/** True when any of the roles satisfies the permission. */
export function permits(permission: Permission, roles: readonly Role[]): boolean {
  if (permission === "anyone") return true;
  const satisfying = rolesSatisfying(permission);
  return roles.some((r) => satisfying.includes(r));
}

/** True for the built-in permissions, whose names are also role labels (`roles.<permission>`). */
export function isCorePermission(permission: Permission): permission is CorePermission {
  return permission === "anyone" || permission in SATISFIES;
}

/** The person running a command, as the core resolved them. */
export interface CommandActor {
  personId: number;
  displayName: string;
  platform: ConversationRef["platform"];
  userId: string;
}

export interface CommandTenant {
  id: number;
  locale: Locale;
  timezone: string;
}

export interface CommandProject {
  id: number;
  key: string;
  name: string;
}

/** What a command's `run` receives. `S` is the service registry the composition root provides. */
export interface CommandContext<A, S> {
  args: A;
  actor: CommandActor;
  tenant: CommandTenant;
  project: CommandProject | null;
  roles: readonly Role[];
  conversation: ConversationRef;
  source: CommandSource;
  /** The lines after the command's first line, for a command that takes a `body` (a CSV pasted with `raci import`); null otherwise. */
  body: string | null;
  /** Files that came with the command's message (a CSV uploaded with `raci import`). */
  attachments: readonly Attachment[];
  services: S;
  locale: Locale;
  t: Translate;
  now: Date;
  /** Every command spec, for `help`. */
  specs: readonly AnyCommandSpec[];
}

export type CommandResult = string | OutboundMessage | undefined | void;

/** A command: its words, arguments, permission and handler. */
export interface CommandSpec<A, S = unknown> {
  /** Words, e.g. "standup skip"; the longest matching name or alias wins. */
  name: string;
  aliases?: string[];
  /** i18n key of a one-line summary. */
  summary: string;
  args: z.ZodType<A>;
  /**
   * How each argument is named to people (i18n keys), where the shared `args.names.<arg>` does not fit: argument
   * errors read "Due date (--due): …" in the person's language, and an enum lists its choices translated.
   */
  labels?: ArgLabels;
  /** Argument names filled from positional words, in order; the last takes the rest of the line. */
  positional?: string[];
  /** One-letter flags and the argument each stands for, e.g. { y: "yesterday" } for `-y`. */
  short?: Record<string, string>;
  examples: string[];
  permission: Permission;
  /** "tenant": needs no current project; a tenant admin (admin of any project) may run it. Default "project". */
  scope?: "project" | "tenant";
  /**
   * Whether the lines after the first line of a multi-line message are a block of text for the command (`body`)
   * rather than more words: `raci import` with a CSV pasted in the same message.
   */
  body?: boolean;
  /** Whether a "yes/no" confirmation is asked before running. */
  confirm?: boolean;
  /**
   * Runs before the confirmation is asked (after the permission check): throwing a UserError answers at once, so
   * nobody is asked to confirm removing someone who does not exist.
   */
  check?(ctx: CommandContext<A, S>): Promise<void> | void;
  /** Whether the command changes state (audited). Defaults to true unless the permission is "anyone". */
  mutates?: boolean;
  /** Hidden from `help` listings (still runnable). */
  hidden?: boolean;
  run(ctx: CommandContext<A, S>): Promise<CommandResult> | CommandResult;
}

/** A spec with its argument type erased, as the registry stores it. */
export type AnyCommandSpec = CommandSpec<unknown, unknown>;

/** Declares a command; identity at runtime, typed at compile time. */
export function defineCommand<A, S>(spec: CommandSpec<A, S>): CommandSpec<A, S> {
  return spec;
}

/** An error a command throws to answer the person with a translated message instead of failing. */
export class UserError extends Error {
  constructor(
    readonly key: string,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = "UserError";
  }
}

/**
 * A UserError for "you may not do this here" decided inside a command (e.g. only a task's R, A or a PM may
 * close it): the dispatcher audits it as a refusal, like a missing role.
 */
export class RefusalError extends UserError {
  constructor(key: string, vars: Record<string, string | number> = {}, readonly details: Record<string, unknown> = {}) {
    super(key, vars);
    this.name = "RefusalError";
  }
}
