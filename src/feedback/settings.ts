import { UserError } from "../core/command.js";
import { hasKey } from "../core/i18n.js";
import { normalizeEmoji } from "../core/emoji.js";
import type { Database } from "../db/database.js";
import { t, type Locale } from "./i18n.js";
import { readModule } from "./model.js";
import type { Priority } from "./schema.js";

export const DEFAULT_MODULES = ["leads", "accounts", "contacts", "opportunities", "quotes", "activities", "reports", "mobile", "integration", "permissions"] as const;
export const DEFAULT_REACTION = "ticket";
/** Untriaged feedback older than this reminds the module's key users, then the PM. */
export const DEFAULT_TARGETS = { urgentHours: 4, otherDays: 2 } as const;

export interface FeedbackSettings {
  modules: string[];
  reaction: string;
  urgentHours: number;
  otherDays: number;
}

export async function settingsOf(db: Database, projectId: number): Promise<FeedbackSettings> {
  const row = await db.selectFrom("feedback_settings").selectAll().where("project_id", "=", projectId).executeTakeFirst();
  return {
    modules: row?.modules ?? [...DEFAULT_MODULES],
    reaction: row?.reaction ?? DEFAULT_REACTION,
    urgentHours: row?.urgent_hours ?? DEFAULT_TARGETS.urgentHours,
    otherDays: row?.other_days ?? DEFAULT_TARGETS.otherDays,
  };
}

export async function saveSettings(db: Database, tenantId: number, projectId: number, next: FeedbackSettings, at: Date): Promise<void> {
  const values = { modules: JSON.stringify(next.modules), reaction: next.reaction, urgent_hours: next.urgentHours, other_days: next.otherDays, updated_at: at };
  await db.insertInto("feedback_settings").values({ project_id: projectId, tenant_id: tenantId, ...values }).onConflict((oc) => oc.column("project_id").doUpdateSet(values)).execute();
}

/** A module's label in the reader's language (a custom module is its own label). */
export function moduleLabel(locale: Locale, module: string | null): string {
  if (!module) return "—";
  const key = `feedback.module.${module}`;
  return hasKey(locale, key) ? t(locale, key) : module;
}

/** A module typed as its name or its label in either language (`线索` or `leads`), or a did-you-mean refusal. */
export function moduleNamed(value: string, modules: readonly string[]): string {
  const wanted = value.trim().toLowerCase();
  for (const m of modules) {
    if ([m, moduleLabel("en", m), moduleLabel("zh-CN", m)].some((name) => name.toLowerCase() === wanted)) return m;
  }
  return readModule(value, modules);
}

/** The reaction emoji as settings keep it (`:ticket:`, `🎫`, `TICKET` → `ticket`). */
export function reactionNamed(value: string): string {
  const name = normalizeEmoji(value);
  if (!/^[\p{L}\p{N}_+\-]{1,40}$/u.test(name)) throw new UserError("feedback.errors.bad_reaction", { value });
  return name;
}

export function readCount(value: string, option: string, max: number): number {
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UserError("feedback.errors.bad_count", { option, value, max });
  return n;
}

/** How long untriaged feedback of a priority may wait, as working time. */
export function targetOf(settings: FeedbackSettings, priority: Priority): { hours: number } | { days: number } {
  return priority === "urgent" ? { hours: settings.urgentHours } : { days: settings.otherDays };
}
