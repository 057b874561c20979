import { sql } from "kysely";
import type { Database } from "../db/database.js";
import type { Locale } from "./i18n.js";

/** The person being erased, and who stands in for them where a record must stay. */
export interface ErasureSubject {
  tenantId: number;
  personId: number;
  /** The tenant's "former member": a task keeps existing, its R becomes them. */
  formerMemberId: number;
  /** Their display name as it was, so that kept texts (a task's history, a posted summary) can be scrubbed of it. */
  displayName: string;
  /** The replacement for the name in kept texts. */
  formerName: string;
}

/** One kind of stored data with a retention period, and how to delete what is past it in small batches. */
export interface RetentionRule {
  /** `standups.answers`, `outbox.delivered` … (the owner's name first). */
  kind: string;
  /** The i18n key of what it is, in people's words ("Stand-up answers"), registered by the owner. */
  labelKey: string;
  defaultDays: number;
  /** Deletes (or blanks) at most `limit` rows of the tenant older than `before`; returns how many. */
  purge(db: Database, tenantId: number, before: Date, limit: number): Promise<number>;
}

/** What an owner of tables keeps about one person, and how it forgets them (PIPL arts. 45 and 47, GDPR 15 and 17). */
export interface PersonalData {
  /** The person's data as readable JSON, grouped by what it is (empty when it keeps nothing about them). */
  export(tenantId: number, personId: number): Promise<Record<string, unknown>>;
  /** Deletes their data, or hands it to the former member where it must stay, inside the caller's transaction. */
  erase(trx: Database, subject: ErasureSubject): Promise<void>;
  /** Why erasing them must wait (the only Accountable of open tasks …), in the reader's language; empty: nothing. */
  holds?(tenantId: number, personId: number, locale: Locale): Promise<string[]>;
  /** What it keeps for a limited time. */
  retention?: readonly RetentionRule[];
}

/** Every owner's personal data, in registration order (erasure runs them in reverse: the people rows go last). */
export interface PersonalDataRegistry {
  register(owner: string, data: PersonalData): void;
  entries(): readonly { owner: string; data: PersonalData }[];
}

export function createPersonalDataRegistry(): PersonalDataRegistry {
  const list: { owner: string; data: PersonalData }[] = [];
  return {
    register(owner, data) {
      if (list.some((e) => e.owner === owner)) throw new Error(`${owner} registered its personal data twice`);
      list.push({ owner, data });
    },
    entries: () => list,
  };
}

/**
 * Scrubs a name from a JSON column of the tenant's rows (called by the table's owner): the kept record stays, the
 * name in it becomes the replacement. `keys` limits it to rows whose `keyColumn` is one of them.
 */
export async function scrubJsonColumn(trx: Database, table: string, column: string, subject: ErasureSubject, keyColumn = "tenant_id", keys: readonly (string | number)[] = [subject.tenantId]): Promise<void> {
  const escaped = JSON.stringify(subject.displayName).slice(1, -1);
  if (!escaped || keys.length === 0) return;
  const replacement = JSON.stringify(subject.formerName).slice(1, -1);
  await sql`update ${sql.table(table)} set ${sql.ref(column)} = replace(${sql.ref(column)}::text, ${escaped}, ${replacement})::jsonb
    where ${sql.ref(keyColumn)} in (${sql.join(keys)}) and strpos(${sql.ref(column)}::text, ${escaped}) > 0`.execute(trx);
}
