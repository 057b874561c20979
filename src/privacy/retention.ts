import { UserError } from "../core/command.js";
import { fields, message, text, type OutboundMessage } from "../core/message.js";
import type { RetentionRule } from "../core/personal-data.js";
import { suggest } from "../core/suggest.js";
import type { Database } from "../db/database.js";
import type { Logger } from "../logger.js";
import type { CoreServices } from "../services.js";
import { t, type Locale } from "./i18n.js";

/** Rows a purge deletes per statement: short statements, no long locks. */
export const PURGE_BATCH = 500;
const MAX_BATCHES_PER_RUN = 400;
export const MIN_DAYS = 1;
export const MAX_DAYS = 3650;

/** Retention per kind of data: the owners' defaults, a tenant's own periods, and the daily purge. */
export function createRetention(deps: { db: Database; core: CoreServices; logger: Logger }) {
  const { db, core } = deps;
  const rules = (): RetentionRule[] => core.personalData.entries().flatMap((e) => e.data.retention ?? []);

  const periods = async (tenantId: number): Promise<Map<string, number>> => {
    const rows = await db.selectFrom("privacy_retention").select(["kind", "days"]).where("tenant_id", "=", tenantId).execute();
    return new Map(rows.map((r) => [r.kind, r.days]));
  };

  const show = async (tenantId: number, locale: Locale): Promise<OutboundMessage> => {
    const own = await periods(tenantId);
    const lines: [string, string][] = rules().map((rule) => {
      const days = own.get(rule.kind) ?? rule.defaultDays;
      const label = `${t(locale, rule.labelKey)} (\`${rule.kind}\`)`;
      return [label, t(locale, own.has(rule.kind) ? "privacy.retention.days_set" : "privacy.retention.days_default", { days })];
    });
    lines.push([t(locale, "privacy.retention.dedupe_label"), t(locale, "privacy.retention.dedupe_value")]);
    return message(t(locale, "privacy.retention.title"), fields(lines), text(t(locale, "privacy.retention.how")));
  };

  return {
    show,

    async set(who: { tenantId: number; personId: number; locale: Locale }, kind: string, days: number): Promise<OutboundMessage> {
      const rule = rules().find((r) => r.kind === kind);
      if (!rule) {
        const suggestion = suggest(kind, rules().map((r) => r.kind), 1)[0];
        throw new UserError(suggestion ? "privacy.errors.unknown_kind_suggest" : "privacy.errors.unknown_kind", { kind, suggestion: suggestion ?? "", kinds: rules().map((r) => r.kind).join(", ") });
      }
      if (!Number.isInteger(days) || days < MIN_DAYS || days > MAX_DAYS) throw new UserError("privacy.errors.bad_days", { days: String(days), min: MIN_DAYS, max: MAX_DAYS });
      await db
        .insertInto("privacy_retention")
        .values({ tenant_id: who.tenantId, kind, days, updated_by: who.personId, updated_at: new Date() })
        .onConflict((oc) => oc.columns(["tenant_id", "kind"]).doUpdateSet({ days, updated_by: who.personId, updated_at: new Date() }))
        .execute();
      return show(who.tenantId, who.locale);
    },

    /** Deletes what is past retention for one tenant, a batch per statement; returns rows per kind. */
    async purge(tenantId: number, now: Date): Promise<Record<string, number>> {
      const own = await periods(tenantId);
      const done: Record<string, number> = {};
      for (const rule of rules()) {
        const before = new Date(now.getTime() - (own.get(rule.kind) ?? rule.defaultDays) * 86_400_000);
        let total = 0;
        for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
          const n = await rule.purge(db, tenantId, before, PURGE_BATCH);
          total += n;
          if (n < PURGE_BATCH) break;
        }
        done[rule.kind] = total;
      }
      deps.logger.info({ tenant: tenantId, purged: done }, "retention purge");
      return done;
    },
  };
}
